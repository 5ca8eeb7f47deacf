using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Screening;
using SupplyGraph.Server.Apis;
using static SupplyGraph.Server.Extensions.SchemaParts;

namespace SupplyGraph.Server.Extensions;

/// <summary>
/// The schemas of the screening answers, whose JSON is written by hand (<see cref="ScreeningsJson"/>,
/// <see cref="ScreeningReportWriter"/>, the deliveries list in <see cref="ScreeningsApi"/>): the generator would describe
/// the Core records' C# shape instead. Each field here is one those writers write; required when always written.
/// Closed sets of words (verdicts, rule statuses, screening and decision statuses) are taken from Core, not retyped.
/// </summary>
public sealed class ScreeningSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (SchemaParts.IsByHand(schema))
        {
            return Task.CompletedTask;
        }

        var type = context.JsonTypeInfo.Type;
        if (type == typeof(ScreeningResultsPage))
        {
            // The rows stay the generator's reference to the ScreeningRowResult component, which is filled below.
            schema.Required = new HashSet<string>(["rows", "offset"], StringComparer.Ordinal);
            schema.Description = "A page of a screening's rows, in row order.";
            return Task.CompletedTask;
        }

        var filled = type == typeof(SavedScreening) ? Screening()
            : type == typeof(ScreeningRowResult) ? Row()
            : type == typeof(ScreeningDiff) ? Diff()
            : type == typeof(ScreeningDecision) ? Decision()
            : type == typeof(WebhookDelivery) ? Delivery()
            : type == typeof(DataVersion) ? Data()
            : null;
        if (filled is not null)
        {
            SchemaParts.Fill(schema, filled);
        }

        return Task.CompletedTask;
    }

    private static IEnumerable<string> Verdicts => System.Enum.GetValues<ScreeningVerdict>().Select(ScreeningReportWriter.Name);

    private static OpenApiSchema Screening()
    {
        var parameters = Object(
            ["k", "rules"],
            ("k", Int32("Hops screened around each party for exposure to listed parties.")),
            ("rules", Texts("The rule profiles applied (ofac, bis-affiliates, eu, uk …).")),
            ("asOf", Date("The day the lists and stakes were taken as of; absent: the day it ran.")),
            ("lists", Texts("Only these lists count; absent: every list.")),
            ("types", Texts("Only these relationship types were followed for exposure; absent: all.")))
            .Described("What the screening was asked for.").Titled("ScreeningParameters");
        var summary = Object(
            ["rows", "flagged"],
            [("rows", Int32("Rows screened.")), ("flagged", Int32("Rows that need a person's attention.")),
                .. Verdicts.Select(v => (v, Int32($"Rows whose verdict is {v} (absent when none).")))])
            .Described("Counts once the screening is done: rows, flagged, and rows per verdict.").Titled("ScreeningSummary");
        return Object(
            ["id", "input", "status", "rows", "done", "sequence", "createdBy", "createdAt", "parameters", "decisions"],
            ("id", Text("Screening id (scr-…).")),
            ("input", Text("The counterparty file's name.")),
            ("status", Enum([SavedScreening.Queued, SavedScreening.Running, SavedScreening.Completed, SavedScreening.Failed],
                "queued, running, done (results current to sequence, following the change log), or failed (see error).")),
            ("rows", Int32("Rows in the file.")),
            ("done", Int32("Rows screened so far.")),
            ("sequence", Int64("The change-log sequence the results are current to (0 until the first run completes).")),
            ("createdBy", Text("Who started it (the API key's name).")),
            ("createdAt", DateTime("When it was started.")),
            ("webhook", Text("Where every difference is posted, signed; absent when none.")),
            ("error", Text("Why it failed; only when status is failed.")),
            ("parameters", parameters),
            ("summary", summary),
            ("decisions", Int32("Decisions recorded on its rows.")))
            .Described("A saved screening: its input, state, parameters and, once done, a summary.");
    }

    private static OpenApiSchema Row()
    {
        var input = Object(
            ["name", "identifiers"],
            ("name", Text("Name as given in the file.")),
            ("id", Text("The row's own id in the file.")),
            ("country", Text("Country as given.")),
            ("type", Text("Company, Person … as given.")),
            ("birthDate", Text("Date of birth as given (a person).")),
            ("identifiers", Map("Identifiers by scheme (lei, uscc, duns …).")))
            .Described("The row as the file gave it.").Titled("ScreeningInput");
        var match = Object(
            ["outcome", "matchedBy", "score", "reasons"],
            ("outcome", Enum([RowMatch.Matched, RowMatch.Ambiguous, RowMatch.NoMatch], "matched; ambiguous (a person must decide, never guessed); no-match (nothing is known: not a clearance).")),
            ("entity", Text("The matched entity's id, or for an ambiguous row the candidate it may be.")),
            ("entityName", Text("That entity's name.")),
            ("matchedBy", Text("The resolver's rule (identifier:lei, name, alias, fuzzy 0.93 …).")),
            ("score", Double("1 for identifier and exact-name rules, the fuzzy score otherwise.")),
            ("reasons", Texts("The names that matched and any guard that kept a match from being made.")))
            .Described("How the row resolved against the graph.").Titled("ScreeningMatch");
        var listing = Object(
            ["list", "listName", "relationship", "evidence"],
            ("list", Text("The list's id (bis-entity-list, ofac-sdn …).")),
            ("listName", Text("The list's name.")),
            ("since", Date("Listed since; absent when the source gives no date.")),
            ("relationship", Text("The LISTED_ON relationship's id.")),
            ("evidence", GraphSchemas.Provenance()))
            .Described("One of the matched party's own listings.").Titled("ScreeningListing");
        var step = Object(
            ["owner", "owned", "share", "relationship", "type", "evidence"],
            ("owner", Text("Id of the owning (or controlling) entity.")),
            ("owned", Text("Id of the entity it owns.")),
            ("share", Text("The stake as a percentage (60%), a range (25%-50%), or unknown.")),
            ("relationship", Text("The relationship's id.")),
            ("type", Text("Its type (OWNS, CONTROLS …).")),
            ("evidence", GraphSchemas.Provenance()))
            .Described("One stake of an ownership (or control) chain, with its evidence.").Titled("ScreeningChainStep");
        var rule = Object(
            ["rule", "name", "citation", "inForce", "status", "test", "aggregateLow", "aggregateHigh", "unknowns", "explanation", "chain"],
            ("rule", Text("The rule profile's id (ofac, bis-affiliates, eu, uk …).")),
            ("name", Text("The rule's name.")),
            ("citation", Text("The legal citation.")),
            ("inForce", Boolean("Whether the rule applies on the day (listed parties count either way).")),
            ("status", Enum(System.Enum.GetValues<BlockStatus>().Select(ScreeningReportWriter.Name), "blocked (covered by the rule), possibly-blocked (unknown or ranged stakes decide), or not-blocked.")),
            ("test", Text("Which test fired: listed, ownership, control, or none.")),
            ("aggregateLow", Double("Ownership held by covered owners for certain, from 0 to 1.")),
            ("aggregateHigh", Double("Ownership they may hold (unknown and ranged stakes at their high ends), from 0 to 1.")),
            ("unknowns", Texts("What the verdict cannot see: lists with no data, stakes of unknown size, board appointments not recorded.")),
            ("explanation", Text("The verdict in one sentence.")),
            ("chain", Array(step, "One chain from a listed party down to the row's entity; empty when listed itself or not covered.")))
            .Described("One rule's verdict on the row.").Titled("ScreeningRuleVerdict");
        var hop = Object(
            ["relationship", "type", "from", "to", "forward", "evidence"],
            ("relationship", Text("The relationship's id.")),
            ("type", Text("Its type (SUPPLIES, OWNS …).")),
            ("from", Text("Id of the entity it starts at.")),
            ("to", Text("Id of the entity it ends at.")),
            ("forward", Boolean("Whether the path follows it from → to.")),
            ("evidence", GraphSchemas.Provenance()))
            .Described("One relationship of an exposure path, with its evidence.").Titled("ScreeningPathHop");
        var hit = Object(
            ["party", "partyName", "hops", "confidence", "lists", "path"],
            ("party", Text("Id of the listed party reached.")),
            ("partyName", Text("Its name.")),
            ("hops", Int32("Relationships between the row's entity and it.")),
            ("confidence", Double("The path's confidence, the product of its evidence's, from 0 to 1.")),
            ("lists", Texts("The lists it is on.")),
            ("path", Array(hop, "The path, from the row's entity, each hop with its evidence.")))
            .Described("A listed party within k hops of the row's entity.").Titled("ScreeningExposureHit");
        return Object(
            ["row", "line", "input", "verdict", "flagged", "evidenceHash", "match", "listings", "rules", "exposure"],
            ("row", Int32("Row number, from 1.")),
            ("line", Int32("Line in the file.")),
            ("input", input),
            ("verdict", Enum(Verdicts, "The overall result, most severe first: listed, covered, possibly-covered, exposed, ambiguous flag the row; clear and no-match do not (no-match is not a clearance).")),
            ("flagged", Boolean("Whether the row needs a person's attention.")),
            ("evidenceHash", Text("SHA-256 of the evidence behind the result; a decision is bound to it.")),
            ("match", match),
            ("listings", Array(listing, "The matched party's own listings, with evidence.")),
            ("rules", Array(rule, "One verdict per rule screened, with the ownership chain and its evidence.")),
            ("exposure", Array(hit, "Listed parties within k hops, nearest first, each with one evidenced path.")))
            .Described("One screened row: its resolution, verdict, each rule's verdict with the chain, and exposure paths, all with evidence.");
    }

    private static OpenApiSchema Diff() => Object(
        ["id", "screening", "sequence", "at", "row", "before", "after", "beforeHash", "afterHash", "why"],
        ("id", Int64("Difference id, increasing: read on with after=.")),
        ("screening", Text("The screening.")),
        ("sequence", Int64("The change-log sequence that changed the row.")),
        ("at", DateTime("When it was recorded.")),
        ("row", Int32("The row.")),
        ("before", Enum(Verdicts, "The verdict before.")),
        ("after", Enum(Verdicts, "The verdict after.")),
        ("beforeHash", Text("Evidence hash before.")),
        ("afterHash", Text("Evidence hash after.")),
        ("why", Texts("The facts gained (+ …) and lost (- …), and the batch that did it.")),
        ("reopened", Enum(ScreeningDecision.Statuses, "The status of the decision this change re-opened; absent when none was.")))
        .Described("A change of one row's verdict or evidence after a later batch, and why.");

    private static OpenApiSchema Decision() => Object(
        ["screening", "row", "status", "reason", "by", "at", "evidenceHash", "sequence"],
        ("screening", Text("The screening.")),
        ("row", Int32("The row.")),
        ("status", Enum([.. ScreeningDecision.Statuses, ScreeningDecision.Reopened], "The reviewer's decision, or reopened when the evidence changed under it.")),
        ("reason", Text("Why: the reviewer's words, or what changed for a re-opened one.")),
        ("by", Text("Who: an API key's name, or system for a re-opening.")),
        ("at", DateTime("When.")),
        ("evidenceHash", Text("The evidence it was made on: it holds while the row's evidence hash is this.")),
        ("sequence", Int64("The change-log sequence it was made at.")))
        .Described("A reviewer's decision on a row, bound to the evidence it was made on.");

    private static OpenApiSchema Delivery() => Object(
        ["id", "url", "attempt", "at", "statusCode", "delivered", "diffs"],
        ("id", Int64("Delivery id, increasing.")),
        ("url", Text("Where it was posted.")),
        ("attempt", Int32("1 for the first try.")),
        ("at", DateTime("When.")),
        ("statusCode", Int32("The receiver's HTTP status, or 0 when no answer came.")),
        ("delivered", Boolean("Whether the receiver took it (2xx).")),
        ("error", Text("What went wrong; absent when nothing did.")),
        ("diffs", Text("The ids of the differences the payload carried.")))
        .Described("One attempt to post differences to the screening's webhook.");

    private static OpenApiSchema Data() => Object(
        ["sequence", "sources"],
        ("sequence", Int64("The last change-log sequence the graph held.")),
        ("sources", Array(
            Object(
                ["list", "name", "entries", "published", "lastImported", "stale"],
                ("list", Text("The list's id.")),
                ("name", Text("The list's name.")),
                ("entries", Int32("Entries (LISTED_ON relationships) it holds.")),
                ("published", Date("Its publication date; null when the source gives none and its entries cite none.", nullable: true)),
                ("lastImported", DateTime("When a batch last wrote one of its entries; null when the change log no longer holds it.", nullable: true)),
                ("stale", Boolean("Older than the configured age (or never dated): verdicts resting on it may be out of date.")))
                .Described("How fresh one list's data is.").Titled("SourceFreshness"),
            "Each list with data.")))
        .Described("The data screenings are made on: the change-log sequence and how fresh each list is.");
}
