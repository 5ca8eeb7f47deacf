using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Import;

namespace SupplyGraph.Cli.Commands;

/// <summary>The filters every analytic command takes, and <c>--what-if</c>.</summary>
public sealed record QueryOptions(
    Direction? Direction,
    IReadOnlyList<string>? Types,
    int? MaxHops,
    DateOnly? AsOf,
    IReadOnlyList<string>? AvoidLabels,
    IReadOnlyList<string> AvoidCountries,
    IReadOnlyList<string> RequireLabels,
    IReadOnlyList<string> RequireCountries,
    string? WhatIfFile)
{
    public const string Help = "--as-of YYYY-MM-DD  --types T1,T2  --max-hops N  --direction out|in|both  --avoid-labels L  --avoid-countries C  --require-labels L  --require-countries C  --what-if FILE";

    public static QueryOptions Parse(CommandLine line)
    {
        var direction = line.Option("direction");
        return new QueryOptions(
            direction is null ? null : Output.ParseDirection(direction),
            Output.ParseTypes(line.Option("types")),
            line.Option("max-hops") is null ? null : line.IntOption("max-hops", 1),
            line.DateOption("as-of"),
            List(line.Option("avoid-labels")),
            List(line.Option("avoid-countries")) ?? [],
            List(line.Option("require-labels")) ?? [],
            List(line.Option("require-countries")) ?? [],
            line.Option("what-if"));
    }

    private static List<string>? List(string? text) =>
        text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>The query with these filters set; a record's <c>with</c> through its base keeps the derived type.</summary>
    public T Apply<T>(T query)
        where T : TraversalQuery => (T)((TraversalQuery)query with
        {
            Direction = Direction ?? query.Direction,
            Types = Types ?? query.Types,
            MaxHops = MaxHops ?? query.MaxHops,
            AsOf = AsOf ?? query.AsOf,
            AvoidLabels = AvoidLabels ?? query.AvoidLabels,
            AvoidCountries = AvoidCountries,
            RequireLabels = RequireLabels,
            RequireCountries = RequireCountries,
        });

    /// <summary>The graph with the <c>--what-if</c> batch applied (not committed), or null without one.</summary>
    public GraphSnapshot? Hypothetical(GraphSnapshot graph)
    {
        if (WhatIfFile is null)
        {
            return null;
        }

        var session = new ImportSession(graph);
        session.AddFile(WhatIfFile);
        return WhatIf.Apply(graph, session.ToBatch("what-if " + Path.GetFileName(WhatIfFile)));
    }

    /// <summary>Resolves every entity reference against both graphs (the hypothetical one may add entities).</summary>
    public static string ResolveId(CliContext cx, GraphSnapshot graph, GraphSnapshot? hypothetical, string reference) =>
        cx.Resolve(hypothetical ?? graph, reference).Id;
}
