using System.Globalization;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Cypher;

/// <summary>
/// How the domain model looks to Cypher, on every store: each entity is a node labelled <c>Entity</c> plus its own
/// labels, with properties <c>id</c>, <c>name</c>, <c>country</c>, <c>aliases</c>, <c>id_&lt;scheme&gt;</c> and its
/// own properties; each relationship carries <c>id</c>, <c>source</c>, <c>record</c>, <c>quote</c>, <c>date</c>,
/// <c>confidence</c>, <c>validFrom</c>, <c>validTo</c> (ISO dates), <c>shareLow</c>/<c>shareHigh</c> (fractions),
/// <c>items</c> and its own properties. The same query text therefore runs on the embedded engine and on Neo4j.
/// </summary>
public static class DomainView
{
    /// <summary>The label every entity node carries.</summary>
    public const string EntityLabel = "Entity";

    /// <summary>The node labels of an entity.</summary>
    /// <param name="e">The entity.</param>
    /// <returns>Its labels, then <see cref="EntityLabel"/>.</returns>
    public static IReadOnlyList<string> Labels(Entity e) => [.. e.Labels.Where(l => l != EntityLabel), EntityLabel];

    /// <summary>One property of an entity as Cypher sees it.</summary>
    /// <param name="e">The entity.</param>
    /// <param name="key">Property key.</param>
    /// <returns>The value or null.</returns>
    public static object? EntityProperty(Entity e, string key) => key switch
    {
        "id" => e.Id,
        "name" => e.Name,
        "country" => e.Country,
        "aliases" => e.Aliases.Count == 0 ? null : e.Aliases.Select(a => (object?)a).ToList(),
        _ when key.StartsWith("id_", StringComparison.Ordinal) => e.Identifiers.TryGetValue(key[3..], out var v) ? v : null,
        _ => e.Properties.TryGetValue(key, out var p) ? Values.FromClr(p) : null,
    };

