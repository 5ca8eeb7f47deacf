using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Import;

/// <summary>
/// Reads a published list in the shape <c>{"list_id", "source_file", "extracted", "entities": [{name, aliases,
/// country, address, federal_register, notes}]}</c> (the BIS Entity List, MEU list and others).
/// Each entry becomes a <c>LISTED_ON</c> relationship to the list node, dated by its earliest citation.
/// An entry is resolved to an existing entity when its name equals that entity's name or an alias (after
/// normalization), so a party described elsewhere and its list entry end up as one node; entries of one name
/// under several countries also share a node.
/// </summary>
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

        if (session.Current(listId) is null)
        {
            session.Add(new PutEntity(new Entity
            {
                Id = listId,
                Labels = [NodeLabels.List],
                Name = sourceFile ?? listId,
            })
            { Origin = new SourceLocation(file, 1) });
        }

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

            var entityId = Resolve(entry, at, session);
            var since = FederalRegister.Earliest(citations);
            var relId = $"{listId}:{Text.Slug.From(entry.Name)}:{Text.Slug.From(entry.Country ?? "")}";
            for (var n = 2; !relationshipIds.Add(relId); n++)
            {
                relId = $"{listId}:{Text.Slug.From(entry.Name)}:{Text.Slug.From(entry.Country ?? "")}-{n}";
            }

            var properties = new Dictionary<string, object?>(StringComparer.Ordinal) { ["entryName"] = entry.Name };
            AddIfPresent(properties, "country", entry.Country);
            AddIfPresent(properties, "address", entry.Address);
            AddIfPresent(properties, "notes", entry.Notes);
            AddIfPresent(properties, "listedSince", since?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            if (citations.Count > 0)
            {
                properties["citations"] = citations.Select(c => (object?)c.ToString()).ToList();
            }

            session.Add(new PutRelationship(new Relationship
            {
                Id = relId,
                Type = RelationshipTypes.ListedOn,
                From = entityId,
                To = listId,
                Properties = properties,
                Provenance = new Provenance(source, path, Whitespace().Replace(entry.FederalRegister ?? "", " ").Trim(), since, 1.0),
                Validity = new Validity(since, null),
            })
            { Origin = at });
        }
    }

    private static string Resolve(Entry entry, SourceLocation at, ImportSession session)
    {
        var candidates = session.IdsWithName(entry.Name);
        var id = candidates.Count switch
        {
            0 => null,
            1 => candidates[0],
            _ => candidates.FirstOrDefault(c => c == Text.Slug.From(entry.Name)) ?? candidates[0],
        };
        var existing = id is null ? null : session.Current(id);
        if (existing is null)
        {
            var created = new Entity
            {
                Id = session.NewId(entry.Name),
                Labels = [GuessLabel(entry.Name)],
                Name = entry.Name,
                Aliases = entry.Aliases,
                Country = entry.Country,
            };
            session.Add(new PutEntity(created) { Origin = at });
            return created.Id;
        }

        var aliases = existing.Aliases.ToList();
        foreach (var alias in entry.Aliases.Prepend(entry.Name))
        {
            if (!string.Equals(alias, existing.Name, StringComparison.OrdinalIgnoreCase) && !aliases.Contains(alias, StringComparer.OrdinalIgnoreCase))
            {
                aliases.Add(alias);
            }
        }

        if (aliases.Count != existing.Aliases.Count || existing.Country is null)
        {
            session.Replace(existing with { Aliases = aliases, Country = existing.Country ?? entry.Country }, at);
        }

        return existing.Id;
    }

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

        return new Entry(name, aliases, Str(json, "country"), Str(json, "address"), Str(json, "federal_register"), Str(json, "notes"));
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

    private static void AddIfPresent(Dictionary<string, object?> properties, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            properties[key] = value.Trim();
        }
    }

    private sealed record Entry(string Name, List<string> Aliases, string? Country, string? Address, string? FederalRegister, string? Notes);

    [GeneratedRegex(@"\b(Co\.?|Ltd\.?|LLC|L\.L\.C\.|Inc\.?|Corp\.?|Corporation|Company|Limited|GmbH|PLC|JSC|PJSC|OJSC|CJSC|OOO|LLP|S\.A\.|Sdn\.? Bhd\.?|Pte\.?|FZE|FZCO|FZ-LLC|Trading|Industries|Group)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CompanyForm();

    [GeneratedRegex(@"\b(University|Institute|Academy of Sciences|Research Center|Research Centre|Laboratory)\b", RegexOptions.IgnoreCase)]
    private static partial Regex InstituteForm();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
