using System.Globalization;
using System.Text;
using System.Text.Json;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Import.Formats;

/// <summary>
/// OpenSanctions / FollowTheMoney entities, one JSON object per line (<c>{"id", "schema", "properties": {name: [values]}}</c>),
/// read line by line so that a file of any size imports in memory bounded by the graph it produces.
/// </summary>
/// <remarks>
/// Mapping:
/// <list type="bullet">
/// <item>Person → <c>Person</c>, Company → <c>Company</c>, PublicBody → <c>GovernmentBody</c>, Organization and
/// LegalEntity → <c>Party</c>, Vessel → <c>Vessel</c>, Airplane → <c>Aircraft</c>. The entity id is the FtM id, so
/// re-imports update the same nodes. <c>caption</c> (else the first name) → name; other <c>name</c>, <c>alias</c>
/// and <c>previousName</c> values → aliases; <c>country</c> (else <c>jurisdiction</c>) → country;
/// innCode, ogrnCode, kppCode, registrationNumber, taxNumber, vatCode, idNumber, passportNumber, imoNumber,
/// mmsi, leiCode, swiftBic, permId, uniqueEntityId → identifiers (several values joined by "; "); birth date and
/// place, nationality, gender, position, topics, legal form, status, dates, website, datasets → properties.</item>
/// <item>Ownership (owner → asset) → <c>OWNS</c> with <c>percentage</c> as an exact share (unknown when absent),
/// <c>startDate</c>/<c>endDate</c> as validity, <c>sharesCount</c> and <c>role</c> as properties.</item>
/// <item>Directorship (director → organization) → <c>LEADS</c> with the role; Family, Associate, Membership,
/// Employment and UnknownLink → <c>ASSOCIATED_WITH</c> with <c>kind</c> (family, associate…) and the source's
/// relationship wording.</item>
/// <item>Sanction (entity → program) → <c>LISTED_ON</c> a <c>List</c> node per program id (else per authority),
/// the seed's node where it is the same list; valid from <c>startDate</c> (else the earliest <c>listingDate</c>)
/// to <c>endDate</c>.</item>
/// <item>Address (referenced by <c>addressEntity</c>), Passport and Identification (referencing their
/// <c>holder</c>) are folded into their holder's <c>addresses</c> property and identifiers.</item>
/// </list>
/// Other schemas (notes, documents, positions) are skipped. A link to an id that no line describes is an error.
/// </remarks>
internal static class FtmReader
{
    /// <summary>FtM link schemas read alike: which property holds each end, the relationship type and its kind.</summary>
    private static readonly Dictionary<string, (string From, string To, string Type, string Kind)> Links = new(StringComparer.Ordinal)
    {
        ["Directorship"] = ("director", "organization", RelationshipTypes.Leads, "directorship"),
        ["Family"] = ("person", "relative", RelationshipTypes.AssociatedWith, "family"),
        ["Associate"] = ("person", "associate", RelationshipTypes.AssociatedWith, "associate"),
        ["Membership"] = ("member", "organization", RelationshipTypes.AssociatedWith, "membership"),
        ["Employment"] = ("employee", "employer", RelationshipTypes.AssociatedWith, "employment"),
        ["UnknownLink"] = ("subject", "object", RelationshipTypes.AssociatedWith, "unknown"),
    };

    private static readonly (string Property, string Scheme)[] IdentifierProperties =
    [
        ("innCode", "inn"), ("ogrnCode", "ogrn"), ("kppCode", "kpp"), ("registrationNumber", "registration-number"),
        ("taxNumber", "tax-number"), ("vatCode", "vat"), ("idNumber", "id-number"), ("passportNumber", "passport"),
        ("imoNumber", "imo"), ("mmsi", "mmsi"), ("leiCode", "lei"), ("swiftBic", "swift-bic"), ("permId", "perm-id"),
        ("uniqueEntityId", "unique-entity-id"),
    ];

    private static readonly (string Property, string Name, bool List)[] CopiedProperties =
    [
        ("birthDate", "birthDate", false), ("birthPlace", "birthPlace", false), ("nationality", "nationalities", true),
        ("citizenship", "citizenships", true), ("gender", "gender", false), ("position", "positions", true), ("topics", "topics", true),
        ("legalForm", "legalForm", false), ("status", "status", false), ("incorporationDate", "incorporationDate", false),
        ("dissolutionDate", "dissolutionDate", false), ("website", "website", false), ("address", "addresses", true),
        ("sourceUrl", "sourceUrls", true), ("programId", "programIds", true), ("flag", "flag", false), ("buildDate", "buildDate", false),
    ];

