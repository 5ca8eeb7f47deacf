using SupplyGraph.Core.Screening;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// A page of a screening's results, <c>{"rows": […], "offset": n}</c>. The endpoint writes the stored rows' JSON as it is;
/// this type only names the answer in the OpenAPI document (<see cref="Extensions.ScreeningSchemas"/> describes it).
/// </summary>
/// <param name="Rows">The rows in order: each with its resolution, verdict, every rule's verdict and chain, and exposure paths, all with evidence.</param>
/// <param name="Offset">How many rows were skipped (the offset asked for): the next page starts at offset plus the rows given.</param>
public sealed record ScreeningResultsPage(IReadOnlyList<ScreeningRowResult> Rows, int Offset);
