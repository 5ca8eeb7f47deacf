using System.Net;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Server.Tests;

/// <summary>
/// Issue 14: a client generated from the OpenAPI document (NSwag) is usable. The generated file is committed
/// (Generated/SupplyGraphApiClient.cs) and checked here to be what the current document generates, so it cannot go
/// stale; SUPPLYGRAPH_REGENERATE_CLIENT=1 rewrites it.
/// </summary>
public sealed class GeneratedClientTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private static string GeneratedFile => Path.Combine(RepoPaths.Root, "tests", "SupplyGraph.Server.Tests", "Generated", "SupplyGraphApiClient.cs");

    private Generated.SupplyGraphApiClient Client()
    {
        var http = factory.Client(ServerFactory.ReaderKey);
        return new Generated.SupplyGraphApiClient(http);
    }

    [Fact]
    public async Task GeneratedClient_Paths_SugonToNettrix_ComesBackTypedWithEvidence()
    {
        var answer = await Client().ApiPathsAsync("sugon", "nettrix");
        var path = Assert.Single(answer.Paths);
        Assert.Equal("sugon", path.Nodes.First().Id);
        Assert.Equal("nettrix", path.Nodes.Last().Id);
        Assert.Equal(path.Hops.Count + 1, path.Nodes.Count);
        Assert.All(path.Hops, hop =>
        {
            Assert.False(string.IsNullOrWhiteSpace(hop.Relationship.Provenance.Source));
            Assert.InRange(hop.Relationship.Provenance.Confidence, 0.01, 1);
        });
        Assert.False(answer.Truncated);
    }

    [Fact]
    public async Task GeneratedClient_BadQuery_ThrowsTheProblemNamingTheField()
    {
        var problem = await Assert.ThrowsAsync<Generated.ApiException<Generated.ApiProblem>>(() => Client().ApiPathsAsync("sugon", "nettrix", maxHops: 99));
        Assert.Equal(400, problem.StatusCode);
        Assert.Equal("maxHops", problem.Result.Field);
        Assert.Equal("'maxHops' must be a whole number from 1 to 10", problem.Result.Detail);
    }

    [Fact]
    public async Task GeneratedClient_ScreeningResults_ComeBackTypedWithVerdictAndTheRulesChainWithEvidence()
    {
        // A new company 60 % owned by Sugon (on the Entity List): the BIS affiliates rule covers it through that stake.
        var batch = await factory.Client(ServerFactory.EditorKey).PostAsync(new Uri("/api/batches", UriKind.Relative), new StringContent("""
            {"entities": [{"id": "harbour-optics", "labels": ["Company"], "name": "Harbour Precision Optics Ltd", "country": "United Kingdom"}],
             "relationships": [{"id": "sugon-owns-harbour", "type": "OWNS", "from": "sugon", "to": "harbour-optics", "share": 0.6,
               "provenance": {"source": "companies-register-extract.pdf", "quote": "Sugon holds 60% of the shares", "confidence": 0.9}}]}
            """, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(batch.IsSuccessStatusCode, await batch.Content.ReadAsStringAsync());
        var editor = new Generated.SupplyGraphApiClient(factory.Client(ServerFactory.EditorKey));
        var started = await editor.ApiScreeningsPostAsync(new Generated.ScreeningRequest
        {
            Input = "typed.csv",
            Csv = "id,name,country\nC1,Sugon,China\nC2,Harbour Precision Optics Ltd,United Kingdom\nC3,Nobody Known Trading Ltd,Iceland\n",
            K = 1,
            Rules = ["ofac", "bis"],
        });
        Assert.Equal(Generated.SavedScreeningStatus.Queued, started.Status);
        var until = DateTime.UtcNow.AddSeconds(60);
        while ((await editor.ApiScreeningsGetAsync(started.Id)).Status != Generated.SavedScreeningStatus.Done)
        {
            Assert.True(DateTime.UtcNow < until, "the screening did not finish");
            await Task.Delay(100);
        }

        var rows = (await Client().ApiScreeningsResultsAsync(started.Id)).Rows.ToList();
        Assert.Equal([Generated.ScreeningRowResultVerdict.Listed, Generated.ScreeningRowResultVerdict.Covered, Generated.ScreeningRowResultVerdict.NoMatch], rows.Select(r => r.Verdict));
        var rule = rows[1].Rules.Single(r => r.Rule == "bis-affiliates");
        Assert.Equal(Generated.ScreeningRuleVerdictStatus.Blocked, rule.Status);
        var step = Assert.Single(rule.Chain);
        Assert.Equal(("sugon", "harbour-optics", "60%"), (step.Owner, step.Owned, step.Share));
        Assert.Equal(("companies-register-extract.pdf", "Sugon holds 60% of the shares"), (step.Evidence.Source, step.Evidence.Quote));
        Assert.Equal(Generated.ScreeningMatchOutcome.NoMatch, rows[2].Match.Outcome);
    }

    [Fact]
    public async Task GeneratedClient_IsWhatTheCurrentDocumentGenerates()
    {
        var response = await factory.Client(null).GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await OpenApiDocument.FromJsonAsync(await response.Content.ReadAsStringAsync());
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "SupplyGraphApiClient",
            GenerateClientInterfaces = false,
            UseBaseUrl = false,
            GenerateOptionalParameters = true,
            OperationNameGenerator = new NSwag.CodeGeneration.OperationNameGenerators.SingleClientFromPathSegmentsOperationNameGenerator(),
        };
        settings.CSharpGeneratorSettings.Namespace = "SupplyGraph.Server.Tests.Generated";
        settings.CSharpGeneratorSettings.JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson;
        // System.Text.Json ignores [EnumMember]: from version 9 the generator also writes [JsonStringEnumMemberName], so
        // the screening words (no-match, possibly-blocked, false-positive) read back.
        settings.CSharpGeneratorSettings.JsonLibraryVersion = 10.0m;
        settings.CSharpGeneratorSettings.TypeNameGenerator = new TitleFirstTypeNames();
        var code = new CSharpClientGenerator(document, settings).GenerateFile().ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("SUPPLYGRAPH_REGENERATE_CLIENT") == "1")
        {
            await File.WriteAllTextAsync(GeneratedFile, code);
        }

        var committed = File.Exists(GeneratedFile) ? (await File.ReadAllTextAsync(GeneratedFile)).ReplaceLineEndings("\n") : "";
        Assert.True(committed == code, "the committed client differs from what the document generates: run this test with SUPPLYGRAPH_REGENERATE_CLIENT=1 and commit Generated/SupplyGraphApiClient.cs");
    }

    /// <summary>Names a class after its schema's title when it has one (the screening schemas' inline parts), else as NSwag does.</summary>
    private sealed class TitleFirstTypeNames : NJsonSchema.DefaultTypeNameGenerator
    {
        public override string Generate(NJsonSchema.JsonSchema schema, string? typeNameHint, IEnumerable<string> reservedTypeNames) =>
            base.Generate(schema, schema.HasTypeNameTitle ? schema.Title : typeNameHint, reservedTypeNames);
    }
}
