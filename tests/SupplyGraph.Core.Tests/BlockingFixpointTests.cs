using SupplyGraph.Core.Algorithms;

namespace SupplyGraph.Core.Tests;

public class BlockingFixpointTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Run_ExactSharesInOneArray_SameAsTheTwoPassesOverACopy(int seed)
    {
        // One array for both ends skips the second pass; the answer must be the one both passes give when the two
        // ends are equal but in separate arrays. Random graphs with cycles, shares often adding up to exactly 50 %.
        const int Nodes = 3_000;
        var rng = new Random(seed);
        var (csr, shares) = RandomStakes(rng, Nodes, 9_000, r => r.Next(4) switch { 0 => 0.25, 1 => 0.5, 2 => 0.1, _ => r.NextDouble() * 0.6 });
        var seeds = Enumerable.Range(0, 60).Select(_ => rng.Next(Nodes)).ToArray();
        var (status, low, high) = (new BlockStatus[Nodes], new double[Nodes], new double[Nodes]);
        BlockingFixpoint.Run(csr, shares, shares, seeds, 0.5, null, status, low, high);
        var (status2, low2, high2) = (new BlockStatus[Nodes], new double[Nodes], new double[Nodes]);
        BlockingFixpoint.Run(csr, shares, (double[])shares.Clone(), seeds, 0.5, null, status2, low2, high2);

        Assert.Equal(status2, status);
        Assert.Contains(BlockStatus.Blocked, status.Skip(0).Where((_, n) => !seeds.Contains(n)));
        Assert.Equal(low2, low);
        for (var n = 0; n < Nodes; n++)
        {
            // Pass 2 adds the same stakes in another order: equal up to rounding.
            Assert.Equal(high2[n], high[n], 12);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Run_ReusedBuffers_SameAsFreshArraysRunAfterRun(int seed)
    {
        // Each run into reused buffers clears only what the previous one wrote: a sequence of different seed sets (none,
        // few, many, and a run with separate low and high ends, which writes everything) must each give what a run into
        // fresh arrays gives.
        const int Nodes = 2_000;
        var rng = new Random(seed);
        var (csr, shares) = RandomStakes(rng, Nodes, 6_000, r => r.Next(3) switch { 0 => 0.5, 1 => 0.0, _ => r.NextDouble() * 0.6 });
        var high = shares.Select(s => Math.Min(1, s * 1.5)).ToArray();
        var buffers = new FixpointBuffers(Nodes);
        foreach (var (count, exact) in new[] { (60, true), (5, true), (0, true), (300, true), (40, false), (10, true), (80, true), (1, true) })
        {
            var seeds = Enumerable.Range(0, count).Select(_ => rng.Next(Nodes)).ToArray();
            var shareHigh = exact ? shares : high;
            BlockingFixpoint.Run(csr, shares, shareHigh, seeds, 0.5, null, buffers);
            var (status, low, possible) = (new BlockStatus[Nodes], new double[Nodes], new double[Nodes]);
            BlockingFixpoint.Run(csr, shares, shareHigh, seeds, 0.5, null, status, low, possible);
            Assert.Equal(status, buffers.Status);
            Assert.Equal(low, buffers.Low);
            Assert.Equal(possible, buffers.High);
        }
    }

    /// <summary>Random stakes between <paramref name="nodes"/> parties (cycles likely), each share drawn by <paramref name="share"/>.</summary>
    private static (OwnershipCsr Csr, double[] Shares) RandomStakes(Random rng, int nodes, int stakes, Func<Random, double> share)
    {
        var owners = new int[stakes];
        var owned = new int[stakes];
        var shares = new double[stakes];
        for (var i = 0; i < stakes; i++)
        {
            owners[i] = rng.Next(nodes);
            owned[i] = rng.Next(nodes);
            shares[i] = share(rng);
        }

        return (new OwnershipCsr(nodes, owners, owned), shares);
    }
}
