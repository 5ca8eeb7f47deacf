using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Import;

/// <summary>
/// Reads a published list in the shape <c>{"list_id", "source_file", "extracted", "entities": [{name, aliases,
/// country, address, status, effective_date, federal_register, notes}]}</c> (the BIS Entity List, the MEU list, the
/// DoD 1260H list, OFAC's NS-CMIC list). Each entry is a <see cref="Formats.PartyRecord"/> joined to the graph by the
/// same staged resolver as every other format (<see cref="Formats.RecordJoiner"/>: identifiers, names and aliases on
/// both sides, parentheticals, suffixes, compounds, fuzzy scores, with guards), so one party listed by several lists,
/// or under several country headings of one list, is one node.
/// </summary>
/// <remarks>
/// Mapping, per entry:
/// <list type="bullet">
/// <item><c>name</c> → name, with an "(a.k.a. …)" / "(f.k.a. …)" part moved to the aliases, including the part the
/// published parser cut off into the address (<see cref="KnownAsName"/>); <c>aliases</c> → aliases; <c>country</c> →
/// country; <c>address</c> → the entity's <c>address</c> (its "see alternate address under …" countries count as the
/// entry's countries when matching); a <c>USCC: …</c> note (NS-CMIC) → identifier <c>uscc</c>. The label is guessed
/// from a legal form in the name (<c>Company</c>, <c>ResearchInstitute</c>, else <c>Party</c>) and is not used to
/// keep parties apart.</item>
/// <item>A <c>LISTED_ON</c> relationship to the list node, dated by the earliest citation date in
/// <c>federal_register</c>, else the notes' "Listing Date", else <c>effective_date</c>; it carries the entry's name,
/// country, address, notes, citations and <c>matchedBy</c>, the rule that joined the entry to an existing node.</item>
/// </list>
/// </remarks>
internal static partial class EntityListReader
{
    private static readonly string[] EntryFields = ["name", "aliases", "country", "address", "status", "effective_date", "federal_register", "notes"];

    public static void Read(List<JsonScanner.Item> items, string file, ImportSession session)
    {
        var errorsBefore = session.Errors.Count;
        var listId = TopString(items, "list_id", file, session) ?? "";
        var extracted = TopString(items, "extracted", file, session);
        var sourceFile = TopString(items, "source_file", file, session);
        if (session.Errors.Count > errorsBefore)
        {
            return;
        }

        if (!Text.Slug.IsValidId(listId))
        {
            session.Error(new InputError(new SourceLocation(file, 1), "list_id", $"'{listId}' is not a valid list id"));
            return;
        }

        session.Joiner.EnsureList(listId, sourceFile ?? listId, new SourceLocation(file, 1));
        var source = extracted is null ? file : $"{file} ({listId}, extracted {extracted})";
        var relationshipIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items.Where(i => i.Property == "entities" && i.Index >= 0))
        {
            var at = new SourceLocation(file, item.Line);
            var path = $"entities[{item.Index}]";
            if (ReadEntry(item.Value, path, at, session) is not { } entry)
            {
                continue;
            }

            var citations = FederalRegister.Parse(entry.FederalRegister, out var impossible);
            if (impossible.Count > 0)
            {
                // The listing date comes from these citations; a wrong one must be fixed at the source, not guessed.
                session.Error(new InputError(at, path + ".federal_register",
                    $"impossible date {string.Join(", ", impossible.Select(d => $"'{d}'"))} in '{Whitespace().Replace(entry.FederalRegister!, " ").Trim()}' (dates are month/day/year)"));
                continue;
            }

            var effective = entry.EffectiveDate is null ? (DateOnly?)null : Formats.RecordText.Date(entry.EffectiveDate);
            if (entry.EffectiveDate is not null && effective is null)
            {
                session.Error(new InputError(at, path + ".effective_date", $"'{entry.EffectiveDate}' is not a date (yyyy-mm-dd)"));
                continue;
            }

            var since = FederalRegister.Earliest(citations) ?? ListingDate(entry.Notes) ?? effective;
            var key = $"list:{listId}:{item.Index}";
            var party = new Formats.PartyRecord
            {
                At = at,
                Key = key,
                KeyIdentifiesParty = false,
                ListScope = listId,
                Label = GuessLabel(entry.Name),
                LabelGuessed = true,
                Name = entry.Name,
                Aliases = entry.Aliases,
                Country = entry.Country,
                Source = new Provenance(file, path),
            };
            if (!string.IsNullOrWhiteSpace(entry.Address))
            {
                party.Properties["address"] = entry.Address.Trim();
            }

            if (entry.Notes is not null && Uscc().Match(entry.Notes) is { Success: true } uscc)
            {
                party.Identifiers["uscc"] = uscc.Groups[1].Value;
            }

            session.Joiner.AddParty(party);

            var relId = $"{listId}:{Text.Slug.From(entry.Name)}:{Text.Slug.From(entry.Country ?? "")}";
            for (var n = 2; !relationshipIds.Add(relId); n++)
            {
                relId = $"{listId}:{Text.Slug.From(entry.Name)}:{Text.Slug.From(entry.Country ?? "")}-{n}";
            }

            var properties = new Dictionary<string, object?>(StringComparer.Ordinal) { ["entryName"] = entry.Name };
            if (entry.PublishedName != entry.Name)
            {
                properties["publishedName"] = entry.PublishedName;
            }

            AddIfPresent(properties, "country", entry.Country);
            AddIfPresent(properties, "address", entry.Address);
            AddIfPresent(properties, "notes", entry.Notes);
            AddIfPresent(properties, "listedSince", since?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            AddIfPresent(properties, "effectiveDate", effective?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            if (citations.Count > 0)
            {
                properties["citations"] = citations.Select(c => (object?)c.ToString()).ToList();
            }

            session.Joiner.AddLink(new Formats.LinkRecord
            {
                At = at,
                Id = relId,
                Type = RelationshipTypes.ListedOn,
                From = new Formats.PartyRef("name", Key: key),
                To = new Formats.PartyRef("list_id", EntityId: listId),
                Properties = properties,
                Provenance = new Provenance(source, path, Whitespace().Replace(entry.FederalRegister ?? "", " ").Trim(), since, 1.0),
                Validity = new Validity(since, null),
            });
        }
    }

    /// <summary>The "Listing Date (CMIC): 03 Jun 2021" that OFAC's notes give, or null.</summary>
    private static DateOnly? ListingDate(string? notes) =>
        notes is not null && ListingDateNote().Match(notes) is { Success: true } m
        && DateOnly.TryParseExact(m.Groups[1].Value, ["d MMM yyyy", "dd MMM yyyy"], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : null;

    /// <summary>The list does not say what kind of party an entry is; only clear legal forms are classified.</summary>
    private static string GuessLabel(string name) =>
        CompanyForm().IsMatch(name) ? NodeLabels.Company
        : InstituteForm().IsMatch(name) ? NodeLabels.ResearchInstitute
        : NodeLabels.Party;

    private static Entry? ReadEntry(JsonElement json, string path, SourceLocation at, ImportSession session)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            session.Error(new InputError(at, path, "expected an object"));
            return null;
        }

        foreach (var p in json.EnumerateObject())
        {
            if (Array.IndexOf(EntryFields, p.Name) < 0)
            {
                session.Error(new InputError(at, $"{path}.{p.Name}", $"unknown field '{p.Name}'"));
                return null;
            }
        }

        var name = Str(json, "name")?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            session.Error(new InputError(at, path + ".name", "is required"));
            return null;
        }

