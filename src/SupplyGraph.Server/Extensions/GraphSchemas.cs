using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;
using SupplyGraph.Server.Apis;
using static SupplyGraph.Server.Extensions.SchemaParts;

namespace SupplyGraph.Server.Extensions;

/// <summary>
/// The schemas of the types Core writes with its own converters (entities, relationships, changes, review items): the
/// generator sees only a converter and would describe them as "any value". The fields here are the ones
/// <see cref="GraphJson"/> and <see cref="ReviewJson"/> write; docs/import-formats.md says what each means.
/// </summary>
public sealed class GraphSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (SchemaParts.IsByHand(schema))
        {
            return Task.CompletedTask;
        }

        var type = context.JsonTypeInfo.Type;
        if (type == typeof(DirectionParameter) || Nullable.GetUnderlyingType(type) == typeof(DirectionParameter))
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. DirectionParameter.Names.Select(n => (JsonNode)n)];
            return Task.CompletedTask;
        }

        var filled = Of(type);
        if (filled is null && schema.Items is null && context.JsonTypeInfo.ElementType is { } element && Of(element) is not null)
        {
            // A list of them: the generator leaves out the items of a converter's type. Inline: a reference set here is
            // walked again by the generator before the component exists, which it refuses.
            schema.Items = Of(element);
        }

        if (filled is not null)
        {
            SchemaParts.Fill(schema, filled);
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema? Of(Type type) =>
        type == typeof(Entity) ? Entity()
        : type == typeof(Relationship) ? Relationship()
        : type == typeof(Change) ? Change()
        : type == typeof(ReviewRecord) ? Review()
        : null;

    private static OpenApiSchema Entity() => Object(
        ["id", "labels", "name"],
        ("id", Text("Stable id, e.g. sugon.")),
        ("labels", Texts("Company, Institute, GovernmentBody, Person, Technology, List …")),
        ("name", Text("Display name.")),
        ("aliases", Texts("Other names it is known by.")),
        ("country", Text("Country of registration.")),
        ("identifiers", Map("Identifiers by scheme (lei, uscc, duns …).")),
        ("properties", AnyMap("Further properties.")),
        ("sources", Array(Provenance(), "Where the entity is recorded.")));

    private static OpenApiSchema Relationship() => Object(
        ["id", "type", "from", "to", "provenance"],
        ("id", Text("Stable id.")),
        ("type", Text("OWNS, SUPPLIES, SUBSIDIARY_OF, LISTED_ON … (see /api/vocabulary).")),
        ("from", Text("Id of the entity it starts at.")),
        ("to", Text("Id of the entity it ends at.")),
        ("share", Any("Ownership share: a number from 0 to 1, or a range as text such as \"0.25-0.5\".")),
        ("items", Texts("What is supplied.")),
        ("properties", AnyMap("Further properties.")),
        ("provenance", Provenance()),
        ("validFrom", Date("First day it holds.")),
        ("validTo", Date("Last day it holds.")));

    private static OpenApiSchema Change()
    {
        var change = Object(
            ["op"],
            ("op", Enum(["putEntity", "deleteEntity", "putRelationship", "deleteRelationship", "putReview"], "Which change.")),
            ("entity", Entity()),
            ("relationship", Relationship()),
            ("id", Text("The id deleted (deleteEntity, deleteRelationship).")),
            ("detach", Boolean("deleteEntity: delete its relationships too.")),
            ("review", AnyMap("putReview: a review item (as GET /api/reviews/{id}).")));
        change.Description = "One change of a batch: op says which, and which other field it carries.";
        return change;
    }

    private static OpenApiSchema Review()
    {
        var party = Object(
            ["name"],
            ("entityId", Text("Its id in the graph, when it has one.")),
            ("name", Text("Name.")),
            ("labels", Texts("Labels.")),
            ("aliases", Texts("Aliases.")),
            ("country", Text("Country.")),
            ("identifiers", Map("Identifiers by scheme.")));
        var decision = Object(
            ["status", "by", "at"],
            ("status", Text("open, accepted, rejected, merged or split.")),
            ("by", Text("Who decided.")),
            ("at", DateTime("When.")),
            ("note", Text("Why.")));
        return Object(
            ["id", "recordKey", "status", "queuedAt", "score", "matchedBy", "reasons", "record", "candidate", "decisions"],
            ("id", Text("Review item id.")),
            ("recordKey", Text("The imported record it is about.")),
            ("status", Text("open, accepted, rejected, merged or split.")),
            ("queuedAt", DateTime("When it was queued.")),
            ("at", Object(["file", "line"], ("file", Text("Import file.")), ("line", Int32("Line in the file.")))),
            ("score", Double("Match score from 0 to 1.")),
            ("matchedBy", Text("What matched (name, identifier …).")),
            ("reasons", Texts("Why it was not joined on its own.")),
            ("record", party),
            ("candidate", party),
            ("decisions", Array(decision, "Decisions so far.")),
            ("merge", AnyMap("For a merge: the kept and absorbed entities and the relationships moved.")));
    }

    /// <summary>Where a fact comes from, as GraphJson.WriteProvenance writes it (screening chains carry it too).</summary>
    internal static OpenApiSchema Provenance() => Object(
        ["source", "confidence"],
        ("source", Text("The source document or dataset.")),
        ("record", Text("The record within the source.")),
        ("quote", Text("The words that support it.")),
        ("date", Date("The source's date.")),
        ("confidence", Double("From 0 to 1.")));
}
