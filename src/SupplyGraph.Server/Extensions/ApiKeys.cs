using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SupplyGraph.Server.Extensions;

/// <summary>Roles, weakest first: a reader reads and subscribes, an editor also writes, an admin also administers.</summary>
public static class Roles
{
    public const string Reader = "reader";
    public const string Editor = "editor";
    public const string Admin = "admin";

    public static readonly string[] All = [Reader, Editor, Admin];

    public static string[] AtLeast(string role) => All[Array.IndexOf(All, role)..];
}

public static class Policies
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";
}

public sealed class SupplyGraphOptions
{
    public string? DataDirectory { get; set; }

    public string? SeedDirectory { get; set; }

    /// <summary>A Neo4j server to use instead of the embedded store, e.g. <c>http://neo4j:7474</c>; empty for the embedded store.</summary>
    public string? Neo4jUrl { get; set; }

    public string Neo4jUser { get; set; } = "neo4j";

    /// <summary>The Neo4j password; <c>SUPPLYGRAPH_NEO4J_PASSWORD</c> also sets it.</summary>
    public string? Neo4jPassword { get; set; }

    /// <summary>Database name on Neo4j 4 and 5.</summary>
    public string Neo4jDatabase { get; set; } = "neo4j";

    /// <summary>How long to keep trying to reach Neo4j at start before giving up.</summary>
    public int Neo4jStartupSeconds { get; set; } = 120;

    public bool UsesNeo4j => !string.IsNullOrWhiteSpace(Neo4jUrl);

    /// <summary>API keys as "role:key", from configuration (<c>SupplyGraph:ApiKeys</c>) and <c>SUPPLYGRAPH_API_KEYS</c> (comma-separated).</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>The role of requests without a key from the loopback interface; empty for none.</summary>
    public string? AnonymousLoopbackRole { get; set; }

    public int MaxBatchChanges { get; set; } = 10_000;

    public int MaxHops { get; set; } = 10;

    public int MaxResults { get; set; } = 1_000;

    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    public int QueryTimeoutSeconds { get; set; } = 10;

    /// <summary>Most rows a Cypher query may return through the API.</summary>
    public int MaxCypherRows { get; set; } = 10_000;

    /// <summary>Updates waiting for one connection beyond which the server closes it (it can reconnect and resume).</summary>
    public int MaxQueuedUpdates { get; set; } = 10_000;

    /// <summary>How long a subscription of a dropped connection is kept for the client to resume.</summary>
    public int ResumeGraceSeconds { get; set; } = 300;

    public Dictionary<string, string> Keys()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var fromEnvironment = Environment.GetEnvironmentVariable("SUPPLYGRAPH_API_KEYS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        foreach (var entry in ApiKeys.Concat(fromEnvironment))
        {
            var colon = entry.IndexOf(':');
            var role = colon > 0 ? entry[..colon].Trim().ToLowerInvariant() : "";
            var key = colon > 0 ? entry[(colon + 1)..].Trim() : "";
            if (!Roles.All.Contains(role) || key.Length < 8)
            {
                throw new InvalidOperationException($"API key entries are 'role:key' with role reader, editor or admin and a key of 8 characters or more; got '{(colon > 0 ? role + ":…" : "…")}'");
            }

            keys[key] = role;
        }

        return keys;
    }
}

/// <summary>
/// Authenticates an API key into a role claim: the <c>X-Api-Key</c> header, or <c>Authorization: Bearer KEY</c> and
/// the <c>access_token</c> query parameter, which SignalR clients use for the hub.
/// </summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<SupplyGraphOptions> settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private readonly Dictionary<string, string> _keys = settings.Value.Keys();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var bearer = Request.Headers.Authorization.FirstOrDefault() is { } h && h.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? h[7..].Trim() : null;
        var key = Request.Headers["X-Api-Key"].FirstOrDefault() ?? bearer ?? Request.Query["access_token"].FirstOrDefault();
        if (key is not null)
        {
            return Task.FromResult(_keys.TryGetValue(key, out var role) ? Success(role, "key") : AuthenticateResult.Fail("unknown API key"));
        }

        var anonymous = settings.Value.AnonymousLoopbackRole;
        if (!string.IsNullOrEmpty(anonymous) && Context.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip))
        {
            return Task.FromResult(Success(anonymous, "anonymous-loopback"));
        }

        return Task.FromResult(AuthenticateResult.NoResult());
    }

    private AuthenticateResult Success(string role, string name) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], SchemeName)), SchemeName));
}

public static class BindingGuard
{
    /// <summary>A server reachable beyond this machine must not run without keys.</summary>
    public static void RefuseOpenBinding(IEnumerable<string> urls, bool hasKeys)
    {
        if (hasKeys)
        {
            return;
        }

        foreach (var url in urls)
        {
            var host = new Uri(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal)).Host.Trim('[', ']');
            var loopback = host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
            if (!loopback)
            {
                throw new InvalidOperationException(
                    $"refusing to start: {url} is reachable beyond this machine and no API keys are configured; set SUPPLYGRAPH_API_KEYS=\"reader:KEY,editor:KEY\" (or SupplyGraph:ApiKeys) or bind to 127.0.0.1");
            }
        }
    }
}
