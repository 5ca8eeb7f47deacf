using SupplyGraph.Core.Model;
using SupplyGraph.Core.Resolution;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Import.Formats;

/// <summary>
/// The one place where records read from published formats become entities and relationships. A party joins an
/// entity of the graph or of this import by id, else as the staged <see cref="EntityResolver"/> decides
/// (identifiers, names and aliases, fuzzy scoring, with guards); links are resolved only when every file has been
/// read, so a link may name a party described later or in another file. Every decision is kept in
/// <see cref="ImportSession.Resolutions"/>, and the rule that joined a listed party is written on its <c>LISTED_ON</c>.
/// In a chunked import <see cref="Flush"/> turns the links whose ends are already known into relationships between
/// records, so that only links waiting for a later record are held.
/// </summary>
internal sealed class RecordJoiner(ImportSession session)
{
    private readonly Dictionary<string, string> _idByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _createdFromFile = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(int Scope, string NameKey)>> _listEntries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _scopes = new(StringComparer.Ordinal);
    private readonly List<LinkRecord> _links = [];
    private readonly List<(PartyRef Target, PartyRecord Facts)> _facts = [];

    /// <summary>Links and facts waiting to be resolved.</summary>
    public int Pending => _links.Count + _facts.Count;

    /// <summary>Joins or creates the party's entity and returns its id.</summary>
    public string AddParty(PartyRecord party)
    {
        session.AtRecordBoundary();
        ResolutionDecision? decision = null;
        if (_idByKey.TryGetValue(party.Key, out var known) || (known = Join(party, out decision)) is not null)
        {
            Merge(known, party);
            _idByKey[party.Key] = known;
            AddListEntry(known, party);
            AddSplit(party, known, decision);
            return known;
        }

        var id = party.Id ?? session.NewId(party.Name);
        session.Add(new PutEntity(new Entity
        {
            Id = id,
            Labels = party.Unidentified ? [party.Label, NodeLabels.Unidentified] : [party.Label],
            Name = party.Name,
            Aliases = Distinct(party.Aliases, party.Name),
            Country = party.Country,
            Identifiers = new Dictionary<string, string>(party.Identifiers, StringComparer.Ordinal),
            Properties = new Dictionary<string, object?>(party.Properties, StringComparer.Ordinal),
            Sources = party.Source is null ? [] : [party.Source],
        })
        { Origin = party.At });
        _createdFromFile[id] = party.At.File;
        _idByKey[party.Key] = id;
        AddListEntry(id, party);
        if (decision is { Outcome: ResolutionOutcome.Review, CandidateId: { } candidate })
        {
            session.AddReview(new ReviewItem(party.Key, party.At, party.Name, id, candidate, session.Current(candidate)?.Name ?? candidate,
                decision.Score, decision.MatchedBy, decision.Reasons));
        }

        AddSplit(party, id, decision);
        return id;
    }

    /// <summary>
    /// A compound entry ("Parent. Affiliated Entity: Child") lists the child; when the parent is a known entity the
    /// child is linked to it as its subsidiary, the relationship saying which rule found the parent.
    /// </summary>
    private void AddSplit(PartyRecord party, string id, ResolutionDecision? decision)
    {
        if (decision?.Split is not { } split)
        {
            return;
        }

        var parent = session.Resolver.Resolve(new PartyDescription { Id = party.Key + "#parent", Label = NodeLabels.Party, Name = split.Parent, Countries = Countries(party) });
        if (parent is { Outcome: ResolutionOutcome.Join, CandidateId: { } parentId } && parentId != id)
        {
            _links.Add(new LinkRecord
            {
                At = party.At,
                Type = RelationshipTypes.SubsidiaryOf,
                From = new PartyRef("name", Key: party.Key),
                To = new PartyRef("name", EntityId: parentId),
                Properties = new Dictionary<string, object?>(StringComparer.Ordinal) { ["matchedBy"] = "compound:" + parent.MatchedBy, ["marker"] = split.Marker },
                Provenance = new Provenance(party.At.File, $"{split.Marker}: {party.Name}"),
            });
        }
    }

