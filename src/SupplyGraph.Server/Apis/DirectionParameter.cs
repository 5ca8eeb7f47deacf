using System.Diagnostics.CodeAnalysis;
using SupplyGraph.Core.Engine;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// A direction in a query string: out, in or both, in any case. Its own type because the binder reads enums by their
/// exact C# names (and from numbers); the document lists the three values (<see cref="Extensions.GraphSchemas"/>).
/// </summary>
public readonly record struct DirectionParameter(Direction Value)
{
    public static readonly string[] Names = ["out", "in", "both"];

    public static bool TryParse(string? text, IFormatProvider? provider, [MaybeNullWhen(false)] out DirectionParameter direction)
    {
        _ = provider;
        direction = text?.ToLowerInvariant() switch
        {
            "out" => new DirectionParameter(Direction.Out),
            "in" => new DirectionParameter(Direction.In),
            "both" => new DirectionParameter(Direction.Both),
            _ => default,
        };
        return text?.ToLowerInvariant() is "out" or "in" or "both";
    }

    public override string ToString() => Names[(int)Value];
}
