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
        const int Nodes = 3_000, Stakes = 9_000;
        var rng = new Random(seed);
        var owners = new int[Stakes];
        var owned = new int[Stakes];
        var shares = new double[Stakes];
        for (var i = 0; i < Stakes; i++)
        {
            owners[i] = rng.Next(Nodes);
            owned[i] = rng.Next(Nodes);
            shares[i] = rng.Next(4) switch { 0 => 0.25, 1 => 0.5, 2 => 0.1, _ => rng.NextDouble() * 0.6 };
        }

        var csr = new OwnershipCsr(Nodes, owners, owned);
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
}
