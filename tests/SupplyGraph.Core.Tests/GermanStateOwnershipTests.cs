using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests;

/// <summary>
/// Look-through shares on a real tree: German federal state-owned companies (Beteiligungsbericht 2015, State-O
/// extract, <c>shared/data/ownership/de_federal_soe_stateo/master1.csv</c>). Direct holdings name their parent by id,
/// indirect ones by name, as published: names are matched after normalising hyphenation, "Aktiengesellschaft"
/// and the seat; a name that matches nothing or several companies is left unlinked and counted.
/// Shares the file garbles ("31. Mai" for 31.5, "94 6", more than 100 %) become unknown, never guessed.
/// </summary>
public sealed partial class GermanStateOwnershipTests : IDisposable
{
    private const string Root = "de-1";
    private readonly TempFolder _folder = new();
    private readonly Tree _tree = Tree.Load(Path.Combine(RepoPaths.Shared, "data", "ownership", "de_federal_soe_stateo", "master1.csv"));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void LookThrough_FederalTree_MatchesNetworkXPathProducts()
    {
        var shares = LookThrough.Downstream(_tree.Graph, Root).ToDictionary(s => s.Entity.Id);
        var oracle = Oracle();
        Assert.True(shares.Count > 150, $"only {shares.Count} companies below the Federal Republic");
        Assert.Equal(oracle.Keys.Order(), shares.Keys.Order());
        foreach (var (id, (low, high)) in oracle)
        {
            Assert.True(Math.Abs(low - shares[id].Low) < 1e-9, $"{id}: low {shares[id].Low} vs {low}");
            Assert.True(Math.Abs(high - shares[id].High) < 1e-9, $"{id}: high {shares[id].High} vs {high}");
        }
    }

    [Theory]
    [InlineData("8", 0.1426)] // Deutsche Telekom AG: 14.26 % held directly
    [InlineData("10", 0.4719)] // Kreditanstalt für Wiederaufbau: 47.19 %
    [InlineData("6", 1.0)] // Bundesdruckerei GmbH: wholly owned
    public void LookThrough_DirectFederalHoldings_AreTheirPublishedShares(string id, double share)
    {
        var shares = LookThrough.Downstream(_tree.Graph, Root).ToDictionary(s => s.Entity.Id);
        Assert.Equal(share, shares["de-" + id].Low, 9);
        Assert.Equal(1, shares["de-" + id].Hops);
    }

    [Fact]
    public void GarbledShares_BecomeRangesNotGuesses()
    {
        Assert.True(_tree.GarbledShares >= 10, $"{_tree.GarbledShares} garbled share cells");
        var garbled = _tree.Graph.Relationships.ToArray().Where(r => r.Share.IsUnknown).ToList();
        Assert.NotEmpty(garbled);
        Assert.All(garbled, r =>
        {
            var owner = LookThrough.Upstream(_tree.Graph, r.To).Single(s => s.Entity.Id == r.From);
            Assert.Equal((0.0, 1.0), (owner.Low, owner.High));
        });
    }

