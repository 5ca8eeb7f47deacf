using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
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
        api.MapGet("/", (SourceLibrary library) => TypedResults.Ok(library.Sources))
            .WithSummary("The sources evidence cites, by title")
            .WithDescription("The catalog: each source's id (what a provenance's source names), kind (document or dataset), title and where the title came from, publisher, author and length.");
        api.MapGet("/{id}", (SourceLibrary library, string id,
            [FromQuery(Name = "record"), Description("For a dataset: the record to show, e.g. entities[679] or a list id. Required for a dataset.")] string? record,
            [FromQuery(Name = "quote"), Description("A quote to locate in the text (runs of white space match any white space).")] string? quote,
            IOptions<SupplyGraphOptions> options) =>
            TypedResults.Ok(library.Read(id, record, quote, options.Value.MaxSourceCharacters)))
            .ProducesProblemFor(404).ProducesProblemFor(400)
            .WithSummary("A source's text, or one dataset record, with the quote located")
            .WithDescription("The document's text (cut at MaxSourceCharacters and marked truncated), or the dataset record as field: value lines, and where the quote stands in it; an unknown id or record is 404 naming it.");
    }
}
