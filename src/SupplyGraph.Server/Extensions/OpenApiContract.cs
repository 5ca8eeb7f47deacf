using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using SupplyGraph.Server.Apis;

namespace SupplyGraph.Server.Extensions;

/// <summary>
/// The API's contract in the OpenAPI document: the error answers each endpoint can give, the bodies read by hand
/// (strictly, for line-numbered errors) declared with their schemas, and the document's own description.
/// </summary>
public static class OpenApiContract
{
    private const string Problem = "application/problem+json";

    /// <summary>The document: OpenAPI 3.0 (what NSwag and most generators read), the key scheme, Core's JSON types.</summary>
    public static void AddSupplyGraphOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            o.AddSchemaTransformer<GraphSchemas>();
            o.AddSchemaTransformer<ScreeningSchemas>();
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "SupplyGraph API",
                    Version = "v1",
                    Description = "Ownership and supply-chain network analysis: entities and relationships with evidence, paths, exposure to listed parties, "
                        + "ownership rules, what-if batches, review and screenings. Send a key as X-Api-Key (or Authorization: Bearer); "
                        + "errors are application/problem+json naming the field to fix. Live updates: the SignalR hubs at /hubs/exposure and /hubs/screenings (docs/api.md).",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
                {
                    ["ApiKey"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key", Description = "A reader, editor or admin key." },
                };
                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// The API reference page at <c>/scalar</c>, usable with no network beyond this server: the script is the one
    /// compiled into Scalar.AspNetCore (served under /scalar), and nothing else is fetched — no web fonts, no
    /// telemetry, no AI agent, no MCP, no CORS proxy. Anonymous like the document it shows; calls made from it send
    /// the key entered there.
    /// </summary>
    public static void MapApiReference(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(o => o
                .WithTitle("SupplyGraph API")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp())
            .AllowAnonymous();

    /// <summary>The query runs within the caller's budget: 422 when it runs out, 503 when the server is busy or stopping.</summary>
    public static RouteHandlerBuilder Budgeted(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(BudgetedEndpoint.Instance)
            .ProducesProblemFor(StatusCodes.Status400BadRequest)
            .ProducesProblemFor(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblemFor(StatusCodes.Status503ServiceUnavailable);

    /// <summary>A JSON body of <typeparamref name="T"/>'s shape, read strictly by hand: 400 naming field and line, 413 too large, 415 not JSON.</summary>
    public static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder builder, bool optional = false)
        where T : notnull =>
        builder.Accepts<T>(optional, "application/json")
            .ProducesProblemFor(StatusCodes.Status400BadRequest)
            .ProducesProblemFor(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblemFor(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>An error answer of this status, described by <see cref="ApiProblem"/>.</summary>
    public static RouteHandlerBuilder ProducesProblemFor(this RouteHandlerBuilder builder, int status) =>
        builder.Produces<ApiProblem>(status, Problem);

    /// <summary>401 and 403 on every endpoint that needs a key (their detail names the role needed).</summary>
    public static TBuilder WithKeyProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<IAuthorizeData>().Any() && !endpoint.Metadata.OfType<IAllowAnonymous>().Any())
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ApiProblem), [Problem]));
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ApiProblem), [Problem]));
            }
        });
        return builder;
    }
}
