using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SupplyGraph.Core.Tests.Support;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Tests;

/// <summary>
/// Issue 14: the OpenAPI document is the contract a generated client is built from, so every operation the app maps
/// must say what it reads (typed), what it answers and which problems it can give. The operations are taken from the
/// app's own endpoints, so a new endpoint without its description fails here.
/// </summary>
public sealed class OpenApiContractTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private static readonly Type[] QueryTypes = [typeof(string), typeof(int), typeof(long), typeof(bool), typeof(DateOnly), typeof(string[]), typeof(Apis.DirectionParameter)];

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await factory.Client(ServerFactory.ReaderKey).GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private IEnumerable<RouteEndpoint> ApiEndpoints() =>
        factory.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null
                && e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true }
                && e.RoutePattern.RawText is { } raw && !raw.StartsWith("/hubs", StringComparison.Ordinal) && !raw.StartsWith("/openapi", StringComparison.Ordinal));

    [Fact]
    public async Task OpenApi_EveryMappedOperation_HasSummaryTypedParametersBodySchemaAndProblems()
    {
        var doc = await DocumentAsync();
        var paths = doc.GetProperty("paths");
        var problems = new List<string>();
        var endpoints = ApiEndpoints().ToList();
        Assert.True(endpoints.Count >= 30, $"only {endpoints.Count} endpoints found");
        foreach (var endpoint in endpoints)
        {
            var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/').Replace(":int", "", StringComparison.Ordinal).TrimEnd('/');
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)
            {
                var name = $"{method} {template}";
                if (!paths.TryGetProperty(template, out var path) || !path.TryGetProperty(method.ToLowerInvariant(), out var op))
                {
                    problems.Add($"{name}: not in the document");
                    continue;
                }

                problems.AddRange(Check(name, endpoint, op).Select(p => $"{name}: {p}"));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static IEnumerable<string> Check(string name, RouteEndpoint endpoint, JsonElement op)
    {
        foreach (var field in new[] { "summary", "description" })
        {
            if (!op.TryGetProperty(field, out var text) || string.IsNullOrWhiteSpace(text.GetString()))
            {
                yield return $"no {field}";
            }
        }

        var documented = op.TryGetProperty("parameters", out var ps)
            ? ps.EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p)
            : [];
        foreach (var p in documented.Values)
        {
            var schema = p.GetProperty("schema");
            if (!schema.TryGetProperty("type", out _) && !schema.TryGetProperty("$ref", out _))
            {
                yield return $"parameter {p.GetProperty("name")} has no type";
            }

            if (p.GetProperty("in").GetString() == "query" && !p.TryGetProperty("description", out _))
            {
                yield return $"parameter {p.GetProperty("name")} has no description";
            }
        }

        foreach (var routeParameter in endpoint.RoutePattern.Parameters)
        {
            if (!documented.ContainsKey(routeParameter.Name))
            {
                yield return $"route parameter {routeParameter.Name} not declared";
            }
        }

        var handler = endpoint.Metadata.GetMetadata<MethodInfo>();
        var reads = handler is null ? [] : QueryParameters(handler.GetParameters()).ToList();
        foreach (var read in reads)
        {
            if (!documented.ContainsKey(read))
            {
                yield return $"reads '{read}' but does not declare it";
            }
        }

        var hasBody = op.TryGetProperty("requestBody", out var body);
        if (handler?.GetParameters().Any(p => p.ParameterType == typeof(HttpRequest) || p.ParameterType == typeof(HttpContext)) == true && !hasBody
            && endpoint.Metadata.GetMetadata<BudgetedEndpoint>() is null)
        {
            // A handler given the raw request could read anything from it; only a body reader may have it.
            yield return "takes the raw request but declares no body";
        }

        if (hasBody && !body.GetProperty("content").TryGetProperty("application/json", out _))
        {
            yield return "body without a JSON schema";
        }

        var responses = op.GetProperty("responses");
        var success = responses.EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
        if (success.Count == 0 || success.Any(r => !r.Value.TryGetProperty("content", out var c) || !c.EnumerateObject().All(m => m.Value.TryGetProperty("schema", out _))))
        {
            yield return "no success response with a schema";
        }

        var expected = new List<string>();
        if (endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            expected.AddRange(["401", "403"]);
        }

        // A route value names something (404 when it does not exist); query values can be wrong (400).
        if (reads.Any(r => endpoint.RoutePattern.GetParameter(r) is null) || hasBody)
        {
            expected.Add("400");
        }

        if (hasBody)
        {
            expected.AddRange(["413", "415"]);
        }

        if (endpoint.Metadata.GetMetadata<BudgetedEndpoint>() is not null)
        {
            expected.AddRange(["422", "503"]);
        }

        if (endpoint.RoutePattern.Parameters.Count > 0 && !responses.TryGetProperty("404", out _) && !responses.TryGetProperty("400", out _))
        {
            yield return "names an entity in its route but declares neither 404 nor 400";
        }

        foreach (var status in expected)
        {
            if (!responses.TryGetProperty(status, out var problem)
                || !problem.GetProperty("content").TryGetProperty("application/problem+json", out var content)
                || content.GetProperty("schema").GetProperty("$ref").GetString() != "#/components/schemas/ApiProblem")
            {
                yield return $"no {status} problem response";
            }
        }

        _ = name;
    }

    /// <summary>The query and route values a handler binds: its simple parameters and the properties of its [AsParameters] records.</summary>
    private static IEnumerable<string> QueryParameters(IEnumerable<ParameterInfo> parameters)
    {
        foreach (var p in parameters)
        {
            if (p.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var name in QueryParameters(p.ParameterType.GetConstructors().Single().GetParameters()))
                {
                    yield return name;
                }

                continue;
            }

            var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
            if (Array.IndexOf(QueryTypes, type) >= 0)
            {
                var fromQuery = p.GetCustomAttribute<FromQueryAttribute>()
                    ?? p.Member.DeclaringType?.GetProperty(p.Name!)?.GetCustomAttribute<FromQueryAttribute>();
                yield return fromQuery?.Name ?? p.Name!;
            }
        }
    }

    [Fact]
    public async Task OpenApi_ProblemSchema_NamesTheField()
    {
        var problem = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("ApiProblem").GetProperty("properties");
        foreach (var field in new[] { "title", "status", "detail", "field", "line", "roleNeeded" })
        {
            Assert.True(problem.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task OpenApi_EntitiesAndRelationships_HaveTheirFieldsNotAnyValue()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("Entity").GetProperty("properties").TryGetProperty("name", out _));
        var relationship = schemas.GetProperty("Relationship").GetProperty("properties");
        Assert.True(relationship.GetProperty("provenance").GetProperty("properties").TryGetProperty("quote", out _));
        Assert.True(schemas.GetProperty("GraphPath").GetProperty("properties").GetProperty("nodes").GetProperty("items").GetProperty("properties").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task OpenApi_ScreeningAnswers_AreTypedAndLeaveNoComponentOfTheCoreRecordsShape()
    {
        var doc = await DocumentAsync();
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        foreach (var typed in new[] { "SavedScreening", "ScreeningResultsPage", "ScreeningRowResult", "ScreeningDiff", "ScreeningDecision", "WebhookDelivery", "DataVersion" })
        {
            Assert.True(schemas.GetProperty(typed).GetProperty("properties").EnumerateObject().Any(), typed);
        }

        // The C# parts of those records (a row's Counterparty, RowMatch, RuleVerdict …) are not what the JSON holds: the
        // generator must not describe them, nor leave the "any object" the answers were declared as.
        var names = schemas.EnumerateObject().Select(s => s.Name).ToList();
        foreach (var stray in new[] { "Counterparty", "RowMatch", "RuleVerdict", "SourceFreshness", "ScreeningParameters", "StoredRow", "JsonObject", "JsonArray" })
        {
            Assert.DoesNotContain(stray, names);
        }

        var rule = schemas.GetProperty("ScreeningRowResult").GetProperty("properties").GetProperty("rules").GetProperty("items").GetProperty("properties");
        Assert.Equal(["blocked", "not-blocked", "possibly-blocked"], rule.GetProperty("status").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal("string", rule.GetProperty("chain").GetProperty("items").GetProperty("properties").GetProperty("owner").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/api/paths?from=sugon&to=nettrix&maxHops=abc", "maxHops", "'maxHops' must be a whole number; got 'abc'")] // not a number
    [InlineData("/api/paths?from=sugon&to=nettrix&maxHops=99", "maxHops", "'maxHops' must be a whole number from 1 to 10")] // over the server's budget
    [InlineData("/api/paths?from=sugon&to=nettrix&direction=up", "direction", "'direction' must be out, in or both; got 'up'")] // not a direction
    [InlineData("/api/paths?from=sugon&to=nettrix&direction=2", "direction", "'direction' must be out, in or both; got '2'")] // a number, which an enum binder would take
    [InlineData("/api/paths?from=sugon", "to", "query parameter 'to' is required")] // missing
    [InlineData("/api/exposure?entity=sugon&asOf=2026-13-01", "asOf", "'asOf' must be a date as YYYY-MM-DD; got '2026-13-01'")] // no such date
    [InlineData("/api/changes?since=x", "since", "'since' must be a whole number; got 'x'")] // not a number
    [InlineData("/api/reviews?offset=-1", "offset", "'offset' must be a whole number ≥ 0")] // negative
    public async Task Query_BadValue_Is400NamingTheParameterInPlainWords(string url, string field, string detail)
    {
        var response = await factory.Client(ServerFactory.ReaderKey).GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("out")] // as documented
    [InlineData("IN")] // any case, as before the parameters were typed
    [InlineData("Both")]
    public async Task Query_DirectionInAnyCase_IsAccepted(string direction)
    {
        var response = await factory.Client(ServerFactory.ReaderKey).GetAsync(new Uri($"/api/entities/sugon/neighbourhood?direction={direction}", UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Apis_NeverReadTheQueryStringByHand()
    {
        // Every query value is a typed, declared parameter; one read by hand would be missing from the document.
        var readers = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src", "SupplyGraph.Server", "Apis"), "*.cs")
            .Where(f => File.ReadAllText(f).Contains(".Query[", StringComparison.Ordinal)).Select(Path.GetFileName).ToList();
        Assert.Empty(readers);
    }
}
