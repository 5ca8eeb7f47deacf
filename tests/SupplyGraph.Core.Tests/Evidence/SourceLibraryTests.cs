using System.Text.Json;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Evidence;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests.Evidence;

/// <summary>The seed's source catalog against the seed's own provenances, and locating a quote in a served text.</summary>
public sealed class SourceLibraryTests
{
    private static readonly SourceLibrary Seed = SourceLibrary.Load(Path.Combine(RepoPaths.Seed, SourceLibrary.FolderName));

    /// <summary>Every provenance (source, record, quote) written in the seed's JSON files.</summary>
    private static IEnumerable<(string File, string Source, string? Record, string? Quote)> SeedProvenances()
    {
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Seed, "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var p in Walk(doc.RootElement))
            {
                yield return (Path.GetFileName(file), p.GetProperty("source").GetString()!,
                    p.TryGetProperty("record", out var r) ? r.GetString() : null, p.TryGetProperty("quote", out var q) ? q.GetString() : null);
            }
        }
    }

    private static IEnumerable<JsonElement> Walk(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.Name is "provenance" && p.Value.ValueKind == JsonValueKind.Object)
                {
                    yield return p.Value;
                }
                else if (p.Name is "sources" && p.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var s in p.Value.EnumerateArray())
                    {
                        yield return s;
                    }
                }
                else
                {
                    foreach (var inner in Walk(p.Value))
                    {
                        yield return inner;
                    }
                }
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                foreach (var inner in Walk(item))
                {
                    yield return inner;
                }
            }
        }
    }

    [Fact]
    public void SeedCatalog_EveryQuotedDocumentProvenance_IsFoundInItsDocumentWithATitle()
    {
        var provenances = SeedProvenances().Where(p => p.File == "10-documents.json").ToList();
        Assert.True(provenances.Count > 50, "the documents file cites its documents");
        foreach (var (_, source, _, quote) in provenances)
        {
            var info = Seed.ForProvenance(source);
            Assert.True(info is { Kind: SourceInfo.Document }, $"no catalogued document for '{source}'");
            Assert.DoesNotContain(".txt", info.Title, StringComparison.Ordinal);
            if (quote is not null)
            {
                var content = Seed.Read(info.Id, null, quote, 1_000_000);
                var span = Assert.Single(content.Highlights.Take(1));
                Assert.Equal(Fold(quote), Fold(content.Text.Substring(span.Start, span.Length)));
            }
        }
    }

    [Fact]
    public void SeedCatalog_ListsFileProvenances_OpenTheirRecordWithTheQuotedAgency()
    {
        var provenances = SeedProvenances().Where(p => p.Source == "lists.json").ToList();
        Assert.NotEmpty(provenances);
        foreach (var (_, source, record, quote) in provenances)
        {
            var content = Seed.Read(Seed.ForProvenance(source)!.Id, record, quote, 1_000_000);
            Assert.Contains($"id: {record}\n", content.Text, StringComparison.Ordinal);
            Assert.NotEmpty(content.Highlights);
        }
    }

    [Fact]
    public void SeedCatalog_DocumentsAndListsFile_AreTheSharedFilesAsPublished()
    {
        foreach (var name in new[] { "000_cd6d46bbc18b30b2.txt", "001_cdbedb73864a055a.txt", "002_c5c72e4055b27f40.txt" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Shared, "seeds", name)), File.ReadAllBytes(Path.Combine(RepoPaths.Seed, "sources", name)));
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Shared, "data", "entity-lists", "lists.json")), File.ReadAllBytes(Path.Combine(RepoPaths.Seed, "sources", "lists.json")));
    }

    [Fact]
    public async Task SeedCatalog_EveryListingOfTheSeededStore_OpensItsListRecordWithTheCitationHighlighted()
    {
        using var folder = new TempFolder();
        await using var store = await GraphSeed.OpenOrCreateAsync(folder.Path, RepoPaths.Seed);
        var listings = (await store.GetRelationshipsAsync("sugon", Direction.Out)).Where(r => r.Type == RelationshipTypes.ListedOn).ToList();
        Assert.NotEmpty(listings);
        foreach (var r in listings)
        {
            var p = r.Provenance;
            var info = Seed.ForProvenance(p.Source);
            Assert.True(info is { Kind: SourceInfo.Dataset }, $"no catalogued dataset for '{p.Source}'");
            var content = Seed.Read(info.Id, p.Record, p.Quote, 1_000_000);
            Assert.StartsWith("name: ", content.Text, StringComparison.Ordinal);

            // An entry without a Federal Register citation (NS-CMIC's) has no quote to mark.
            if (!string.IsNullOrEmpty(p.Quote))
            {
                Assert.Equal(Fold(p.Quote), Fold(content.Text.Substring(content.Highlights[0].Start, content.Highlights[0].Length)));
            }
        }
    }

    [Theory]
    // A quote across a line break and a double space in the text.
    [InlineData("one two\n  three four", "two three", 4, 11)]
    // The same quote with its own odd spacing.
    [InlineData("one two three", "  two   three ", 4, 9)]
    // Case differs: found by the second pass.
    [InlineData("The Entity List", "entity list", 4, 11)]
    public void FindQuote_WhiteSpaceRunsAndCase_MapToTheTextsOwnIndexes(string text, string quote, int start, int length) =>
        Assert.Equal(new QuoteSpan(start, length), Assert.Single(SourceLibrary.FindQuote(text, quote)));

    [Fact]
    public void FindQuote_NotInTheText_FindsNothing() => Assert.Empty(SourceLibrary.FindQuote("one two three", "two four"));

    [Fact]
    public void Read_UnknownSourceOrRecord_NamesTheField()
    {
        Assert.Equal("id", Assert.Throws<SourceNotFoundException>(() => Seed.Read("../README.md", null, null, 100)).Field);
        Assert.Equal("record", Assert.Throws<SourceNotFoundException>(() => Seed.Read("20-bis-entity-list.json", "entities[999999]", null, 100)).Field);
        Assert.Equal("record", Assert.Throws<ArgumentException>(() => Seed.Read("20-bis-entity-list.json", null, null, 100)).ParamName);
    }

    [Fact]
    public void Read_LongerThanTheLimit_IsCutAndSaysSoAndHighlightsOnlyWhatIsServed()
    {
        var content = Seed.Read("002_c5c72e4055b27f40.txt", null, "Sugon", 100);
        Assert.True(content.Truncated);
        Assert.Equal(100, content.Text.Length);
        Assert.Empty(content.Highlights);
    }

    private static string Fold(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
