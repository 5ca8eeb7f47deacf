namespace SupplyGraph.Core.Resolution;

/// <summary>Where a name key came from, strongest first; a match is as strong as the weaker of its two sides.</summary>
public enum NameKind
{
    /// <summary>The display name.</summary>
    Name,

    /// <summary>An alias.</summary>
    Alias,

    /// <summary>A trailing parenthetical ("… (SMIC)"): its content, or the name without it.</summary>
    Parenthetical,

    /// <summary>The name without a city or sub-unit suffix ("…, Wuhan, Hubei", "; and any successor…").</summary>
    Suffix,

    /// <summary>The child of a compound name ("… Affiliated Entity: Child").</summary>
    Compound,

    /// <summary>A Cyrillic name or alias written in Latin letters (<see cref="ScriptFolding.ToLatin"/>).</summary>
    Transliteration,
}
