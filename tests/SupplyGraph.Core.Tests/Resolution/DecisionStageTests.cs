using SupplyGraph.Core.Model;
using SupplyGraph.Core.Resolution;
using SupplyGraph.Core.Review;
using SupplyGraph.Core.Tests.Compliance;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests.Resolution;

/// <summary>The first stage of resolution: what people decided in the review queue.</summary>
public sealed class DecisionStageTests
{
    private static readonly Entity Candidate = Company("acteam-logistics-ltd", "ACTeam Logistics Ltd.") with { Country = "China" };
    private static readonly Entity Created = Company("acteam-logitics-ltd", "ACTeam Logitics Ltd.") with { Country = "Hong Kong" };

    private static PartyDescription Record(string name) => new() { Id = "csl:EL:1", Label = NodeLabels.Company, Name = name };

    private static ReviewRecord Decided(ReviewStatus status) =>
        GraphStoreCompliance.OpenItemFor("csl:EL:1", Created, Candidate).With(new ReviewDecision(status, "analyst", DateTimeOffset.UnixEpoch), null);

    [Fact]
    public void Resolve_AcceptedPair_JoinsTheCandidateByTheReviewRule()
    {
        var resolver = new EntityResolver([Candidate]) { Decisions = new DecisionStage([Decided(ReviewStatus.Accepted)]) };

        // A name nothing else would join: only the decision can.
        var decision = resolver.Resolve(Record("Completely Different Trading House"));

        Assert.Equal((ResolutionOutcome.Join, Candidate.Id, "review:accepted"), (decision.Outcome, decision.CandidateId, decision.MatchedBy));
        Assert.Contains(decision.Reasons, r => r.Contains("analyst", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ReviewStatus.Rejected)] // the two are different parties
    [InlineData(ReviewStatus.Split)] // an accept was undone: different parties too
    public void Resolve_RejectedPair_NeverJoinsNorProposesTheCandidate(ReviewStatus status)
    {
        var resolver = new EntityResolver([Candidate]) { Decisions = new DecisionStage([Decided(status)]) };
        var undecided = new EntityResolver([Candidate]);

        // The record's exact name: without the decision it joins.
        Assert.Equal(ResolutionOutcome.Join, undecided.Resolve(Record("ACTeam Logistics Ltd.")).Outcome);
        var decision = resolver.Resolve(Record("ACTeam Logistics Ltd."));

        Assert.Equal(ResolutionOutcome.New, decision.Outcome);
        Assert.Null(decision.CandidateId);
    }

    [Fact]
    public void Resolve_DecisionOnAnotherRecord_ChangesNothing()
    {
        var resolver = new EntityResolver([Candidate]) { Decisions = new DecisionStage([Decided(ReviewStatus.Rejected)]) };

        var decision = resolver.Resolve(Record("ACTeam Logistics Ltd.") with { Id = "csl:EL:2" });

        Assert.Equal((ResolutionOutcome.Join, Candidate.Id), (decision.Outcome, decision.CandidateId));
    }
}
