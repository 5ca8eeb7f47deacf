using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Import.Formats;

/// <summary>
/// The trade.gov Consolidated Screening List: its CSV download (any column order, so the 2022 and 2025 layouts
/// alike) and its API's JSON (<c>{"results": [...]}</c>, arrays where the CSV joins with <c>;</c>).
/// </summary>
/// <remarks>
/// Mapping, per row:
/// <list type="bullet">
/// <item><c>type</c> Individual → <c>Person</c>, Entity → <c>Company</c>, Vessel → <c>Vessel</c>, Aircraft →
/// <c>Aircraft</c>, empty (the BIS and State lists) → <c>Party</c>.</item>
/// <item><c>name</c> → name; <c>alt_names</c> → aliases (a leading "and" dropped); the first ISO-2 code ending an
/// <c>addresses</c> entry → country; addresses, <c>programs</c>, <c>title</c>, <c>remarks</c>, dates and places of
/// birth, nationalities, citizenships and vessel fields → properties.</item>
/// <item><c>ids</c> (<c>Type, number[, country]</c>) → identifiers keyed by the type as a slug (passport,
/// registration-id, swift-bic…); entries that are not identifiers (Gender, Website, directive notes) → the
/// property <c>otherInfo</c>.</item>
/// <item><c>source</c> → one <c>List</c> node per source list (the seed's node where it is the same list, see
/// <see cref="KnownLists"/>), and a <c>LISTED_ON</c> relationship valid from <c>start_date</c> to <c>end_date</c>,
/// quoting <c>federal_register_notice</c>.</item>
/// </list>
/// Entries are keyed by (source, entity_number or _id): numbers repeat across lists. A party listed on several
/// lists becomes one node (joined by the staged resolver, as the list reader does); two rows of one source list in one
/// file under different names are two parties (<see cref="PartyRecord.ListScope"/>).
/// </remarks>
internal static partial class CslReader
{
    private static readonly (string Column, string Property)[] PartyProperties =
    [
        ("title", "title"), ("remarks", "remarks"), ("dates_of_birth", "datesOfBirth"), ("places_of_birth", "placesOfBirth"),
        ("nationalities", "nationalities"), ("citizenships", "citizenships"), ("call_sign", "callSign"), ("vessel_type", "vesselType"),
        ("gross_tonnage", "grossTonnage"), ("gross_registered_tonnage", "grossRegisteredTonnage"), ("vessel_flag", "vesselFlag"),
        ("vessel_owner", "vesselOwner"),
    ];

    private static readonly (string Column, string Property)[] EntryProperties =
    [
        ("federal_register_notice", "federalRegisterNotice"), ("standard_order", "standardOrder"),
        ("license_requirement", "licenseRequirement"), ("license_policy", "licensePolicy"), ("source_list_url", "sourceListUrl"),
    ];

