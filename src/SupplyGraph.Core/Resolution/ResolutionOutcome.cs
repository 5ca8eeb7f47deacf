namespace SupplyGraph.Core.Resolution;

/// <summary>What the resolver decided for a record.</summary>
public enum ResolutionOutcome
{
    /// <summary>The record is an existing entity.</summary>
    Join,

    /// <summary>The record may be an existing entity; a person must decide (the record becomes a new entity meanwhile).</summary>
    Review,

    /// <summary>The record is a new entity.</summary>
    New,
}