        var aliases = json.TryGetProperty("aliases", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!.Trim()).Where(x => x.Length > 0).Distinct().ToList()
            : [];
        var problems = aliases.Prepend(name).Concat([Str(json, "country") ?? ""])
            .Select(text => StrictJson.ControlCharacter(text, multiLine: false)).Where(p => p is not null).ToList();
        if (problems.Count > 0)
        {
            session.Error(new InputError(at, path + ".name", $"a name, alias or country {problems[0]}"));
            return null;
        }

        var address = Str(json, "address");
        var published = name;
        if (KnownAsName.Split(name, address) is { } knownAs)
        {
            (name, address) = (knownAs.Name, knownAs.Address);
            aliases = [.. knownAs.Aliases.Where(k => !aliases.Contains(k, StringComparer.OrdinalIgnoreCase)), .. aliases];
        }

        return new Entry(name, published, aliases, Str(json, "country"), address, Str(json, "federal_register"), NonBlank(Str(json, "effective_date")), Str(json, "notes"));
    }

    private static string? TopString(List<JsonScanner.Item> items, string property, string file, ImportSession session)
    {
        if (items.FirstOrDefault(i => i.Property == property) is not { } item)
        {
            return null;
        }

        if (item.Index >= 0 || item.Value.ValueKind != JsonValueKind.String)
        {
            session.Error(new InputError(new SourceLocation(file, item.Line), property, "expected a string"));
            return null;
        }

        return item.Value.GetString();
    }

    private static string? Str(JsonElement json, string field) =>
        json.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? NonBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void AddIfPresent(Dictionary<string, object?> properties, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            properties[key] = value.Trim();
        }
    }

    private sealed record Entry(string Name, string PublishedName, List<string> Aliases, string? Country, string? Address, string? FederalRegister,
        string? EffectiveDate, string? Notes);

    [GeneratedRegex(@"\b(Co\.?|Ltd\.?|LLC|L\.L\.C\.|Inc\.?|Corp\.?|Corporation|Company|Limited|GmbH|PLC|JSC|PJSC|OJSC|CJSC|OOO|LLP|S\.A\.|Sdn\.? Bhd\.?|Pte\.?|FZE|FZCO|FZ-LLC|Trading|Industries|Group)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CompanyForm();

    [GeneratedRegex(@"\b(University|Institute|Academy of Sciences|Research Center|Research Centre|Laboratory)\b", RegexOptions.IgnoreCase)]
    private static partial Regex InstituteForm();

    [GeneratedRegex(@"\bUSCC:\s*([0-9A-Z]{18})\b")]
    private static partial Regex Uscc();

    [GeneratedRegex(@"Listing Date(?:\s*\([^)]*\))?:\s*(\d{1,2} [A-Z][a-z]{2} \d{4})")]
    private static partial Regex ListingDateNote();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