    /// <summary>Reads the file.</summary>
    public static void Read(Stream stream, string file, ImportSession session)
    {
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        var addressUses = new List<(string HolderKey, string AddressId, SourceLocation At)>();
        using var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, 1 << 16);
        foreach (var (line, json) in JsonRecordStream.ReadLines(text, file, session))
        {
            var at = new SourceLocation(file, line);
            var id = RecordText.Str(json, "id");
            var schema = RecordText.Str(json, "schema");
            var properties = RecordText.Obj(json, "properties");
            if (id is null || schema is null || properties.ValueKind != JsonValueKind.Object)
            {
                session.Error(new InputError(at, id is null ? "id" : schema is null ? "schema" : "properties", "a FollowTheMoney entity needs id, schema and properties"));
                continue;
            }

            var entity = new FtmEntity(id, schema, properties, json, at);
            switch (schema)
            {
                case "Person" or "Company" or "Organization" or "LegalEntity" or "PublicBody" or "Vessel" or "Airplane":
                    ReadParty(entity, session);
                    foreach (var addressId in RecordText.Strings(properties, "addressEntity"))
                    {
                        addressUses.Add((Key(id), addressId, at));
                    }

                    break;
                case "Address":
                    if ((RecordText.Strings(properties, "full").FirstOrDefault() ?? RecordText.Str(json, "caption")) is { } full)
                    {
                        addresses[id] = full;
                    }

                    break;
                case "Ownership":
                    ReadOwnership(entity, session);
                    break;
                case var link when Links.TryGetValue(link, out var l):
                    ReadLink(entity, l.From, l.To, l.Type, l.Kind, session);
                    break;
                case "Sanction":
                    ReadSanction(entity, session);
                    break;
                case "Passport" or "Identification":
                    ReadDocument(entity, session);
                    break;
            }
        }