    private Dictionary<string, (double Low, double High)> Oracle()
    {
        var edges = Path.Combine(_folder.Path, "edges.tsv");
        var sb = new StringBuilder();
        foreach (var r in _tree.Graph.Relationships)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.From}\t{r.To}\t{r.Share.Low ?? 0:R}\t{r.Share.High ?? 1:R}\n");
        }

        File.WriteAllText(edges, sb.ToString());
        var script = Path.Combine(AppContext.BaseDirectory, "Oracle", "lookthrough_oracle.py");
        using var process = Process.Start(new ProcessStartInfo("python3", [script, edges, Root]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return JsonDocument.Parse(output).RootElement.EnumerateObject()
            .ToDictionary(p => p.Name, p => (p.Value[0].GetDouble(), p.Value[1].GetDouble()));
    }

    private sealed partial record Tree(GraphSnapshot Graph, int Unlinked, int GarbledShares)
    {
        public static Tree Load(string path)
        {
            using var text = new StreamReader(path, Encoding.UTF8);
            var rows = CsvReader.Read(text, ';').ToList();
            var header = rows[0].Fields;
            int Col(string name) => Array.IndexOf(header, name);
            var records = rows.Skip(1).Select(r => (Id: r.Fields[Col("id")].Trim(), Name: r.Fields[Col("name")].Trim(),
                Share: r.Fields[Col("capital_share_perc")].Trim(), Parents: r.Fields[Col("parents")].Trim(), Parent: r.Fields[Col("parent")].Trim())).ToList();

            var byFullName = records.GroupBy(r => Normalize(r.Name, keepSeat: true)).ToDictionary(g => g.Key, g => g.Select(r => r.Id).ToList());
            var byName = records.GroupBy(r => Normalize(r.Name, keepSeat: false)).ToDictionary(g => g.Key, g => g.Select(r => r.Id).ToList());
            string? Resolve(string name) =>
                byFullName.TryGetValue(Normalize(name, true), out var a) && a.Count == 1 ? a[0]
                : byName.TryGetValue(Normalize(name, false), out var b) && b.Count == 1 ? b[0]
                : null;

            var entities = records.Select(r => new Entity { Id = "de-" + r.Id, Labels = [NodeLabels.Company], Name = r.Name, Country = "Germany" }).ToList();
            var relationships = new List<Relationship>();
            int unlinked = 0, garbled = 0;
            foreach (var r in records)
            {
                var parentId = r.Parents.Length > 0 ? r.Parents.Split(',')[0].Trim() : r.Parent.Length > 0 ? Resolve(r.Parent) : null;
                if (r.Parent.Length > 0 && r.Parents.Length == 0 && parentId is null)
                {
                    unlinked++;
                }

                if (parentId is null)
                {
                    continue;
                }

                var share = ParseShare(r.Share);
                if (share.IsUnknown && r.Share.Length > 0)
                {
                    garbled++;
                }

                relationships.Add(new Relationship
                {
                    Id = $"OWNS:de-{parentId}->de-{r.Id}",
                    Type = RelationshipTypes.Owns,
                    From = "de-" + parentId,
                    To = "de-" + r.Id,
                    Share = share,
                    Provenance = new Provenance("master1.csv", "id " + r.Id, r.Share, new DateOnly(2014, 12, 31), 0.9),
                });
            }

            return new Tree(GraphSnapshot.Create(1, entities, relationships), unlinked, garbled);
        }

        /// <summary>Published percentages use a comma or a point; anything else (a date, two numbers, over 100 %) is unknown.</summary>
        private static OwnershipShare ParseShare(string text)
        {
            if (!Percent().IsMatch(text))
            {
                return OwnershipShare.Unknown;
            }

            var value = double.Parse(text.Replace(',', '.'), CultureInfo.InvariantCulture) / 100;
            return value is >= 0 and <= 1 ? OwnershipShare.Exact(value) : OwnershipShare.Unknown;
        }

        private static string Normalize(string name, bool keepSeat)
        {
            var n = Hyphenation().Replace(name.Trim().ToLowerInvariant(), "$1$2").Replace("aktiengesellschaft", "ag", StringComparison.Ordinal);
            if (!keepSeat)
            {
                n = n.Split(',')[0];
            }

            n = Parenthesised().Replace(n.Split('/')[0], "");
            return string.Join(' ', NonWord().Replace(n, " ").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        [GeneratedRegex(@"^\d+([.,]\d+)?$")]
        private static partial Regex Percent();

        [GeneratedRegex(@"(\w)- (\w)")]
        private static partial Regex Hyphenation();

        [GeneratedRegex(@"\(.*?\)")]
        private static partial Regex Parenthesised();

        [GeneratedRegex(@"[^\w ]")]
        private static partial Regex NonWord();
    }
}
