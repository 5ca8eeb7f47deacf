using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Storage;

/// <summary>
/// A store's graph in memory, for the analytics kernels and live queries of a store that keeps its data elsewhere
/// (Neo4j): loaded once from the store (a pull), then kept current by following the store's change log
/// (<see cref="IGraphStore.FollowAsync"/>), so every writer's batches — this process, another server, the CLI — reach
/// it in sequence order. This process's own commits are applied at once (<see cref="AdvanceAsync"/>), so a reader
/// sees its own writes. The embedded store needs none: its snapshot already is this.
/// </summary>
public sealed class GraphProjection : IAsyncDisposable
{
    private const int Page = 500;
    private readonly IGraphStore _store;
    private readonly Func<CancellationToken, Task<GraphSnapshot>> _load;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private GraphSnapshot? _graph;
    private Task? _follow;

    /// <summary>Creates a projection that loads on first use.</summary>
    /// <param name="store">The store whose log the projection follows.</param>
    /// <param name="load">Reads the whole graph with the sequence it reflects (called once, on first use).</param>
    public GraphProjection(IGraphStore store, Func<CancellationToken, Task<GraphSnapshot>> load)
    {
        _store = store;
        _load = load;
    }

    /// <summary>How long the follower waits before following again after the store failed (unreachable, restarting).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The graph as far as it has been followed, or null before the first load.</summary>
    public GraphSnapshot? Loaded => Volatile.Read(ref _graph);

    /// <summary>The graph, loaded on the first call; from then on kept current in the background.</summary>
    /// <param name="cancellationToken">Cancels the wait for the first load.</param>
    /// <returns>The newest graph the projection has.</returns>
    public async Task<GraphSnapshot> CurrentAsync(CancellationToken cancellationToken = default)
    {
        if (Loaded is { } graph)
        {
            return graph;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_graph is null)
            {
                ObjectDisposedException.ThrowIf(_closing.IsCancellationRequested, this);
                Volatile.Write(ref _graph, await _load(cancellationToken).ConfigureAwait(false));
                _follow = Task.Run(FollowAsync);
            }

            return _graph;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Applies a batch this process committed, so that its own next read sees it. Batches logged in between by
    /// other writers are read from the log first; a batch the projection already has is ignored. Does nothing
    /// before the first load (the load will read it).
    /// </summary>
    /// <param name="entry">The committed batch.</param>
    /// <param name="cancellationToken">Cancels the catch-up read.</param>
    /// <returns>A task that completes when the projection holds the batch.</returns>
    public async Task AdvanceAsync(ChangeLogEntry entry, CancellationToken cancellationToken = default)
    {
        if (Loaded is null)
        {
            return;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CatchUpLockedAsync(entry.Sequence - 1, cancellationToken).ConfigureAwait(false);
            ApplyLocked(entry);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Reads the log until the projection holds at least <paramref name="sequence"/>.</summary>
    /// <param name="sequence">The sequence to reach.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The graph at or past that sequence.</returns>
    public async Task<GraphSnapshot> CatchUpAsync(long sequence, CancellationToken cancellationToken = default)
    {
        await CurrentAsync(cancellationToken).ConfigureAwait(false);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CatchUpLockedAsync(sequence, cancellationToken).ConfigureAwait(false);
            return _graph!;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_closing.IsCancellationRequested)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        if (_follow is { } follow)
        {
            try
            {
                await follow.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _closing.Dispose();
    }

    private async Task CatchUpLockedAsync(long sequence, CancellationToken cancellationToken)
    {
        while (_graph!.Sequence < sequence)
        {
            var page = await _store.ChangesSinceAsync(_graph.Sequence, Page, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                ApplyLocked(entry);
            }

            if (page.Count < Page)
            {
                return;
            }
        }
    }

    private void ApplyLocked(ChangeLogEntry entry)
    {
        var graph = _graph!;
        if (entry.Sequence <= graph.Sequence)
        {
            return;
        }

        // The log has no gaps: an entry past the next one means one was missed, which the next catch-up reads.
        if (entry.Sequence == graph.Sequence + 1)
        {
            Volatile.Write(ref _graph, graph.Apply(entry.Sequence, entry.Changes));
        }
    }

    private async Task FollowAsync()
    {
        var token = _closing.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await foreach (var entry in _store.FollowAsync(Loaded!.Sequence, token).ConfigureAwait(false))
                {
                    await _lock.WaitAsync(token).ConfigureAwait(false);
                    try
                    {
                        await CatchUpLockedAsync(entry.Sequence - 1, token).ConfigureAwait(false);
                        ApplyLocked(entry);
                    }
                    finally
                    {
                        _lock.Release();
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!token.IsCancellationRequested)
            {
                // The store failed (unreachable, restarting): follow again from where the projection is, after a pause.
                try
                {
                    await Task.Delay(RetryDelay, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