        foreach (var (holderKey, addressId, at) in addressUses)
        {
            if (addresses.TryGetValue(addressId, out var full))
            {
                session.Joiner.AddFacts(new PartyRef("addressEntity", Key: holderKey), Facts(at, p => p["addresses"] = new List<object?> { full }));
            }
        }
    }

    private sealed record FtmEntity(string Id, string Schema, JsonElement Properties, JsonElement Json, SourceLocation At)
    {
        public List<string> Values(string property) => RecordText.Strings(Properties, property);

        public string? First(string property) => Values(property).FirstOrDefault();
    }

    private static string Key(string ftmId) => "ftm:" + ftmId;

    private static string EntityId(string ftmId) => Slug.IsValidId(ftmId) ? ftmId : "ftm-" + Slug.From(ftmId);

    private static PartyRecord Facts(SourceLocation at, Action<Dictionary<string, object?>> fill)
    {
        var facts = new PartyRecord { At = at, Key = "", Label = "", Name = "" };
        fill(facts.Properties);
        return facts;
    }

    private static void ReadParty(FtmEntity e, ImportSession session)
    {
        var names = e.Values("name");
        var name = RecordText.Str(e.Json, "caption") ?? names.FirstOrDefault();
        if (name is null)
        {
            session.Error(new InputError(e.At, "properties.name", "is required"));
            return;
        }

        var party = new PartyRecord
        {
            At = e.At,
            Key = Key(e.Id),
            Id = EntityId(e.Id),
            Label = e.Schema switch
            {
                "Person" => NodeLabels.Person,
                "Company" => NodeLabels.Company,
                "PublicBody" => NodeLabels.GovernmentBody,
                "Vessel" => NodeLabels.Vessel,
                "Airplane" => NodeLabels.Aircraft,
                _ => NodeLabels.Party,
            },
            Name = name,
            Aliases = [.. names.Concat(e.Values("alias")).Concat(e.Values("previousName"))],
            Country = RecordText.Country(e.First("country") ?? e.First("jurisdiction")),
            Source = new Provenance(e.At.File, e.Id),
        };
        party.Identifiers["ftm"] = e.Id;
        foreach (var (property, scheme) in IdentifierProperties)
        {
            if (e.Values(property) is { Count: > 0 } values)
            {
                party.Identifiers[scheme] = string.Join("; ", values);
            }
        }

        foreach (var (property, target, list) in CopiedProperties)
        {
            if (e.Values(property) is { Count: > 0 } values)
            {
                party.Properties[target] = list ? RecordText.List(values) : values[0];
            }
        }

        party.Properties["ftmSchema"] = e.Schema;
        if (RecordText.Strings(e.Json, "datasets") is { Count: > 0 } datasets)
        {
            party.Properties["datasets"] = RecordText.List(datasets);
        }

        session.Joiner.AddParty(party);
    }

    private static void ReadOwnership(FtmEntity e, ImportSession session)
    {
        var share = OwnershipShare.Unknown;
        var percentage = e.First("percentage");
        if (percentage is not null)
        {
            if (double.TryParse(percentage.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 100)
            {
                share = OwnershipShare.Exact(p / 100);
            }
            else
            {
                session.Error(new InputError(e.At, "properties.percentage", $"'{percentage}' is not a percentage between 0 and 100"));
                return;
            }
        }

        var properties = LinkProperties(e);
        if (e.First("sharesCount") is { } shares)
        {
            properties["sharesCount"] = shares;
        }

        AddLink(e, "owner", "asset", RelationshipTypes.Owns, share, properties, e.First("role") ?? percentage, session);
    }

    private static void ReadLink(FtmEntity e, string fromProperty, string toProperty, string type, string kind, ImportSession session)
    {
        var properties = LinkProperties(e);
        if (type == RelationshipTypes.AssociatedWith)
        {
            properties["kind"] = kind;
        }

        if (e.First("relationship") is { } wording)
        {
            properties["relationship"] = wording;
        }

        AddLink(e, fromProperty, toProperty, type, OwnershipShare.Unknown, properties, e.First("role") ?? e.First("relationship"), session);
    }

    private static Dictionary<string, object?> LinkProperties(FtmEntity e)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal) { ["ftmId"] = e.Id, ["ftmSchema"] = e.Schema };
        if (e.Values("role") is { Count: > 0 } roles)
        {
            properties["role"] = string.Join("; ", roles);
        }

        if (e.First("summary") is { } summary)
        {
            properties["summary"] = summary;
        }

        return properties;
    }

    private static void AddLink(FtmEntity e, string fromProperty, string toProperty, string type, OwnershipShare share,
        Dictionary<string, object?> properties, string? quote, ImportSession session)
    {
        var from = e.First(fromProperty);
        var to = e.First(toProperty);
        if (from is null || to is null)
        {
            session.Error(new InputError(e.At, "properties." + (from is null ? fromProperty : toProperty), "is required"));
            return;
        }

        var start = RecordText.Date(e.First("startDate"));
        session.Joiner.AddLink(new LinkRecord
        {
            At = e.At,
            Id = EntityId(e.Id),
            Type = type,
            From = new PartyRef("properties." + fromProperty, Key: Key(from)),
            To = new PartyRef("properties." + toProperty, Key: Key(to)),
            Share = share,
            Validity = new Validity(start, RecordText.Date(e.First("endDate"), endOfPeriod: true)),
            Properties = properties,
            Provenance = new Provenance(e.At.File, e.Id, quote, start, 1.0),
        });
    }

    private static void ReadSanction(FtmEntity e, ImportSession session)
    {
        var target = e.First("entity");
        if (target is null)
        {
            session.Error(new InputError(e.At, "properties.entity", "is required"));
            return;
        }

        var programId = e.First("programId");
        var authorities = e.Values("authority");
        var listName = programId ?? authorities.FirstOrDefault() ?? e.First("program") ?? "Sanctions (" + e.Id + ")";
        var listProperties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (authorities.Count > 0)
        {
            listProperties["authorities"] = RecordText.List(authorities);
        }

        if (e.First("programUrl") is { } url)
        {
            listProperties["url"] = url;
        }

        var listId = KnownLists.IdFor(listName, "ftm-");
        session.Joiner.EnsureList(listId, listName, e.At, listProperties);
        var listingDates = e.Values("listingDate").Select(d => RecordText.Date(d)).OfType<DateOnly>().Order().ToList();
        var start = RecordText.Date(e.First("startDate")) ?? (listingDates.Count > 0 ? listingDates[0] : null);
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal) { ["ftmId"] = e.Id };
        foreach (var (property, name) in new[] { ("program", "program"), ("reason", "reason"), ("provisions", "provisions"), ("status", "status"), ("duration", "duration"), ("country", "country") })
        {
            if (e.Values(property) is { Count: > 0 } values)
            {
                properties[name] = string.Join("; ", values);
            }
        }

        if (authorities.Count > 0)
        {
            properties["authority"] = string.Join("; ", authorities);
        }

        if (listingDates.Count > 0)
        {
            properties["listingDates"] = RecordText.List(listingDates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        session.Joiner.AddLink(new LinkRecord
        {
            At = e.At,
            Id = EntityId(e.Id),
            Type = RelationshipTypes.ListedOn,
            From = new PartyRef("properties.entity", Key: Key(target)),
            To = new PartyRef("properties.programId", EntityId: listId),
            Validity = new Validity(start, RecordText.Date(e.First("endDate"), endOfPeriod: true)),
            Properties = properties,
            Provenance = new Provenance(e.At.File, e.Id, e.First("program") ?? e.First("reason"), start, 1.0),
        });
    }

    private static void ReadDocument(FtmEntity e, ImportSession session)
    {
        var holder = e.First("holder");
        var number = e.First("number") ?? e.First("passportNumber");
        if (holder is null || number is null)
        {
            // A document without a number tells nothing the holder's record does not.
            return;
        }

        var scheme = e.Schema == "Passport" ? "passport" : Slug.From(e.First("type") ?? "id-number");
        var facts = Facts(e.At, _ => { });
        facts.Identifiers[scheme] = e.First("country") is { } country ? $"{number} ({country.ToUpperInvariant()})" : number;
        session.Joiner.AddFacts(new PartyRef("properties.holder", Key: Key(holder)), facts);
    }
}
