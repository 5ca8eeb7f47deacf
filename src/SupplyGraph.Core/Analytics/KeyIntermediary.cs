using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Analytics;

/// <summary>An intermediary that carries exposure routes.</summary>
/// <param name="Party">The intermediary.</param>
/// <param name="Routes">How many shortest routes from a source to a listed party pass through it (parallel relationships count apart).</param>
/// <param name="Share">Its dependency (Brandes): the sum over source–target pairs of the fraction of their shortest routes through it.</param>
/// <param name="Example">One such route, with the evidence of each hop.</param>
public sealed record KeyIntermediary(Entity Party, double Routes, double Share, GraphPath Example);

/// <summary>The intermediaries that carry the most shortest exposure routes.</summary>
/// <param name="Sources">The parties the routes start from.</param>
/// <param name="TargetsReached">Listed parties reached (counted per source).</param>
/// <param name="TotalRoutes">Shortest routes from the sources to the listed parties they reach.</param>
/// <param name="Top">The intermediaries, most routes first.</param>
public sealed record KeyIntermediariesResult(IReadOnlyList<Entity> Sources, int TargetsReached, double TotalRoutes, IReadOnlyList<KeyIntermediary> Top);
