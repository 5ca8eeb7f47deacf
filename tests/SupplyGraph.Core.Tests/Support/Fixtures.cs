using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Tests.Support;

/// <summary>Small records for tests.</summary>
public static class Fixtures
{
    public static Entity Company(string id, string? name = null, params string[] aliases) =>
        new() { Id = id, Labels = [NodeLabels.Company], Name = name ?? id, Aliases = aliases };

    public static Entity List(string id) => new() { Id = id, Labels = [NodeLabels.List], Name = id };

    public static Relationship Rel(string type, string from, string to, double? share = null, string? id = null,
        DateOnly? validFrom = null, DateOnly? validTo = null, string source = "test", string? quote = null) => new()
        {
            Id = id ?? Relationship.DefaultId(type, from, to),
            Type = type,
            From = from,
            To = to,
            Share = share is { } s ? OwnershipShare.Exact(s) : OwnershipShare.Unknown,
            Provenance = new Provenance(source, "row 1", quote ?? $"{from} {type} {to}", new DateOnly(2024, 1, 2), 0.9),
            Validity = new Validity(validFrom, validTo),
        };

    public static ChangeBatch Batch(params Change[] changes) => new(changes, "test");

    public static PutEntity Put(Entity e) => new(e);

    public static PutRelationship Put(Relationship r) => new(r);
}
