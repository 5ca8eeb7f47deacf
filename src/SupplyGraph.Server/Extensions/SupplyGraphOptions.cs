namespace SupplyGraph.Server.Extensions;

/// <summary>The server's settings, from the <c>SupplyGraph</c> configuration section.</summary>
public sealed class SupplyGraphOptions
{
    public string? DataDirectory { get; set; }

    public string? SeedDirectory { get; set; }

    /// <summary>The catalog of sources that evidence cites (<c>sources.json</c> and its files); empty: the seed folder's <c>sources/</c>.</summary>
    public string? SourcesDirectory { get; set; }

    /// <summary>The most characters of one document or record that <c>GET /api/documents/{id}</c> serves; a longer text is cut and says so.</summary>
    public int MaxSourceCharacters { get; set; } = 200_000;

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

    /// <summary>
    /// A StackExchange.Redis connection string (<c>127.0.0.1:6379</c>) that turns on the SignalR Redis backplane for
    /// several servers; empty (the default) for one server with nothing else to run.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>API keys as "role:key", from configuration (<c>SupplyGraph:ApiKeys</c>) and <c>SUPPLYGRAPH_API_KEYS</c> (comma-separated).</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>The role of requests without a key from the loopback interface; empty for none.</summary>
    public string? AnonymousLoopbackRole { get; set; }

    public int MaxBatchChanges { get; set; } = 10_000;

    public int MaxHops { get; set; } = 10;

    public int MaxResults { get; set; } = 1_000;

    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>What one query of a reader (and of an anonymous loopback client) may spend.</summary>
    public QueryBudgetOptions ReaderBudget { get; set; } = new();

    /// <summary>What one query of an editor or admin may spend.</summary>
    public QueryBudgetOptions EditorBudget { get; set; } = new() { TimeSeconds = 30, MemoryMegabytes = 1024 };

    /// <summary>
    /// Queries (Cypher, paths, exposure, ownership) running at once; others wait for a slot within their time budget.
    /// With the per-query memory budgets this bounds what queries can hold: slots × the larger budget.
    /// </summary>
    public int MaxConcurrentQueries { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Updates waiting for one connection beyond which the server closes it (it can reconnect and resume).</summary>
    public int MaxQueuedUpdates { get; set; } = 10_000;

    /// <summary>How long a subscription of a dropped connection is kept for the client to resume.</summary>
    public int ResumeGraceSeconds { get; set; } = 300;

    /// <summary>Each key's name: an entry <c>name=role:key</c> names it (audit records and decisions say who by it); unnamed keys are absent.</summary>
    public Dictionary<string, string> KeyNames()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var fromEnvironment = Environment.GetEnvironmentVariable("SUPPLYGRAPH_API_KEYS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        foreach (var entry in ApiKeys.Concat(fromEnvironment))
        {
            var (name, rest) = SplitName(entry);
            var colon = rest.IndexOf(':');
            if (name is not null && colon > 0)
            {
                names[rest[(colon + 1)..].Trim()] = name;
            }
        }

        return names;
    }

    private static (string? Name, string Entry) SplitName(string entry)
    {
        var eq = entry.IndexOf('=');
        var colon = entry.IndexOf(':');
        return eq > 0 && (colon < 0 || eq < colon) ? (entry[..eq].Trim(), entry[(eq + 1)..]) : (null, entry);
    }

    public Dictionary<string, string> Keys()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var fromEnvironment = Environment.GetEnvironmentVariable("SUPPLYGRAPH_API_KEYS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        foreach (var named in ApiKeys.Concat(fromEnvironment))
        {
            var entry = SplitName(named).Entry;
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

/// <summary>What one query may spend: wall-clock time, memory held by Cypher values and rows, rows returned.</summary>
public sealed class QueryBudgetOptions
{
    public int TimeSeconds { get; set; } = 10;

    public int MemoryMegabytes { get; set; } = 256;

    /// <summary>Most rows a Cypher query may return; more is an error, not a silent cut.</summary>
    public int MaxRows { get; set; } = 10_000;
}
