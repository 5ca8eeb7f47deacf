using System.Globalization;
using System.Text.Json;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Resolution;
using SupplyGraph.Core.Tests.Support;
using Xunit.Abstractions;

namespace SupplyGraph.Core.Tests.Resolution;

/// <summary>
/// Precision and recall of <see cref="EntityResolver"/> on labelled pairs built from the shared data
/// (<c>resolution-pairs.tsv</c>, rules and evidence in <c>make_pairs.py</c>). Every record is resolved against one index
/// of all four published lists (Entity List, MEU, NS-CMIC, 1260H, each entry as published) and the OpenSanctions
/// parties, so competing names are present as they are in a real import.
/// </summary>
public sealed class ResolutionEvaluationTests(ITestOutputHelper output)
{
    private static readonly (string Prefix, string File)[] Lists =
        [("el", "bis_entity_list.json"), ("meu", "bis_meu.json"), ("nscmic", "ofac_nscmic.json"), ("dod", "dow_1260h.json")];

    [Fact]
    public void Evaluation_LabelledPairs_NoWrongJoinsAndRecallAtLeast98Percent()
    {
        var entities = new List<Entity>();
        foreach (var (prefix, file) in Lists)
        {
            entities.AddRange(ListEntities(prefix, file));
        }

        var rows = File.ReadLines(Path.Combine(RepoPaths.Root, "tests", "SupplyGraph.Core.Tests", "Resolution", "resolution-pairs.tsv"))
            .Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('\t')).ToList();
        for (var r = 0; r < rows.Count; r++)
        {
            var f = rows[r];
            if (f[0] == "target")
            {
                entities.Add(Target(f[1], f[2], f[3], f[4], f[5], f[9], f[12]));
            }
            else if (f[1] == "synthetic")
            {
                entities.Add(Target("row-" + r, f[2], f[3], f[4], f[5], "", ""));
            }
        }

