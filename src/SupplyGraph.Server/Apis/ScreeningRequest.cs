namespace SupplyGraph.Server.Apis;

/// <summary>The body that starts a saved screening.</summary>
/// <param name="Csv">The counterparty file's text (header: name, country, identifiers, id, type).</param>
/// <param name="Input">The file's name, for the report. Default: request.csv.</param>
/// <param name="K">Hops of ownership and control to look through, 0 to 6. Default: 2.</param>
/// <param name="Rules">Rule profiles to apply (ofac, bis-affiliates, eu, uk). Default: ofac and bis-affiliates.</param>
/// <param name="AsOf">The day to screen on (YYYY-MM-DD). Default: today.</param>
/// <param name="Lists">Only these lists.</param>
/// <param name="Types">Only these relationship types.</param>
/// <param name="Webhook">An http(s) URL told of every later change of a row's verdict.</param>
public sealed record ScreeningRequest(string Csv, string? Input, int? K, IReadOnlyList<string>? Rules, string? AsOf, IReadOnlyList<string>? Lists, IReadOnlyList<string>? Types, string? Webhook);