    /// <summary>The list node <paramref name="id"/>, created when neither the graph nor the import has it.</summary>
    public string EnsureList(string id, string name, SourceLocation at, Dictionary<string, object?>? properties = null)
    {
        if (session.Current(id) is null)
        {
            session.Add(new PutEntity(new Entity
            {
                Id = id,
                Labels = [NodeLabels.List],
                Name = name,
                Properties = properties ?? new Dictionary<string, object?>(StringComparer.Ordinal),
            })
            { Origin = at });
        }

        return id;
    }

    /// <summary>Queues a relationship; its ends are resolved by <see cref="Flush"/> or <see cref="Complete"/>.</summary>
    public void AddLink(LinkRecord link)
    {
        session.AtRecordBoundary();
        _links.Add(link);
    }

    /// <summary>
    /// Queues facts about a party described elsewhere (an address, a passport, a reporting exception): the
    /// identifiers and properties of <paramref name="facts"/> are added to the entity <paramref name="target"/> resolves to.
    /// </summary>
    public void AddFacts(PartyRef target, PartyRecord facts)
    {
        session.AtRecordBoundary();
        _facts.Add((target, facts));
    }

    /// <summary>Resolves the queued facts and links; unresolvable references become errors naming file and line.</summary>
    public void Complete()
    {
        ResolveFacts(_facts);
        _facts.Clear();
        ResolveLinks(_links);
        _links.Clear();
    }

    /// <summary>
    /// Resolves the facts and links whose ends are records already read or entities already known; the others (a
    /// record further on, or a name, which a later record may give) wait for a later flush or <see cref="Complete"/>.
    /// </summary>
    public void Flush()
    {
        var ready = _facts.Where(f => Known(f.Target)).ToList();
        _facts.RemoveAll(f => Known(f.Target));
        ResolveFacts(ready);
        var links = _links.Where(l => Known(l.From) && Known(l.To)).ToList();
        _links.RemoveAll(l => Known(l.From) && Known(l.To));
        ResolveLinks(links);
    }

    private bool Known(PartyRef reference) =>
        reference.Key is not null ? _idByKey.ContainsKey(reference.Key) : reference.EntityId is not null && session.Current(reference.EntityId) is not null;

    private void ResolveFacts(List<(PartyRef Target, PartyRecord Facts)> facts)
    {
        foreach (var (target, fact) in facts)
        {
            if (Resolve(target, fact.At) is { } id)
            {
                Merge(id, fact, factsOnly: true);
            }
        }
    }

    private void ResolveLinks(List<LinkRecord> links)
    {
        // One id is one relationship: a later record with the id (an update file, a second copy) replaces the earlier.
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        var resolved = new List<(Relationship Relationship, SourceLocation At)>();
        foreach (var link in links)
        {
            var from = Resolve(link.From, link.At);
            var to = Resolve(link.To, link.At);
            if (from is null || to is null)
            {
                continue;
            }

            var properties = link.Properties;
            if (link.Type == RelationshipTypes.ListedOn && link.From.Key is { } key
                && session.Resolutions.TryGetValue(key, out var decision) && decision.Outcome == ResolutionOutcome.Join)
            {
                // Which rule put the entry on this node: the evidence a reviewer needs to trust or undo the join.
                properties = new Dictionary<string, object?>(link.Properties, StringComparer.Ordinal) { ["matchedBy"] = decision.MatchedBy };
            }

            var relationship = new Relationship
            {
                Id = link.Id ?? Relationship.DefaultId(link.Type, from, to),
                Type = link.Type,
                From = from,
                To = to,
                Share = link.Share,
                Properties = properties,
                Provenance = link.Provenance,
                Validity = link.Validity,
            };
            if (byId.TryGetValue(relationship.Id, out var at))
            {
                resolved[at] = (relationship, link.At);
            }
            else
            {
                byId[relationship.Id] = resolved.Count;
                resolved.Add((relationship, link.At));
            }
        }

        foreach (var (relationship, at) in resolved)
        {
            session.Add(new PutRelationship(relationship) { Origin = at });
        }
    }