    /// <summary>All properties of an entity as Cypher sees them.</summary>
    /// <param name="e">The entity.</param>
    /// <returns>Key/value pairs without nulls.</returns>
    public static Dictionary<string, object?> EntityProperties(Entity e)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = e.Id, ["name"] = e.Name };
        if (e.Country is not null)
        {
            d["country"] = e.Country;
        }

        if (e.Aliases.Count > 0)
        {
            d["aliases"] = e.Aliases.Select(a => (object?)a).ToList();
        }

        foreach (var (scheme, value) in e.Identifiers)
        {
            d["id_" + scheme] = value;
        }

        foreach (var (k, v) in e.Properties)
        {
            if (v is not null && !d.ContainsKey(k))
            {
                d[k] = Values.FromClr(v);
            }
        }

        return d;
    }

    /// <summary>One property of a relationship as Cypher sees it.</summary>
    /// <param name="r">The relationship.</param>
    /// <param name="key">Property key.</param>
    /// <returns>The value or null.</returns>
    public static object? RelationshipProperty(Relationship r, string key) => key switch
    {
        "id" => r.Id,
        "source" => r.Provenance.Source,
        "record" => r.Provenance.Record,
        "quote" => r.Provenance.Quote,
        "date" => Iso(r.Provenance.Date),
        "confidence" => r.Provenance.Confidence,
        "validFrom" => Iso(r.Validity.From),
        "validTo" => Iso(r.Validity.To),
        "shareLow" => r.Share.Low,
        "shareHigh" => r.Share.High,
        "items" => r.Items.Count == 0 ? null : r.Items.Select(i => (object?)i).ToList(),
        _ => r.Properties.TryGetValue(key, out var p) ? Values.FromClr(p) : null,
    };

    private static readonly string[] RelationshipKeys =
        ["id", "source", "record", "quote", "date", "confidence", "validFrom", "validTo", "shareLow", "shareHigh", "items"];

    /// <summary>All properties of a relationship as Cypher sees them.</summary>
    /// <param name="r">The relationship.</param>
    /// <returns>Key/value pairs without nulls.</returns>
    public static Dictionary<string, object?> RelationshipProperties(Relationship r)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var k in RelationshipKeys)
        {
            if (RelationshipProperty(r, k) is { } v)
            {
                d[k] = v;
            }
        }

        foreach (var (k, v) in r.Properties)
        {
            if (v is not null && !d.ContainsKey(k))
            {
                d[k] = Values.FromClr(v);
            }
        }

        return d;
    }

    private static string? Iso(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Builds an entity from a node's labels and properties (the inverse of the view).</summary>
    /// <param name="labels">Node labels (<see cref="EntityLabel"/> is dropped).</param>
    /// <param name="props">Node properties.</param>
    /// <param name="original">The entity before the change, whose sources are kept.</param>
    /// <returns>The entity.</returns>
    /// <exception cref="CypherException">A required property is missing or has the wrong type.</exception>
    public static Entity ToEntity(IReadOnlyList<string> labels, IReadOnlyDictionary<string, object?> props, Entity? original)
    {
        var name = props.GetValueOrDefault("name") as string
            ?? throw Invalid("an entity node needs a string property `name`");
        var id = props.GetValueOrDefault("id") switch
        {
            string s => s,
            null => original?.Id ?? Slug.From(name),
            _ => throw Invalid("property `id` must be a string"),
        };
        var own = labels.Where(l => l != EntityLabel).ToList();
        var identifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        var other = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in props)
        {
            if (k is "id" or "name" or "country" or "aliases" || v is null)
            {
                continue;
            }

            if (k.StartsWith("id_", StringComparison.Ordinal))
            {
                identifiers[k[3..]] = v as string ?? throw Invalid($"identifier `{k}` must be a string");
            }
            else
            {
                other[k] = ToStored(v);
            }
        }

        return new Entity
        {
            Id = id,
            Name = name,
            Labels = own.Count > 0 ? own : ["Company"],
            Country = props.GetValueOrDefault("country") switch
            {
                null => null,
                string c => c,
                _ => throw Invalid("property `country` must be a string"),
            },
            Aliases = props.GetValueOrDefault("aliases") switch
            {
                null => [],
                List<object?> list => list.Select(x => x as string ?? throw Invalid("`aliases` must be a list of strings")).ToList(),
                _ => throw Invalid("`aliases` must be a list of strings"),
            },
            Identifiers = identifiers,
            Properties = other,
            Sources = original?.Sources ?? [],
        };
    }

    /// <summary>Builds a relationship from its type, ends and properties (the inverse of the view).</summary>
    /// <param name="type">Relationship type.</param>
    /// <param name="from">Start entity id.</param>
    /// <param name="to">End entity id.</param>
    /// <param name="props">Relationship properties.</param>
    /// <returns>The relationship.</returns>
    /// <exception cref="CypherException">A property has the wrong type.</exception>
    public static Relationship ToRelationship(string type, string from, string to, IReadOnlyDictionary<string, object?> props)
    {
        string? Str(string key) => props.GetValueOrDefault(key) switch
        {
            null => null,
            string s => s,
            _ => throw Invalid($"property `{key}` must be a string"),
        };
        double? Num(string key) => props.GetValueOrDefault(key) switch
        {
            null => null,
            long l => l,
            double d => d,
            _ => throw Invalid($"property `{key}` must be a number"),
        };
        DateOnly? Day(string key) => Str(key) is { } s
            ? DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw Invalid($"property `{key}` must be a date like 2024-01-31")
            : null;

        var other = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in props)
        {
            if (v is not null && Array.IndexOf(RelationshipKeys, k) < 0 && k != "share")
            {
                other[k] = ToStored(v);
            }
        }

        var share = OwnershipShare.Unknown;
        if (Str("share") is { } text)
        {
            if (!OwnershipShare.TryParse(text, out share, out var error))
            {
                throw Invalid($"property `share`: {error}");
            }
        }
        else if (Num("shareLow") is { } low)
        {
            share = new OwnershipShare(low, Num("shareHigh") ?? low);
        }

        return new Relationship
        {
            Id = Str("id") ?? Relationship.DefaultId(type, from, to),
            Type = type,
            From = from,
            To = to,
            Share = share,
            Items = props.GetValueOrDefault("items") is List<object?> items ? items.Select(i => i?.ToString() ?? "").ToList() : [],
            Properties = other,
            Provenance = new Provenance(
                Str("source") ?? throw Invalid($"a {type} relationship needs a `source` property (its evidence)"),
                Str("record"),
                Str("quote"),
                Day("date"),
                Num("confidence") ?? 1.0),
            Validity = new Validity(Day("validFrom"), Day("validTo")),
        };
    }

    private static object? ToStored(object? v) => v switch
    {
        List<object?> list => list.ConvertAll(ToStored),
        CypherTemporal or CypherDuration => v.ToString(),
        _ => v,
    };

    private static CypherException Invalid(string message) => new("ConstraintVerificationFailed", "InvalidEntity", message, false);
}
