using DotNet.Testcontainers.Containers;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>A Neo4j server in a Docker container (from <see cref="Neo4jContainerBuilder"/>), reached over its HTTP API.</summary>
public sealed class Neo4jContainer : IAsyncDisposable
{
    private readonly IContainer _container;
    private readonly string? _password;

    internal Neo4jContainer(IContainer container, string image, string? password)
    {
        _container = container;
        _password = password;
        Image = image;
    }

    /// <summary>The image it runs.</summary>
    public string Image { get; }

    /// <summary>How the adapter reaches it: the HTTP port as mapped on the Docker host. Valid once started.</summary>
    public Neo4jSettings Settings => new(
        new UriBuilder("http", _container.Hostname, _container.GetMappedPublicPort(Neo4jContainerBuilder.HttpPort)).Uri,
        "neo4j",
        _password ?? "");

    /// <summary>
    /// Starts the container and waits until Neo4j answers HTTP. When it does not, the exception says why, with the
    /// tail of Neo4j's output.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _container.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var output = await OutputTailAsync();
            throw new InvalidOperationException($"Neo4j ({Image}) did not start in Docker: {ex.Message}{output}", ex);
        }
    }

    public ValueTask DisposeAsync() => _container.DisposeAsync();

    private async Task<string> OutputTailAsync()
    {
        try
        {
            var (stdout, stderr) = await _container.GetLogsAsync();
            var lines = (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length == 0 ? "" : "\n--- the container's last output:\n" + string.Join('\n', lines[^Math.Min(30, lines.Length)..]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No container was created (no Docker, no image): the start's own error says so.
            return "";
        }
    }
}