    private string? Resolve(PartyRef reference, SourceLocation at)
    {
        if (reference.Key is not null && _idByKey.TryGetValue(reference.Key, out var id))
        {
            return id;
        }

        if (reference.EntityId is not null && session.Current(reference.EntityId) is not null)
        {
            return reference.EntityId;
        }

        string? ambiguity = null;
        foreach (var name in reference.Names)
        {
            var candidates = session.IdsWithName(name).Where(c => session.Current(c)?.HasLabel(NodeLabels.List) == false).ToList();
            if (candidates.Count > 1)
            {
                // A name shared by parties of the file that names it is the publisher's ambiguity; prefer the file's own.
                var local = candidates.Where(c => _createdFromFile.GetValueOrDefault(c) == at.File).ToList();
                candidates = local.Count > 0 ? local : candidates;
            }

            if (candidates.Count == 1)
            {
                return candidates[0];
            }

            if (candidates.Count > 1)
            {
                // A later, shorter form of the name may still tell them apart.
                ambiguity ??= $"'{name}' matches several parties: {string.Join(", ", candidates.Take(5))}";
            }
        }

        if (reference.Placeholder is { } placeholder)
        {
            return AddParty(placeholder);
        }

        session.Error(new InputError(at, reference.Field, ambiguity ?? $"refers to '{reference.Shown}', which is neither in the imported files nor in the graph"));
        return null;
    }

    /// <summary>The existing entity the party is, by id, else as the resolver decides — never another party of the same file.</summary>
    private string? Join(PartyRecord party, out ResolutionDecision? decision)
    {
        decision = null;
        if (party.Id is not null && session.Current(party.Id) is not null)
        {
            session.AddResolution(party.Key, new ResolutionDecision(ResolutionOutcome.Join, party.Id, "id", 1, ["same id"]), party.At);
            return party.Id;
        }

        if (NameNormalizer.Key(party.Name).Length == 0)
        {
            return null;
        }

        var record = new PartyDescription
        {
            Id = party.Key,
            Label = party.Unidentified || party.LabelGuessed ? NodeLabels.Party : party.Label,
            Name = party.Name,
            Aliases = party.Aliases,
            Countries = Countries(party),
            Identifiers = party.Identifiers,
            BirthDates = EntityResolver.BirthDates(party.Properties),
        };

        // The publisher gave them different keys: they are different parties even when named alike.
        var nameKey = NameVariants.Key(party.Name);
        var scope = Scope(party);
        decision = session.Resolver.Resolve(record, candidate =>
            (party.KeyIdentifiesParty && _createdFromFile.TryGetValue(candidate, out var file) && file == party.At.File)
            || (scope >= 0 && OtherEntryOfTheList(candidate, scope, nameKey)));
        session.AddResolution(party.Key, decision, party.At);
        return decision.Outcome == ResolutionOutcome.Join ? decision.CandidateId : null;
    }

    /// <summary>The list and the file a list entry comes from, as a number; -1 for a record that is no list entry.</summary>
    private int Scope(PartyRecord party)
    {
        if (party.ListScope is null)
        {
            return -1;
        }

        var name = party.At.File + "\n" + party.ListScope;
        if (!_scopes.TryGetValue(name, out var scope))
        {
            _scopes[name] = scope = _scopes.Count;
        }

        return scope;
    }

    private void AddListEntry(string id, PartyRecord party)
    {
        if (party.ListScope is null)
        {
            return;
        }

        if (!_listEntries.TryGetValue(id, out var entries))
        {
            _listEntries[id] = entries = [];
        }

        entries.Add((Scope(party), NameVariants.Key(party.Name)));
    }

