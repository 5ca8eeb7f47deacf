namespace SupplyGraph.Core.Storage;

/// <summary>
/// One writer at a time across processes on one store file, taken before SQLite's own write lock. SQLite alone is
/// not fair: a waiting process sleeps in its busy handler (up to 100 ms a turn) while a process writing in a loop
/// takes the lock again at once — measured: a server's Cypher write waited more than 30 s behind a CLI shell's 500
/// increments. This lock is polled every millisecond, so a waiter gets in at the writer's next pause.
/// </summary>
internal static class WriterLock
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(1);

    /// <summary>Takes the lock file of <paramref name="storePath"/>; dispose the result to release it.</summary>
    /// <param name="storePath">The store file.</param>
    /// <param name="timeout">How long to wait for another process.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The held lock.</returns>
    /// <exception cref="TimeoutException">Another process held the lock for the whole <paramref name="timeout"/>.</exception>
    public static IDisposable Acquire(string storePath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = storePath + ".writer";
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock (flock on Unix, a share mode on Windows); the kernel
                // drops it when the process dies, so a killed writer never leaves the store locked.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Thread.Sleep(Poll);
            }
            catch (IOException ex)
            {
                throw new TimeoutException($"another process kept the store {storePath} locked for writing for {timeout.TotalSeconds:0} s", ex);
            }
        }
    }
}
