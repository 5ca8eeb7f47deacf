using SupplyGraph.Core.Screening;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// A page of a screening's results, <c>{"rows": […], "offset": n}</c>. The endpoint writes the stored rows' JSON as it is;
/// this type only names the answer in the OpenAPI document (<see cref="Extensions.ScreeningSchemas"/> describes it).
/// </summary>
/// <param name="Rows">The rows, as ScreeningReportWriter.WriteRow writes them.</param>
/// <param name="Offset">How many rows were skipped.</param>
public sealed record ScreeningResultsPage(IReadOnlyList<ScreeningRowResult> Rows, int Offset);