    /// <summary>
    /// Whether the entity holds an entry of the same list from the same file under another name only: then it is another
    /// party of the list. Entries from another publication of the list (the CSL's rows of the Entity List against the
    /// seed's) may name the party differently ("…, Wuhan, Hubei") and are matched as any record is.
    /// </summary>
    private bool OtherEntryOfTheList(string candidate, int scope, string nameKey)
    {
        if (!_listEntries.TryGetValue(candidate, out var entries))
        {
            return false;
        }

        var sameList = false;
        foreach (var (s, key) in entries)
        {
            if (s == scope)
            {
                if (key == nameKey)
                {
                    return false;
                }

                sameList = true;
            }
        }

        return sameList;
    }

    private static HashSet<string> Countries(PartyRecord party)
    {
        var countries = new HashSet<string>(StringComparer.Ordinal);
        // "(See alternate address under Pakistan)": the list files the party under both headings.
        CountryMatcher.Add(countries, party.Country, party.Properties.GetValueOrDefault("address") as string);
        return countries;
    }

    private void Merge(string id, PartyRecord party, bool factsOnly = false)
    {
        var e = session.Current(id)!;
        var changed = false;
        var name = e.Name;
        var labels = e.Labels;
        if (!factsOnly && !party.Unidentified && e.HasLabel(NodeLabels.Unidentified))
        {
            // A placeholder made for a reference (an LEI nobody described) gets the record's name and kind.
            (name, labels, changed) = (party.Name, [party.Label], true);
        }
        else if (!factsOnly && e.PrimaryLabel == NodeLabels.Party && party.Label != NodeLabels.Party)
        {
            (labels, changed) = ([party.Label, .. e.Labels.Where(l => l != NodeLabels.Party)], true);
        }

        var aliases = e.Aliases.ToList();
        if (!factsOnly)
        {
            foreach (var alias in party.Aliases.Prepend(party.Name))
            {
                if (!string.Equals(alias, name, StringComparison.OrdinalIgnoreCase) && !aliases.Contains(alias, StringComparer.OrdinalIgnoreCase))
                {
                    aliases.Add(alias);
                    changed = true;
                }
            }
        }

        var identifiers = new Dictionary<string, string>(e.Identifiers, StringComparer.Ordinal);
        foreach (var (scheme, value) in party.Identifiers)
        {
            changed |= identifiers.TryAdd(scheme, value);
        }

        var properties = new Dictionary<string, object?>(e.Properties, StringComparer.Ordinal);
        foreach (var (key, value) in party.Properties)
        {
            if (!properties.TryGetValue(key, out var old))
            {
                properties[key] = value;
                changed = true;
            }
            else if (old is IReadOnlyList<object?> oldList && value is IReadOnlyList<object?> newList)
            {
                var union = oldList.ToList();
                foreach (var v in newList)
                {
                    if (!union.Contains(v))
                    {
                        union.Add(v);
                    }
                }

                if (union.Count != oldList.Count)
                {
                    properties[key] = union;
                    changed = true;
                }
            }
        }

        var sources = e.Sources;
        if (party.Source is not null && !e.Sources.Contains(party.Source))
        {
            sources = [.. e.Sources, party.Source];
            changed = true;
        }

        changed |= e.Country is null && party.Country is not null;
        if (changed)
        {
            session.Replace(e with
            {
                Name = name,
                Labels = labels,
                Aliases = aliases.Where(a => !string.Equals(a, name, StringComparison.OrdinalIgnoreCase)).ToList(),
                Country = e.Country ?? party.Country,
                Identifiers = identifiers,
                Properties = properties,
                Sources = sources,
            }, party.At);
        }
    }

    private static List<string> Distinct(List<string> aliases, string name)
    {
        var result = new List<string>(aliases.Count);
        foreach (var a in aliases)
        {
            if (a.Length > 0 && !string.Equals(a, name, StringComparison.OrdinalIgnoreCase) && !result.Contains(a, StringComparer.OrdinalIgnoreCase))
            {
                result.Add(a);
            }
        }

        return result;
    }
}
