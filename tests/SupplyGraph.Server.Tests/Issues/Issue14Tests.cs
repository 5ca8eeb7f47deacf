using System.Net;
using System.Text;
using System.Text.Json;

namespace SupplyGraph.Server.Tests.Issues;

/// <summary>Issue 14: refusals say which role is needed; answers say what they could not check.</summary>
public sealed class Issue14Tests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.DoesNotContain("(Parameter '", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return problem;
    }

    [Fact]
    public async Task Write_WithAReaderKey_Is403NamingTheEditorRole()
    {
        var body = new StringContent("""{"id": "issue14-co", "labels": ["Company"], "name": "Issue Fourteen"}""", Encoding.UTF8, "application/json");
        var problem = await ProblemAsync(await factory.Client(ServerFactory.ReaderKey).PutAsync(new Uri("/api/entities/issue14-co", UriKind.Relative), body), HttpStatusCode.Forbidden);
        Assert.Equal("editor", problem.GetProperty("roleNeeded").GetString());
        Assert.Equal("X-Api-Key", problem.GetProperty("field").GetString());
        Assert.Contains("this needs the editor role or higher; the key has the reader role", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "no API key was sent")] // anonymous, and anonymous access is off in these tests
    [InlineData("not-a-key-of-this-server", "the API key sent is not one this server knows")] // a wrong key
    public async Task Read_WithoutAValidKey_Is401NamingTheReaderRole(string? key, string why)
    {
        var problem = await ProblemAsync(await factory.Client(key).GetAsync(new Uri("/api/entities/sugon", UriKind.Relative)), HttpStatusCode.Unauthorized);
        Assert.Equal("reader", problem.GetProperty("roleNeeded").GetString());
        Assert.Contains($"this needs the reader role or higher; {why}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRule_Is400WithoutDotNetText()
    {
        var problem = await ProblemAsync(await factory.Client(ServerFactory.ReaderKey).GetAsync(new Uri("/api/ownership/sugon?rule=nope", UriKind.Relative)), HttpStatusCode.BadRequest);
        Assert.Equal("rule", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Ownership_OfacWithoutAnySdnEntry_SaysItIsNotAClearance()
    {
        var response = await factory.Client(ServerFactory.ReaderKey).GetAsync(new Uri("/api/ownership/inspur-software", UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(["ofac-sdn"], body.GetProperty("listsWithoutData").EnumerateArray().Select(e => e.GetString()));
        Assert.EndsWith("No ofac-sdn data is loaded: this is not a clearance.", body.GetProperty("explanation").GetString(), StringComparison.Ordinal);
    }
}
