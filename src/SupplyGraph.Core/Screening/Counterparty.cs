namespace SupplyGraph.Core.Screening;

/// <summary>One row of a counterparty file: a party a compliance team wants screened.</summary>
/// <param name="Row">1-based data row (the header is row 0), stable across re-runs: a row's results and decisions are keyed by it.</param>
/// <param name="Line">1-based line in the file, for messages.</param>
/// <param name="OwnId">The team's own id for the party (a supplier number), if the file gives one.</param>
/// <param name="Name">The party's name as the team holds it.</param>
/// <param name="Country">Country, if given; a different country keeps a name match from joining on its own.</param>
/// <param name="Identifiers">Identifiers by scheme (<c>lei</c>, <c>inn</c>, <c>uscc</c>…); a conflicting identifier blocks a match.</param>
/// <param name="Type">Company, Person or another label, if given; a person is never matched to a company.</param>
public sealed record Counterparty(int Row, int Line, string? OwnId, string Name, string? Country, IReadOnlyDictionary<string, string> Identifiers, string? Type)
{
    /// <summary>A person's date of birth as the team holds it (<c>1962-05-01</c>, <c>1962</c>), if given.</summary>
    public string? BirthDate { get; init; }
}
