namespace SupplyGraph.Core.Tests.Support;

/// <summary>
/// For tests that need an outside service (a Neo4j server). Without it a test skips on a developer's machine, with
/// the reason, and scripts/test.sh lists the skipped groups at the end; under CI (CI=true) it fails instead, because
/// scripts/test.sh must have started the service there and a skipped test would let CI pass without testing.
/// </summary>
public static class RequiredService
{
    /// <summary>Whether this is a CI run: CI=true (or 1), as CI systems set it.</summary>
    public static bool InCi => Environment.GetEnvironmentVariable("CI")?.Trim().ToLowerInvariant() is "true" or "1";

    /// <summary>When <paramref name="missing"/>: fails the test under CI, skips it elsewhere.</summary>
    /// <param name="missing">Whether the service is missing.</param>
    /// <param name="reason">What is missing and how to provide it.</param>
    public static void SkipIf(bool missing, string reason) => SkipIf(missing, reason, InCi);

    /// <summary>As <see cref="SkipIf(bool, string)"/>, with whether this is CI given (so both outcomes can be tested).</summary>
    internal static void SkipIf(bool missing, string reason, bool inCi)
    {
        if (!missing)
        {
            return;
        }

        if (inCi)
        {
            Assert.Fail($"CI=true, so this test may not skip: {reason}");
        }

        Skip.If(true, reason);
    }
}