    /// <summary>Reads the CSV download.</summary>
    public static void ReadCsv(Stream stream, string file, ImportSession session)
    {
        using var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        string[]? header = null;
        var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            foreach (var r in CsvReader.Read(text))
            {
                if (header is null)
                {
                    header = [.. r.Fields.Select(h => h.Trim())];
                    if (!header.Contains("name") || !header.Contains("source"))
                    {
                        session.Error(new InputError(new SourceLocation(file, r.Line), "", "a Consolidated Screening List CSV needs the columns source and name"));
                        return;
                    }

                    continue;
                }

                var at = new SourceLocation(file, r.Line);
                if (r.Fields.Length != header.Length)
                {
                    session.Error(new InputError(at, "", $"expected {header.Length} fields as in the header, found {r.Fields.Length}"));
                    continue;
                }

                row.Clear();
                for (var i = 0; i < header.Length; i++)
                {
                    row[header[i]] = r.Fields[i];
                }

                ReadEntry(row, at, session);
            }
        }
        catch (FormatException ex)
        {
            session.Error(new InputError(new SourceLocation(file, 0), "", "malformed CSV: " + ex.Message));
        }
        catch (DecoderFallbackException)
        {
            session.Error(new InputError(new SourceLocation(file, 0), "", "the file is not valid UTF-8"));
        }
    }

    /// <summary>Reads the API's JSON, turning each result into the CSV's cells so that one mapping serves both.</summary>
    public static void ReadJson(Stream stream, string file, ImportSession session)
    {
        var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in JsonRecordStream.ReadArray(stream, file, "results"))
        {
            var at = new SourceLocation(file, record.Line);
            if (record.Value.ValueKind != JsonValueKind.Object)
            {
                session.Error(new InputError(at, "results", "expected an object"));
                continue;
            }

            row.Clear();
            foreach (var p in record.Value.EnumerateObject())
            {
                row[p.Name] = p.Value.ValueKind == JsonValueKind.Array
                    ? string.Join("; ", p.Value.EnumerateArray().Select(Cell).Where(c => c.Length > 0))
                    : Cell(p.Value);
            }

            ReadEntry(row, at, session);
        }
    }

    /// <summary>An API value as the CSV writes it: addresses and ids are objects there, comma-joined here.</summary>
    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object when value.TryGetProperty("type", out _) && value.TryGetProperty("number", out _) =>
            string.Join(", ", new[] { "type", "number", "country" }.Select(f => RecordText.Str(value, f)).OfType<string>()),
        JsonValueKind.Object =>
            string.Join(", ", new[] { "address", "city", "state", "postal_code", "country" }.Select(f => RecordText.Str(value, f)).OfType<string>()),
        _ => RecordText.Scalar(value) ?? "",
    };

    private static void ReadEntry(Dictionary<string, string> row, SourceLocation at, ImportSession session)
    {
        string? Get(string column) => row.TryGetValue(column, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var source = Get("source");
        var name = Get("name");
        if (source is null || name is null)
        {
            session.Error(new InputError(at, source is null ? "source" : "name", "is required"));
            return;
        }

        var number = Get("entity_number") ?? Get("_id") ?? Get("id") ?? $"line-{at.Line}";
        var key = $"csl:{source}:{number}";
        var party = new PartyRecord
        {
            At = at,
            Key = key,
            KeyIdentifiesParty = false,
            ListScope = KnownLists.IdFor(source, "csl-"),
            Label = Get("type")?.ToUpperInvariant() switch
            {
                "INDIVIDUAL" => NodeLabels.Person,
                "ENTITY" => NodeLabels.Company,
                "VESSEL" => NodeLabels.Vessel,
                "AIRCRAFT" => NodeLabels.Aircraft,
                _ => NodeLabels.Party,
            },
            Name = name,
            Aliases = [.. RecordText.Split(Get("alt_names")).Select(a => LeadingAnd().Replace(a, "")).Where(a => a.Length > 0)],
            Source = new Provenance(at.File, $"{source} #{number}"),
        };

        var addresses = RecordText.Split(Get("addresses"));
        foreach (var address in addresses)
        {
            var last = address[(address.LastIndexOf(',') + 1)..].Trim();
            if (RecordText.IsCountryCode(last))
            {
                party.Country = RecordText.Country(last);
                break;
            }
        }

        if (addresses.Count > 0)
        {
            party.Properties["addresses"] = RecordText.List(addresses);
        }

        if (RecordText.Split(Get("programs")) is { Count: > 0 } programs)
        {
            party.Properties["programs"] = RecordText.List(programs);
        }

        foreach (var (column, property) in PartyProperties)
        {
            if (Get(column) is { } value)
            {
                party.Properties[property] = value;
            }
        }

        ReadIds(Get("ids"), party);
        session.Joiner.AddParty(party);

        var listId = session.Joiner.EnsureList(KnownLists.IdFor(source, "csl-"), source, at, ListProperties(source, Get("source_information_url") ?? Get("source_list_url")));
        var start = RecordText.Date(Get("start_date"));
        var entry = new Dictionary<string, object?>(StringComparer.Ordinal) { ["entryName"] = name, ["entryNumber"] = number };
        foreach (var (column, property) in EntryProperties)
        {
            if (Get(column) is { } value)
            {
                entry[property] = value;
            }
        }

        if (party.Properties.TryGetValue("programs", out var p))
        {
            entry["programs"] = p;
        }

        session.Joiner.AddLink(new LinkRecord
        {
            At = at,
            Id = $"csl:{listId}:{Slug.From(number)}",
            Type = RelationshipTypes.ListedOn,
            From = new PartyRef("name", Key: key),
            To = new PartyRef("source", EntityId: listId),
            Validity = new Validity(start, RecordText.Date(Get("end_date"), endOfPeriod: true)),
            Properties = entry,
            Provenance = new Provenance(at.File, $"{source} #{number}", Get("federal_register_notice"), start, 1.0),
        });
    }

    private static Dictionary<string, object?> ListProperties(string source, string? url)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal) { ["cslSource"] = source };
        if (KnownLists.Agency(source) is { } agency)
        {
            properties["agency"] = agency;
        }

        if (url is not null)
        {
            properties["url"] = url;
        }

        return properties;
    }

    /// <summary><c>Passport, 836238033, KP; Gender, Male; …</c>: identifiers where the type names one, the rest as notes.</summary>
    private static void ReadIds(string? cell, PartyRecord party)
    {
        var other = new List<string>();
        foreach (var id in RecordText.Split(cell))
        {
            var comma = id.IndexOf(',', StringComparison.Ordinal);
            var type = comma > 0 ? id[..comma].Trim().TrimEnd(':', '-').Trim() : "";
            var value = comma > 0 ? id[(comma + 1)..].Trim() : id;
            if (type.Length == 0 || !IdentifierType().IsMatch(type))
            {
                other.Add(id);
                continue;
            }

            if (type.Equals("Gender", StringComparison.OrdinalIgnoreCase))
            {
                party.Properties["gender"] = value;
                continue;
            }

            var scheme = Slug.From(type);
            for (var n = 2; party.Identifiers.ContainsKey(scheme); n++)
            {
                scheme = $"{Slug.From(type)}-{n}";
            }

            party.Identifiers[scheme] = value;
        }

        if (other.Count > 0)
        {
            party.Properties["otherInfo"] = RecordText.List(other);
        }
    }

    [GeneratedRegex(@"^and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingAnd();

    [GeneratedRegex(@"(number|\bno\b|\bid\b|passport|swift|bic|registration|tax|\blei\b|\bimo\b|mmsi|identification|cedula|\bnit\b|\brfc\b|c\.u\.r\.p|\bruc\b|\bgender\b)", RegexOptions.IgnoreCase)]
    private static partial Regex IdentifierType();
}