        // Parties the labels say are one: the target of each "same" row and the index entry the record is.
        var party = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string x) => party.TryGetValue(x, out var p) && p != x ? party[x] = Find(p) : x;
        foreach (var f in rows.Where(f => f[0] == "same" && f[1] != "synthetic" && f[6].Contains(':', StringComparison.Ordinal) && !f[6].StartsWith("csl:", StringComparison.Ordinal)))
        {
            party[Find(f[6])] = Find(f[1]);
        }

        // A list files one party under each of its countries, under one name (the Entity List's "see alternate address").
        foreach (var group in entities.Where(e => e.Id.Contains(':', StringComparison.Ordinal) && !e.Id.StartsWith("ftm:", StringComparison.Ordinal))
            .GroupBy(e => e.Id[..e.Id.IndexOf(':', StringComparison.Ordinal)] + "|" + NameVariants.Key(e.Name)))
        {
            foreach (var e in group.Skip(1))
            {
                party[Find(e.Id)] = Find(group.First().Id);
            }
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var resolver = new EntityResolver(entities);
        var ids = entities.ToDictionary(e => e.Id, e => e, StringComparer.Ordinal);
        int same = 0, different = 0, none = 0, autoRight = 0, reviewRight = 0, wrong = 0, autoJoins = 0, missed = 0, newReviewed = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            var f = rows[r];
            if (f[0] == "target")
            {
                continue;
            }

            var target = f[1] == "synthetic" ? "row-" + r : f[1];
            Assert.True(f[0] == "new" || ids.ContainsKey(target), $"row {r + 3}: no target {target}");
            var decision = resolver.Resolve(Record(f), Exclusion(f[6], f[8], ids, f[1] == "synthetic" ? target : null));
            var joined = decision.Outcome == ResolutionOutcome.Join ? decision.CandidateId : null;
            autoJoins += joined is null ? 0 : 1;
            var own = f[6].Contains(':', StringComparison.Ordinal) ? Find(f[6]) : null;
            switch (f[0])
            {
                case "same":
                    same++;
                    if (joined is not null && Find(joined) == Find(target))
                    {
                        autoRight++;
                    }
                    else if (joined is not null)
                    {
                        wrong++;
                        output.WriteLine($"WRONG JOIN row {r + 3}: '{f[8]}' -> {joined} '{ids[joined].Name}' ({decision.MatchedBy}), expected {target} '{f[2]}'");
                    }
                    else if (decision.Outcome == ResolutionOutcome.Review && decision.CandidateId is { } c && Find(c) == Find(target))
                    {
                        reviewRight++;
                    }
                    else
                    {
                        missed++;
                        output.WriteLine($"missed row {r + 3}: '{f[8]}' expected {target} '{f[2]}', got {decision.Outcome} {decision.CandidateId} {decision.MatchedBy} [{f[13]}]");
                    }

                    break;
                case "different":
                    different++;
                    if (joined is not null && (Find(joined) == Find(target) || Find(joined) != own))
                    {
                        // Joining the labelled other party is wrong; so is joining anything not labelled as the record's own party.
                        wrong++;
                        output.WriteLine($"WRONG JOIN row {r + 3}: '{f[8]}' -> {joined} '{ids[joined].Name}' ({decision.MatchedBy}) [{f[13]}]");
                    }

                    break;
                default:
                    none++;
                    if (joined is not null)
                    {
                        wrong++;
                        output.WriteLine($"WRONG JOIN row {r + 3}: '{f[8]}' (labelled without counterpart) -> {joined} '{ids[joined].Name}' ({decision.MatchedBy})");
                    }
                    else if (decision.Outcome == ResolutionOutcome.Review)
                    {
                        newReviewed++;
                        output.WriteLine($"review of a party without counterpart, row {r + 3}: '{f[8]}' ~ {decision.CandidateId} '{ids[decision.CandidateId!].Name}' ({decision.MatchedBy})");
                    }

                    break;
            }
        }

        var precision = autoJoins == 0 ? 1 : (double)(autoJoins - wrong) / autoJoins;
        var recall = (double)(autoRight + reviewRight) / same;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"records {same + different + none} (same {same}, different {different}, without counterpart {none}) against {entities.Count} entities; automatic joins {autoJoins}, wrong {wrong}; precision {precision:P1}; recall {recall:P1} (automatic {autoRight}, review {reviewRight}, missed {missed}); reviews of parties without counterpart {newReviewed}; {clock.ElapsedMilliseconds} ms"));
        Assert.Equal(0, wrong);
        Assert.True(recall >= 0.98, $"recall {recall:P1}");
    }

    /// <summary>The entries of a published list as the seed reads them: a.k.a. parts repaired, USCCs as identifiers, no type.</summary>
    private static IEnumerable<Entity> ListEntities(string prefix, string file)
    {
        using var list = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Shared, "data", "entity-lists", file)));
        var i = 0;
        foreach (var e in list.RootElement.GetProperty("entities").EnumerateArray())
        {
            var name = e.GetProperty("name").GetString()!;
            var address = e.TryGetProperty("address", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            var aliases = e.GetProperty("aliases").EnumerateArray().Select(x => x.GetString()!).ToList();
            if (KnownAsName.Split(name, address) is { } k)
            {
                (name, address) = (k.Name, k.Address);
                aliases.InsertRange(0, k.Aliases);
            }

            var notes = e.TryGetProperty("notes", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
            var uscc = System.Text.RegularExpressions.Regex.Match(notes, @"\bUSCC:\s*([0-9A-Z]{18})\b");
            yield return new Entity
            {
                Id = $"{prefix}:{i++}",
                Labels = [NodeLabels.Party],
                Name = name,
                Aliases = aliases,
                Country = e.GetProperty("country").GetString(),
                Identifiers = uscc.Success ? new Dictionary<string, string> { ["uscc"] = uscc.Groups[1].Value } : new Dictionary<string, string>(),
                Properties = new Dictionary<string, object?> { ["address"] = address },
            };
        }
    }

    private static Entity Target(string id, string name, string country, string label, string born, string aliases, string identifiers) => new()
    {
        Id = id,
        Labels = [label.Length > 0 ? label : NodeLabels.Party],
        Name = name.Trim(),
        Aliases = aliases.Length > 0 ? aliases.Split('|') : [],
        Country = country.Length > 0 ? country : null,
        Identifiers = Identifiers(identifiers),
        Properties = born.Length > 0 ? new Dictionary<string, object?> { ["birthDate"] = born } : Entity.EmptyProperties,
    };

    private static PartyDescription Record(string[] f)
    {
        var countries = new HashSet<string>(StringComparer.Ordinal);
        CountryMatcher.Add(countries, f[10]);
        return new PartyDescription
        {
            Id = "record",
            Label = f[7].Length > 0 ? f[7] : NodeLabels.Party,
            Name = f[8],
            Aliases = f[9].Length > 0 ? f[9].Split('|') : [],
            Countries = countries,
            BirthDates = f[11].Length > 0 ? [f[11]] : [],
            Identifiers = Identifiers(f[12]),
        };
    }

    private static Dictionary<string, string> Identifiers(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    /// <summary>
    /// What the record may not join, as an import has it: a list entry never joins another entry of its list under another
    /// name (<c>RecordJoiner</c>'s list scope); a sibling row's record only not itself; a synthetic target stands for a party
    /// nothing else describes, so the record meets that target alone.
    /// </summary>
    private static Func<string, bool> Exclusion(string source, string name, Dictionary<string, Entity> ids, string? syntheticTarget)
    {
        if (syntheticTarget is not null)
        {
            return id => id != syntheticTarget;
        }

        if (source.StartsWith("sibling-of-", StringComparison.Ordinal))
        {
            var self = source["sibling-of-".Length..];
            return id => id == self;
        }

        var colon = source.IndexOf(':', StringComparison.Ordinal);
        var list = colon > 0 ? source[..colon] : "";
        if (list is not ("el" or "meu" or "nscmic" or "dod"))
        {
            return _ => false;
        }

        var key = NameVariants.Key(name);
        return id => id == source || (id.StartsWith(list + ":", StringComparison.Ordinal) && NameVariants.Key(ids[id].Name) != key);
    }
}
