namespace SupplyGraph.Cypher;

/// <summary>Kinds of temporal value.</summary>
public enum TemporalKind
{
    /// <summary>A calendar date.</summary>
    Date,

    /// <summary>A time of day without zone.</summary>
    LocalTime,

    /// <summary>A time of day with an offset.</summary>
    Time,

    /// <summary>A date and time without zone.</summary>
    LocalDateTime,

    /// <summary>A date and time with an offset or a named time zone.</summary>
    DateTime,
}
