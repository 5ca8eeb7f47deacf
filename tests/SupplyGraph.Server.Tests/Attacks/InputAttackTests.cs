using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SupplyGraph.Server.Tests.Attacks;

/// <summary>
/// Issue 11 §2 on the real server: each input that once gave a 500, a crash or a silent commit is now a 4xx
/// problem+json naming the field, without .NET exception text, and the store is unchanged.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class InputAttackTests(AttackServer fixture)
{
    private const string Json = "application/json";

    private static string Deep(int depth) => "{\"query\": \"RETURN $p\", \"parameters\": {\"p\": " + new string('[', depth) + new string(']', depth) + "}}";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private const string Supplies = "{\"relationships\": [{\"type\": \"SUPPLIES\", \"from\": \"sugon\", \"to\": \"nettrix\", \"provenance\": {\"source\": \"attack\"}}]}";

    public static TheoryData<string, string, string, byte[], int> Inputs => new()
    {
        // Malformed JSON on /api/cypher.
        { "POST", "/api/cypher", Json, Utf8("{\"query\": "), 400 },
        // Parameters nested deeper than 64.
        { "POST", "/api/cypher", Json, Utf8(Deep(100)), 400 },
        // Unknown top-level field on /api/cypher.
        { "POST", "/api/cypher", Json, Utf8("{\"query\": \"RETURN 1\", \"params\": {}}"), 400 },
        // Duplicate keys on /api/cypher.
        { "POST", "/api/cypher", Json, Utf8("{\"query\": \"RETURN 1\", \"query\": \"RETURN 2\"}"), 400 },
        // text/plain on a JSON endpoint.
        { "POST", "/api/cypher", "text/plain", Utf8("{\"query\": \"RETURN 1\"}"), 415 },
        // A lone surrogate escape in a batch.
        { "POST", "/api/batches", Json, Utf8("{\"entities\": [{\"id\": \"surrogate\", \"name\": \"a\\ud800b\", \"labels\": [\"Company\"]}]}"), 400 },
        // Invalid UTF-8 bytes in a batch.
        { "POST", "/api/batches", Json, [.. Utf8("{\"entities\": [{\"id\": \"bad-utf8\", \"name\": \""), 0xC3, 0x28, 0xFF, .. Utf8("\", \"labels\": [\"Company\"]}]}")], 400 },
        // Trailing garbage after a valid batch (once committed).
        { "POST", "/api/batches", Json, Utf8(Supplies + " {\"entities\": []}"), 400 },
        // Duplicate keys in a batch.
        { "POST", "/api/batches", Json, Utf8("{\"entities\": [{\"id\": \"dup\", \"id\": \"dup2\", \"name\": \"Dup\", \"labels\": [\"Company\"]}]}"), 400 },
        // NUL in a name.
        { "POST", "/api/batches", Json, Utf8("{\"entities\": [{\"id\": \"nul\", \"name\": \"Nul\\u0000Co\", \"labels\": [\"Company\"]}]}"), 400 },
        // text/plain on a batch.
        { "POST", "/api/batches", "text/plain", Utf8(Supplies), 415 },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task BadInput_OnTheRealServer_Is4xxProblemNamingTheFieldAndChangesNothing(string method, string path, string contentType, byte[] body, int expected)
    {
        var before = (await fixture.Server.HealthAsync()).GetProperty("lastSequence").GetInt64();
        using var http = fixture.Server.Client(AttackServer.EditorKey);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == expected, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.TryGetProperty("field", out _), text);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", text, StringComparison.Ordinal);
        Assert.Equal(before, (await fixture.Server.HealthAsync()).GetProperty("lastSequence").GetInt64());
    }

    [Fact]
    public async Task AccessTokenInQuery_OnARestWrite_IsNotAKey()
    {
        using var http = fixture.Server.Client(null);
        var response = await http.PostAsync(new Uri("/api/batches?access_token=" + AttackServer.EditorKey, UriKind.Relative), new StringContent(Supplies, Encoding.UTF8, Json));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AccessTokenInQuery_OnARestRead_IsNotAKey()
    {
        using var http = fixture.Server.Client(null);
        var response = await http.GetAsync(new Uri("/api/entities/sugon?access_token=" + AttackServer.ReaderKey, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AccessTokenInQuery_OnTheHubNegotiate_IsAccepted()
    {
        using var http = fixture.Server.Client(null);
        var response = await http.PostAsync(new Uri("/hubs/exposure/negotiate?negotiateVersion=1&access_token=" + AttackServer.ReaderKey, UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("connectionToken", out _));
    }
}
