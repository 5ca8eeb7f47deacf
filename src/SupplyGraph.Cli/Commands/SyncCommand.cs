using SupplyGraph.Neo4j;

namespace SupplyGraph.Cli.Commands;

/// <summary><c>push</c> and <c>pull</c>: copy the graph between the embedded store and Neo4j.</summary>
public static class SyncCommand
{
    public static async Task<int> PushAsync(CliContext cx)
    {
        var settings = Settings(cx);
        await using var store = cx.OpenStore();
        await using var neo4j = new Neo4jGraphStore(settings);
        var progress = cx.Line.Flag("quiet") ? null : new SyncProgressWriter(cx.Error);
        var (entities, relationships) = await Neo4jSync.PushAsync(store.Snapshot, neo4j, progress, cx.CancellationToken);
        await cx.Out.WriteLineAsync($"pushed {entities} entities and {relationships} relationships to {settings.Url}");
        return CliApp.Ok;
    }

    public static async Task<int> PullAsync(CliContext cx)
    {
        var settings = Settings(cx);
        await using var store = cx.OpenStore();
        await using var neo4j = new Neo4jGraphStore(settings);
        var result = await store.ApplyAsync(await Neo4jSync.PullAsync(neo4j, cx.CancellationToken), ImportCommand.Progress(cx), cx.CancellationToken);
        await cx.Out.WriteLineAsync($"pulled {result.EntitiesWritten} entities and {result.RelationshipsWritten} relationships from {settings.Url} as change #{result.Sequence}");
        return CliApp.Ok;
    }

    internal static Neo4jSettings Settings(CliContext cx)
    {
        var url = cx.Line.Option("neo4j") ?? Environment.GetEnvironmentVariable("SUPPLYGRAPH_NEO4J_URL")
            ?? throw new UsageException("--neo4j URL is required (e.g. http://127.0.0.1:7474)");
        return new Neo4jSettings(
            Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new UsageException($"--neo4j expects a URL, got '{url}'"),
            cx.Line.Option("user") ?? Environment.GetEnvironmentVariable("SUPPLYGRAPH_NEO4J_USER") ?? "neo4j",
            cx.Line.Option("password") ?? Environment.GetEnvironmentVariable("SUPPLYGRAPH_NEO4J_PASSWORD") ?? "");
    }

    private sealed class SyncProgressWriter(TextWriter error) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => error.WriteLine($"{value.Stage} {value.Done}/{value.Total}");
    }
}
