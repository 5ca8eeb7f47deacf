using Microsoft.Extensions.Options;
using SupplyGraph.Core.Evidence;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// The sources that evidence cites, so that a quote can be read where it stands: the catalog (titles instead of file
/// names), and one document's text or one dataset record with the quote's places in it. Reader role; the text is
/// bounded by <c>MaxSourceCharacters</c>; only catalogued files are read.
/// </summary>
public static class DocumentsApi
{
    public static void MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/documents").WithTags("Evidence").RequireAuthorization(Policies.Read);
        api.MapGet("/", (SourceLibrary library) => TypedResults.Ok(library.Sources));
        api.MapGet("/{id}", (SourceLibrary library, string id, HttpRequest request, IOptions<SupplyGraphOptions> options) =>
            TypedResults.Ok(library.Read(id, request.Query["record"].FirstOrDefault(), request.Query["quote"].FirstOrDefault(), options.Value.MaxSourceCharacters)));
    }
}
