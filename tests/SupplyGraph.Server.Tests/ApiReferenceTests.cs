using System.Net;
using System.Text.RegularExpressions;

namespace SupplyGraph.Server.Tests;

/// <summary>Issue 14: the Scalar API reference at /scalar works with no network beyond the server.</summary>
public sealed partial class ApiReferenceTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task Scalar_PageAndItsScripts_AreServedByTheServerItself()
    {
        using var anonymous = factory.Client(null);
        var page = await anonymous.GetAsync(new Uri("/scalar/", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);

        var sources = ScriptSource().Matches(html).Select(m => m.Groups["src"].Value).ToList();
        Assert.Contains("scalar.js", sources);
        Assert.All(sources, s => Assert.DoesNotMatch("^(https?:)?//", s));
        Assert.DoesNotContain("\"withDefaultFonts\":true", html, StringComparison.Ordinal);

        foreach (var script in sources)
        {
            var response = await anonymous.GetAsync(new Uri("/scalar/" + script, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{script}: {(int)response.StatusCode}");
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
            Assert.True(body.Length > 1000, $"{script}: {body.Length} characters");
        }
    }

    [GeneratedRegex("""<script[^>]*\bsrc="(?<src>[^"]+)"[^>]*>""")]
    private static partial Regex ScriptSource();
}
