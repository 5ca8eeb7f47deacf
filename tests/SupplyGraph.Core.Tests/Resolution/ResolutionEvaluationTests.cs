using System.Globalization;
using System.Text.Json;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Resolution;
using SupplyGraph.Core.Tests.Support;
using Xunit.Abstractions;

namespace SupplyGraph.Core.Tests.Resolution;

/// <summary>
/// Precision and recall of <see cref="EntityResolver"/> on labelled pairs built from the shared lists
/// (<c>resolution-pairs.tsv</c>, rules in <c>make_pairs.py</c>): every record is resolved against the whole BIS Entity
/// List, so competing names are present as they are in a real import.
/// </summary>
public sealed class ResolutionEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void Evaluation_LabelledPairs_NoWrongJoinsAndRecallAtLeast98Percent()
    {
        var list = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Shared, "data", "entity-lists", "bis_entity_list.json")));
        var entities = new List<Entity>();
        var elIdByNameCountry = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var e in list.RootElement.GetProperty("entities").EnumerateArray())
        {
            var id = "el-" + i++;
            var name = e.GetProperty("name").GetString()!;
            var country = e.GetProperty("country").GetString();
            elIdByNameCountry.TryAdd(name + "|" + country, id);
            entities.Add(new Entity
            {
                Id = id,
                Labels = [NodeLabels.Party],
                Name = name,
                Aliases = [.. e.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!)],
                Country = country,
                Properties = new Dictionary<string, object?> { ["address"] = e.TryGetProperty("address", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null },
            });
        }

        var rows = File.ReadLines(Path.Combine(RepoPaths.Root, "tests", "SupplyGraph.Core.Tests", "Resolution", "resolution-pairs.tsv"))
            .Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('\t')).ToList();
        for (var r = 0; r < rows.Count; r++)
        {
            var f = rows[r];
            if (f[1] == "synthetic")
            {
                entities.Add(new Entity
                {
                    Id = "row-" + r,
                    Labels = [f[4].Length > 0 ? f[4] : NodeLabels.Party],
                    Name = f[2].Trim(),
                    Country = f[3].Length > 0 ? f[3] : null,
                    Properties = f[5].Length > 0 ? new Dictionary<string, object?> { ["birthDate"] = f[5] } : Entity.EmptyProperties,
                });
            }
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var resolver = new EntityResolver(entities);
        int same = 0, different = 0, autoRight = 0, reviewRight = 0, wrong = 0, autoJoins = 0, missed = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            var f = rows[r];
            var synthetic = f[1] == "synthetic";
            var target = synthetic ? "row-" + r : elIdByNameCountry.GetValueOrDefault(f[2] + "|" + f[3]);
            Assert.True(target is not null, $"row {r + 3}: no Entity List entry '{f[2]}' under {f[3]}");
            var own = f[6] == "el" ? elIdByNameCountry.GetValueOrDefault(f[8] + "|" + f[10]) : null;
            var countries = new HashSet<string>(StringComparer.Ordinal);
            CountryMatcher.Add(countries, f[10]);
            var record = new PartyDescription
            {
                Id = "record",
                Label = f[7].Length > 0 ? f[7] : NodeLabels.Party,
                Name = f[8],
                Aliases = f[9].Length > 0 ? f[9].Split('|') : [],
                Countries = countries,
                BirthDates = f[11].Length > 0 ? [f[11]] : [],
            };

            // A synthetic target stands for a party the Entity List does not describe: the list's namesakes are left out.
            var decision = resolver.Resolve(record, id => id == own || (synthetic && id.StartsWith("el-", StringComparison.Ordinal)));
            var joined = decision.Outcome == ResolutionOutcome.Join ? decision.CandidateId : null;
            autoJoins += joined is null ? 0 : 1;
            if (f[0] == "same")
            {
                same++;
                // The Entity List publishes one party under several country headings: any of its entries of the target's name is right.
                if (joined == target || (joined is not null && !synthetic && NameVariants.Key(resolver.Find(joined)!.Name) == NameVariants.Key(f[2])))
                {
                    autoRight++;
                }
                else if (joined is not null)
                {
                    wrong++;
                    output.WriteLine($"WRONG JOIN row {r + 3}: '{f[8]}' -> {joined} ({decision.MatchedBy}), expected '{f[2]}'");
                }
                else if (decision.Outcome == ResolutionOutcome.Review && decision.CandidateId == target)
                {
                    reviewRight++;
                }
                else
                {
                    missed++;
                    output.WriteLine($"missed row {r + 3}: '{f[8]}' expected '{f[2]}', got {decision.Outcome} {decision.CandidateId} {decision.MatchedBy} [{f[12]}]");
                }
            }
            else
            {
                different++;
                if (joined is not null && joined == target)
                {
                    wrong++;
                    output.WriteLine($"WRONG JOIN row {r + 3}: '{f[8]}' -> '{f[2]}' ({decision.MatchedBy}) [{f[12]}]");
                }
            }
        }

        var precision = autoJoins == 0 ? 1 : (double)(autoJoins - wrong) / autoJoins;
        var recall = (double)(autoRight + reviewRight) / same;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pairs {rows.Count} (same {same}, different {different}); automatic joins {autoJoins}, wrong {wrong}; precision {precision:P1}; recall {recall:P1} (automatic {autoRight}, review {reviewRight}, missed {missed}); {clock.ElapsedMilliseconds} ms"));
        Assert.Equal(0, wrong);
        Assert.True(recall >= 0.98, $"recall {recall:P1}");
    }
}
