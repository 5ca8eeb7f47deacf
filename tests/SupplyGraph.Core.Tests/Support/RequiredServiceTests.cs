using Xunit.Sdk;

namespace SupplyGraph.Core.Tests.Support;

/// <summary>
/// Issue 16 asks that CI fail, not skip, when Docker or Neo4j cannot start: every Neo4j test (the compliance suite on
/// Neo4j included) asks <see cref="RequiredService"/> first, so its two outcomes are what decide it.
/// </summary>
public sealed class RequiredServiceTests
{
    [Fact]
    public void SkipIf_ServiceMissingUnderCi_FailsTheTestNamingTheReason()
    {
        var failure = Assert.Throws<FailException>(() => RequiredService.SkipIf(true, "no Neo4j: docker did not start", inCi: true));
        Assert.Contains("no Neo4j: docker did not start", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SkipIf_ServiceMissingOutsideCi_SkipsWithTheReason()
    {
        var skip = Assert.Throws<Xunit.SkipException>(() => RequiredService.SkipIf(true, "no Neo4j: docker did not start", inCi: false));
        Assert.Equal("no Neo4j: docker did not start", skip.Message);
    }

    [Theory]
    [InlineData(true)] // under CI
    [InlineData(false)] // on a developer's machine
    public void SkipIf_ServicePresent_LetsTheTestRun(bool inCi) =>
        RequiredService.SkipIf(false, "unused", inCi);
}
