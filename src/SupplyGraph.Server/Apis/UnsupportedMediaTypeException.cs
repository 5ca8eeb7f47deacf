namespace SupplyGraph.Server.Apis;

/// <summary>A JSON endpoint was sent something that does not say it is UTF-8 JSON; answered with 415.</summary>
public sealed class UnsupportedMediaTypeException(string? contentType)
    : Exception(contentType is null
        ? "the request has no Content-Type; send the body as application/json"
        : $"Content-Type '{Core.Model.StrictJson.Printable(contentType)}' is not accepted here; send the body as application/json (UTF-8)");
