using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Server.Tests;

/// <summary>
/// The investigator's dashboard in a real browser (Debian's headless Chromium, driven by playwright-core through
/// tests/browser/investigator.cjs) against the real server. Each test asks one question from the page alone and checks
/// what the canvas and the table show against the REST API's answer to the same question (the oracle). Screenshots go
/// to <c>SUPPLYGRAPH_SCREENSHOTS</c> (docs/dashboard uses them) or the test output folder; they are checked by their
/// structure (nodes and edges drawn when taken), never by pixels.
/// </summary>
public sealed class DashboardTests(KestrelServerFactory server) : IClassFixture<KestrelServerFactory>
{
    private readonly HttpClient _reader = server.Http(ServerFactory.ReaderKey);

    private static string Screenshots => Environment.GetEnvironmentVariable("SUPPLYGRAPH_SCREENSHOTS") is { Length: > 0 } s
        ? Path.GetFullPath(s)
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    private async Task<JsonElement> RunAsync(string scenario)
    {
        var folder = Path.Combine(RepoPaths.Root, "tests", "browser");
        Assert.True(File.Exists("/usr/bin/chromium") && Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core")),
            "run scripts/test.sh (it installs Debian's chromium, playwright-core and axe-core)");
        var info = new ProcessStartInfo("node", [Path.Combine(folder, "investigator.cjs"), scenario, server.BaseUrl, ServerFactory.ReaderKey, ServerFactory.EditorKey, Screenshots])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        await node.WaitForExitAsync(cts.Token);
        var text = await stdout;
        Assert.True(node.ExitCode == 0, text + await stderr);
        var seen = JsonDocument.Parse(text.Trim().Split('\n')[^1]).RootElement.Clone();
        Assert.True(seen.GetProperty("errors").GetArrayLength() == 0, "the page logged errors: " + seen.GetProperty("errors"));
        foreach (var shot in seen.GetProperty("screenshots").EnumerateObject())
        {
            Assert.True(shot.Value.GetProperty("bytes").GetInt64() > 10_000, $"screenshot {shot.Name} is empty");
            Assert.True(File.Exists(shot.Value.GetProperty("file").GetString()), $"screenshot {shot.Name} was not saved");
        }

        return seen;
    }

    private static IEnumerable<string> Strings(JsonElement array, string? property = null) =>
        array.EnumerateArray().Select(e => (property is null ? e : e.GetProperty(property)).GetString()!);

    [Fact]
    public async Task Dashboard_PathQuestion_DrawsIflytekToHighEndChipsWithEveryHopsQuote()
    {
        var seen = await RunAsync("path");
        var oracle = (await _reader.GetFromJsonAsync<JsonElement>("/api/paths?from=iflytek&to=high-end-ai-chips")).GetProperty("paths")[0];
        var nodes = Strings(oracle.GetProperty("nodes"), "id").ToList();
        var hops = oracle.GetProperty("hops").EnumerateArray().Select(h => h.GetProperty("relationship")).ToList();
        Assert.Equal("live", seen.GetProperty("statusAtStart").GetString());

        // The canvas holds exactly the chain, highlighted, each edge with its quote; iFlytek drawn as listed.
        var canvas = seen.GetProperty("canvas");
        Assert.Equal(nodes.Order(), Strings(canvas.GetProperty("nodes"), "id").Order());
        Assert.Equal(hops.Select(r => r.GetProperty("id").GetString()).Order(), Strings(canvas.GetProperty("edges"), "id").Order());
        Assert.Equal(nodes.Concat(hops.Select(r => r.GetProperty("id").GetString()!)).Order(), Strings(canvas.GetProperty("highlighted")).Order());
        foreach (var r in hops)
        {
            var edge = canvas.GetProperty("edges").EnumerateArray().Single(e => e.GetProperty("id").GetString() == r.GetProperty("id").GetString());
            Assert.Equal(r.GetProperty("provenance").GetProperty("quote").GetString(), edge.GetProperty("quote").GetString());
        }

        var iflytek = canvas.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == "iflytek");
        var listing = (await _reader.GetFromJsonAsync<JsonElement>("/api/entities/iflytek")).GetProperty("listings")[0];
        Assert.True(iflytek.GetProperty("listed").GetBoolean());
        Assert.Contains($"{listing.GetProperty("listName").GetString()} since {listing.GetProperty("since").GetString()}", iflytek.GetProperty("listText").GetString(), StringComparison.Ordinal);

        // The table: one row per hop, in order, naming both ends, the type and the quote.
        var titles = await TitlesAsync();
        var rows = seen.GetProperty("table").EnumerateArray().ToList();
        Assert.Equal(hops.Count, rows.Count);
        for (var i = 0; i < hops.Count; i++)
        {
            var cells = rows[i].EnumerateArray().Select(c => c.GetString()!).ToList();
            Assert.Contains(hops[i].GetProperty("type").GetString()!, cells[3], StringComparison.Ordinal);
            Assert.Contains(hops[i].GetProperty("provenance").GetProperty("quote").GetString()!, cells[5], StringComparison.Ordinal);
            Assert.Contains(titles[hops[i].GetProperty("provenance").GetProperty("source").GetString()!], cells[5], StringComparison.Ordinal);
        }

        // The exports: CSV (a header and one line per hop, with the quotes), the API's JSON, and the canvas as a PNG.
        var csv = seen.GetProperty("csv").GetProperty("text").GetString()!.TrimEnd('\n').Split('\n');
        Assert.Equal(hops.Count + 1, csv.Length);
        Assert.StartsWith("from,type,to,share,source,file,record,date,confidence,quote,path,hop", csv[0], StringComparison.Ordinal);
        Assert.Contains(hops[0].GetProperty("provenance").GetProperty("quote").GetString()!, csv[1], StringComparison.Ordinal);
        var json = JsonDocument.Parse(seen.GetProperty("json").GetProperty("text").GetString()!).RootElement;
        Assert.Equal(oracle.GetProperty("length").GetInt32(), json.GetProperty("paths")[0].GetProperty("length").GetInt32());
        Assert.Equal("PNG", seen.GetProperty("png").GetProperty("magic").GetString());
        Assert.EndsWith(".png", seen.GetProperty("png").GetProperty("name").GetString(), StringComparison.Ordinal);

        // Its URL restores the same drawing in a new page; hovering an edge shows its evidence.
        Assert.EndsWith("/?path=iflytek%2Chigh-end-ai-chips", seen.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(Strings(canvas.GetProperty("edges"), "id").Order(), Strings(seen.GetProperty("restored").GetProperty("edges"), "id").Order());
        Assert.Contains("cloud providers for high-end chip technology", seen.GetProperty("hover").GetString(), StringComparison.Ordinal);
        Assert.Contains($"source: {titles["001_cdbedb73864a055a.txt"]}", seen.GetProperty("hover").GetString(), StringComparison.Ordinal);
        Assert.Equal(nodes.Count, seen.GetProperty("screenshots").GetProperty("path").GetProperty("nodes").GetInt32());
    }

    /// <summary>The server's source catalog: id → title.</summary>
    private async Task<Dictionary<string, string>> TitlesAsync() =>
        (await _reader.GetFromJsonAsync<JsonElement>("/api/documents")).EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("title").GetString()!);

    private static string Fold(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task Dashboard_PathEvidence_OpensEachHopsDocumentByTitleWithTheQuoteHighlighted()
    {
        var seen = await RunAsync("evidence");
        var titles = await TitlesAsync();
        var hops = (await _reader.GetFromJsonAsync<JsonElement>("/api/paths?from=iflytek&to=high-end-ai-chips")).GetProperty("paths")[0]
            .GetProperty("hops").EnumerateArray().Select(h => h.GetProperty("relationship").GetProperty("provenance")).ToList();

        // Each hop's row names its document by title (never the file name) and opens that document, the quote marked.
        var opened = seen.GetProperty("opened").EnumerateArray().ToList();
        Assert.Equal(hops.Count, opened.Count);
        foreach (var (p, view) in hops.Zip(opened))
        {
            var file = p.GetProperty("source").GetString()!;
            var quote = p.GetProperty("quote").GetString()!;
            Assert.Equal(titles[file], view.GetProperty("title").GetString());
            Assert.Equal(quote, view.GetProperty("quote").GetString());
            Assert.Equal(quote, Assert.Single(Strings(view.GetProperty("marks"))));
            Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Shared, "seeds", file)), view.GetProperty("text").GetString());
            Assert.Contains("The quote is marked", view.GetProperty("quoteStatus").GetString(), StringComparison.Ordinal);
        }

        Assert.All(seen.GetProperty("rows").EnumerateArray(), r => Assert.DoesNotContain(".txt", r[5].GetString()!, StringComparison.Ordinal));

        // A click on a relationship drawn on the canvas opens the same document with its quote.
        var fromCanvas = seen.GetProperty("fromCanvas");
        var edge = seen.GetProperty("canvas").GetProperty("edges").EnumerateArray().Single(e => e.GetProperty("id").GetString() == fromCanvas.GetProperty("edge").GetString());
        Assert.Equal(edge.GetProperty("quote").GetString(), Assert.Single(Strings(fromCanvas.GetProperty("marks"))));
        Assert.Equal(edge.GetProperty("evidence").GetString(), fromCanvas.GetProperty("title").GetString());

        // iFlytek's Entity List listing opens the list entry it rests on, its Federal Register citation marked.
        var listing = (await _reader.GetFromJsonAsync<JsonElement>("/api/entities/iflytek")).GetProperty("listings")[0].GetProperty("relationship").GetProperty("provenance");
        var record = seen.GetProperty("listing");
        Assert.Equal(titles[listing.GetProperty("source").GetString()!.Split(" (")[0]], record.GetProperty("title").GetString());
        Assert.Contains($"dataset record {listing.GetProperty("record").GetString()}", record.GetProperty("meta").GetString(), StringComparison.Ordinal);
        Assert.Equal(Fold(listing.GetProperty("quote").GetString()!), Fold(Assert.Single(Strings(record.GetProperty("marks")))));
    }

    [Fact]
    public async Task Dashboard_LookThrough_DrawsInspurGroupsHoldingsAsCanvasAndTableAndSavesTheCanvasAsSvg()
    {
        var seen = await RunAsync("lookthrough");
        var oracle = await _reader.GetFromJsonAsync<JsonElement>("/api/look-through/inspur-group?downstream=true");
        var shares = oracle.GetProperty("shares").EnumerateArray().ToList();
        Assert.NotEmpty(shares);

        // The canvas: Inspur Group and every party it holds, joined by the stakes the answer multiplied.
        var canvas = seen.GetProperty("canvas");
        Assert.Equal(shares.Select(s => s.GetProperty("entity").GetProperty("id").GetString()).Append("inspur-group").Order(), Strings(canvas.GetProperty("nodes"), "id").Order());
        Assert.Equal(Strings(oracle.GetProperty("relationships"), "id").Order(), Strings(canvas.GetProperty("edges"), "id").Order());

        // The table: the API's order, each party's effective share as a percentage and its hops.
        Assert.Equal(shares.Select(s => s.GetProperty("entity").GetProperty("id").GetString()), Strings(seen.GetProperty("parties")));
        foreach (var (share, row) in shares.Zip(seen.GetProperty("table").EnumerateArray()))
        {
            var low = share.GetProperty("low").GetDouble() * 100;
            Assert.StartsWith(Math.Round(low, 2).ToString("0.##", CultureInfo.InvariantCulture) + " %", row[1].GetString(), StringComparison.Ordinal);
            Assert.Equal(share.GetProperty("hops").GetInt32().ToString(CultureInfo.InvariantCulture), row[2].GetString());
        }

        // The URL restores it; the SVG holds every drawn node's label.
        Assert.Contains("lookThrough=inspur-group", seen.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Contains("downstream=true", seen.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("downstream", seen.GetProperty("restoredDirection").GetString());
        Assert.Equal(Strings(canvas.GetProperty("nodes"), "id").Order(), Strings(seen.GetProperty("restored").GetProperty("nodes"), "id").Order());
        Assert.EndsWith(".svg", seen.GetProperty("svg").GetProperty("name").GetString(), StringComparison.Ordinal);
        var svg = System.Xml.Linq.XDocument.Parse(seen.GetProperty("svg").GetProperty("text").GetString()!);
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        var nodes = svg.Descendants().Where(e => e.Name.LocalName == "g" && (string?)e.Attribute("class") == "node").ToList();
        Assert.Equal(Strings(canvas.GetProperty("nodes"), "id").Order(), nodes.Select(g => (string)g.Attribute("data-id")!).Order());
        foreach (var label in Strings(seen.GetProperty("labels")))
        {
            var lines = label.Split('\n');
            Assert.Contains(nodes, g => g.Descendants().Where(e => e.Name.LocalName == "tspan").Select(t => t.Value).SequenceEqual(lines));
        }

        Assert.Equal(canvas.GetProperty("edges").GetArrayLength(), svg.Descendants().Count(e => e.Name.LocalName == "g" && (string?)e.Attribute("class") == "edge"));
    }

    [Fact]
    public async Task Dashboard_ExposureQuestion_DrawsSugonsListedManufacturersWithListingDates()
    {
        var seen = await RunAsync("exposure");
        var oracle = await _reader.GetFromJsonAsync<JsonElement>("/api/exposure?entity=sugon&types=MANUFACTURES_FOR&direction=in&maxHops=1");
        var hits = oracle.GetProperty("hits").EnumerateArray().ToList();
        Assert.True(hits.Count >= 2, "the seed has Sugon's listed manufacturers");

        Assert.Equal(hits.Select(h => h.GetProperty("party").GetProperty("id").GetString()), Strings(seen.GetProperty("parties")));
        var canvas = seen.GetProperty("canvas");
        Assert.Equal(hits.Select(h => h.GetProperty("party").GetProperty("id").GetString()).Order(), Strings(canvas.GetProperty("nodes"), "id").Order());
        Assert.All(canvas.GetProperty("edges").EnumerateArray(), e =>
        {
            Assert.Equal("MANUFACTURES_FOR", e.GetProperty("type").GetString());
            Assert.Equal("sugon", e.GetProperty("target").GetString());
            Assert.False(string.IsNullOrEmpty(e.GetProperty("quote").GetString()));
        });
        Assert.Equal(hits.Count - 1, canvas.GetProperty("edges").GetArrayLength());

        // Each listed manufacturer: drawn as listed, and the table says which list and since when.
        var rows = seen.GetProperty("table").EnumerateArray().ToList();
        foreach (var (hit, row) in hits.Zip(rows))
        {
            var id = hit.GetProperty("party").GetProperty("id").GetString();
            var node = canvas.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == id);
            Assert.True(node.GetProperty("listed").GetBoolean(), id);
            foreach (var l in hit.GetProperty("listings").EnumerateArray())
            {
                var text = $"{l.GetProperty("list").GetProperty("name").GetString()} since {l.GetProperty("since").GetString()}";
                Assert.Contains(text, node.GetProperty("listText").GetString(), StringComparison.Ordinal);
                Assert.Contains(text, row[2].GetString(), StringComparison.Ordinal);
            }
        }

        var url = seen.GetProperty("url").GetString()!;
        Assert.Contains("exposure=sugon", url, StringComparison.Ordinal);
        Assert.Contains("types=MANUFACTURES_FOR", url, StringComparison.Ordinal);
        Assert.Contains("direction=in", url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_WhatIfAsOf_InspurBuying51PercentOfTheChipmakerIsBlockedTodayButNotOn20260115_MemoSaysSo()
    {
        var seen = await RunAsync("whatif");
        var today = seen.GetProperty("today").GetString()!;
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), today);
        const string Batch = """{"relationships": [{"type": "OWNS", "from": "inspur-group", "to": "taiwanese-chipmaker", "share": "51%", "provenance": {"source": "oracle"}}]}""";
        async Task<JsonElement> WhatIf(string asOf)
        {
            var response = await _reader.PostAsync(new Uri($"/api/what-if/ownership/taiwanese-chipmaker?rule=bis-affiliates&asOf={asOf}", UriKind.Relative), new StringContent(Batch, Encoding.UTF8, "application/json"));
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        string Words(string status) => status switch { "blocked" => "blocked", "possiblyBlocked" => "possibly blocked", _ => "not blocked" };
        var now = await WhatIf(today);
        var then = await WhatIf("2026-01-15");
        Assert.Equal(Words(now.GetProperty("before").GetProperty("status").GetString()!), seen.GetProperty("todayBefore").GetString());
        Assert.Equal(Words(now.GetProperty("after").GetProperty("status").GetString()!), seen.GetProperty("todayAfter").GetString());
        Assert.Equal(Words(then.GetProperty("after").GetProperty("status").GetString()!), seen.GetProperty("pastAfter").GetString());

        // The rule is suspended from 2025-11-10 to 2026-11-09: on 2026-01-15 the purchase changes nothing; after the
        // suspension, 51 % held by a listed owner blocks.
        Assert.Equal("not blocked", seen.GetProperty("pastAfter").GetString());
        Assert.Contains("not in force on 2026-01-15", seen.GetProperty("pastRule").GetString(), StringComparison.Ordinal);
        if (string.CompareOrdinal(today, "2026-11-09") > 0)
        {
            Assert.Equal("blocked", seen.GetProperty("todayAfter").GetString());
            Assert.Contains($"in force on {today}", seen.GetProperty("todayRule").GetString(), StringComparison.Ordinal);
        }

        var owners = seen.GetProperty("todayOwners").EnumerateArray().ToList();
        Assert.Equal("Inspur Group", Assert.Single(owners)[0].GetString());
        Assert.Equal("51 %", owners[0][2].GetString());
        Assert.Contains("asOf=2026-01-15", seen.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Contains("owner=inspur-group", seen.GetProperty("url").GetString(), StringComparison.Ordinal);

        // The memo states the question, the rule with its citation, both dates with their verdicts, the chain with its
        // source, the listings it rests on with their records, and the store's change sequence.
        var memo = seen.GetProperty("memo").GetString()!;
        var sequence = (await _reader.GetFromJsonAsync<JsonElement>("/health")).GetProperty("lastSequence").GetInt64();
        Assert.StartsWith("determination-memo-", seen.GetProperty("memoName").GetString(), StringComparison.Ordinal);
        Assert.Contains("If Inspur Group buys 51 % of Unidentified Taiwanese chipmaker", memo, StringComparison.Ordinal);
        Assert.Contains("BIS Affiliates Rule", memo, StringComparison.Ordinal);
        Assert.Contains("90 FR 47201", memo, StringComparison.Ordinal);
        Assert.Contains($"<tr><td>{today}</td><td>{seen.GetProperty("todayBefore").GetString()} → {seen.GetProperty("todayAfter").GetString()}</td>", memo, StringComparison.Ordinal);
        Assert.Contains("<tr><td>2026-01-15</td><td>not blocked → not blocked</td>", memo, StringComparison.Ordinal);
        Assert.Contains("—OWNS (51 %)→", memo, StringComparison.Ordinal);
        Assert.Contains("source: what-if (dashboard)", memo, StringComparison.Ordinal);
        Assert.Contains("Entity List since 2023-03-06", memo, StringComparison.Ordinal);
        Assert.Contains("entities[679]", memo, StringComparison.Ordinal);
        Assert.Contains($"at change #{sequence} ", memo, StringComparison.Ordinal);
        Assert.Contains("evaluated, not committed", memo, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_Neighbourhood_ClickOpensTheCardPinsAndExpandsAndTheTableWorksByKeyboard()
    {
        var seen = await RunAsync("neighbourhood");
        var oracle = await _reader.GetFromJsonAsync<JsonElement>("/api/entities/sugon");
        var neighbours = oracle.GetProperty("relationships").EnumerateArray()
            .Select(r => r.GetProperty("from").GetString() == "sugon" ? r.GetProperty("to").GetString() : r.GetProperty("from").GetString())
            .Append("sugon").Distinct().Order().ToList();
        Assert.Equal(neighbours, Strings(seen.GetProperty("first").GetProperty("nodes"), "id").Order());
        Assert.Equal(oracle.GetProperty("relationships").GetArrayLength(), seen.GetProperty("first").GetProperty("edges").GetArrayLength());
        Assert.Contains("listed on Entity List since 2019-06-24", seen.GetProperty("card").GetString(), StringComparison.Ordinal);

        // A click on a drawn node opens its card; pin holds it in place through the expansion, which adds its neighbours.
        Assert.Contains("military-supercomputers", seen.GetProperty("clickedCard").GetString(), StringComparison.Ordinal);
        Assert.True(seen.GetProperty("pinned").GetBoolean());
        Assert.True(seen.GetProperty("pinnedAfterExpand").GetBoolean());
        var clicked = await _reader.GetFromJsonAsync<JsonElement>("/api/entities/military-supercomputers");
        var expanded = Strings(seen.GetProperty("expanded").GetProperty("nodes"), "id").ToHashSet();
        Assert.All(clicked.GetProperty("relationships").EnumerateArray(), r =>
            Assert.Contains(r.GetProperty("from").GetString() == "military-supercomputers" ? r.GetProperty("to").GetString()! : r.GetProperty("from").GetString()!, expanded));
        Assert.Superset(Strings(seen.GetProperty("first").GetProperty("nodes"), "id").ToHashSet(), expanded);

        // The table alternative lists what the canvas holds.
        var drawn = seen.GetProperty("canvasAfterKeyboard");
        Assert.Equal(Strings(drawn.GetProperty("nodes"), "id").Order(), Strings(seen.GetProperty("tableNodes")).Order());
        Assert.Equal(drawn.GetProperty("edges").GetArrayLength(), seen.GetProperty("tableEdges").GetInt32());
    }

    [Fact]
    public async Task Dashboard_CypherConsole_PointsAtTheTyposColumnThenDrawsTheResultAsGraphAndTable()
    {
        var seen = await RunAsync("cypher");
        Assert.Contains("line 2, column 1", seen.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("RETRUN", seen.GetProperty("cursor").GetString());

        var oracle = await _reader.PostAsJsonAsync("/api/cypher", new { query = "MATCH (a {id: 'sugon'})<-[r:MANUFACTURES_FOR]-(b) RETURN b.name ORDER BY b.name" });
        var names = (await oracle.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows").EnumerateArray().Select(r => r[0].GetString()).ToList();
        Assert.Equal(["a", "type", "r", "b"], Strings(seen.GetProperty("headers")));
        Assert.Equal(names, seen.GetProperty("table").EnumerateArray().Select(r => r[3].GetString()));
        Assert.All(seen.GetProperty("table").EnumerateArray(), r => Assert.Equal("Sugon", r[0].GetString()));
        Assert.Equal(names.Count + 1, seen.GetProperty("canvas").GetProperty("nodes").GetArrayLength());
        Assert.Equal(names.Count, seen.GetProperty("canvas").GetProperty("edges").GetArrayLength());
        Assert.Contains("RETURN a, type(r)", Assert.Single(Strings(seen.GetProperty("history"))), StringComparison.Ordinal);
        Assert.Contains("cypher=MATCH", seen.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_Watchlist_ShowsLiveBadgesAndListsAFlippedVerdictWithItsCause()
    {
        var seen = await RunAsync("watchlist");
        async Task<string> Verdict(string id) =>
            (await _reader.GetFromJsonAsync<JsonElement>($"/api/ownership/{id}?rule=bis-affiliates")).GetProperty("status").GetString() switch
            {
                "blocked" => "blocked",
                "possiblyBlocked" => "possibly blocked",
                _ => "not blocked",
            };

        // Before and after the commit (now deleted again) the badges say what the REST API says.
        string[] now = [$"Meituan: {await Verdict("meituan")}", $"Megvii: {await Verdict("megvii")}"];
        Assert.Equal(now, Strings(seen.GetProperty("badges")));
        Assert.Equal(now, Strings(seen.GetProperty("badgesAfterReload")));
        Assert.Equal(["Meituan: blocked", now[1]], Strings(seen.GetProperty("badgesAfter")));
        Assert.StartsWith("exposure: score", seen.GetProperty("exposure").GetString(), StringComparison.Ordinal);

        // Kept by the server for this key: there after a reload, in a browser profile with nothing cached, and not
        // shown to another key.
        var saved = Assert.Single(seen.GetProperty("serverLists").EnumerateArray());
        Assert.Equal("under review", saved.GetProperty("name").GetString());
        Assert.Equal(["meituan", "megvii"], saved.GetProperty("parties").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(["under review"], Strings(seen.GetProperty("freshProfile").GetProperty("found")));
        Assert.Equal(2, seen.GetProperty("freshProfile").GetProperty("badges").GetArrayLength());
        Assert.Empty(seen.GetProperty("otherKey").GetProperty("found").EnumerateArray());

        var change = Assert.Single(Strings(seen.GetProperty("changes")));
        Assert.Contains("Meituan: not blocked → blocked", change, StringComparison.Ordinal);
        Assert.Contains($"cause: change #{seen.GetProperty("sequence").GetInt64()} POST /api/batches: sugon —OWNS 51 %→ meituan", change, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_EveryView_AxeFindsNoSeriousOrCriticalViolation()
    {
        var seen = await RunAsync("accessibility");
        foreach (var view in new[] { "landing", "path", "ownership", "lookThrough", "evidence" })
        {
            var bad = seen.GetProperty(view).EnumerateArray().Where(v => v.GetProperty("impact").GetString() is "serious" or "critical").ToList();
            Assert.True(bad.Count == 0, $"{view}: {string.Join("; ", bad.Select(v => v.ToString()))}");
        }
    }

    [Fact]
    public async Task Dashboard_LiveChanges_ArriveOnTheCanvasLabelledNewOrGoneAndResumeAfterADrop()
    {
        var seen = await RunAsync("live");
        Assert.Equal("live", seen.GetProperty("statusAtStart").GetString());
        Assert.Equal(["megvii"], Strings(seen.GetProperty("initial")));

        // Another client's commit: the new hit and its edge appear without a reload, the edge carries its quote.
        Assert.Contains("sugon", Strings(seen.GetProperty("hitsAfterAdd")));
        var edge = seen.GetProperty("afterAdd").GetProperty("edges").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "browser-sugon-megvii");
        Assert.Equal("servers", edge.GetProperty("quote").GetString());
        Assert.True(seen.GetProperty("freshClass").GetBoolean(), "a new hit flashes on the canvas");
        Assert.Contains("SUPPLIES", seen.GetProperty("chain").GetString(), StringComparison.Ordinal);

        // A changed score on a hit already shown is labelled changed, on the canvas and in the log, never new again.
        var afterChange = Strings(seen.GetProperty("logAfterChange")).ToList();
        Assert.Contains(afterChange, l => l.Contains("changed: Sugon", StringComparison.Ordinal));
        Assert.Single(afterChange, l => l.Contains("new: Sugon", StringComparison.Ordinal));
        Assert.True(seen.GetProperty("changedClass").GetBoolean(), "a changed hit or edge is marked changed on the canvas");

        // The drop is told as it is, the change made meanwhile arrives on resume, labelled gone (a first sighting: new).
        Assert.StartsWith("reconnecting", seen.GetProperty("statusDropped").GetString(), StringComparison.Ordinal);
        Assert.Matches("^live — resumed at #[0-9]+$", seen.GetProperty("statusResumed").GetString());
        Assert.Equal(["megvii"], Strings(seen.GetProperty("afterResume")));
        var log = Strings(seen.GetProperty("log")).ToList();
        Assert.Contains(log, l => l.Contains("new: Sugon", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("gone: Sugon", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("new: Megvii", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(log, l => l.Contains("gone: relationship browser-sugon-megvii", StringComparison.Ordinal));

        // A live ownership flip: the verdict, the owners table and the log follow the commit.
        Assert.Contains(seen.GetProperty("owners").EnumerateArray(), r => r[0].GetString() == "Sugon" && r[2].GetString() == "51 %");
        Assert.Contains(Strings(seen.GetProperty("logAfterOwnership")), l => l.Contains("not blocked → blocked", StringComparison.Ordinal));
        Assert.Contains("browser-sugon-owns-meituan", Strings(seen.GetProperty("ownershipCanvas").GetProperty("edges"), "id"));
    }

    [Fact]
    public async Task DashboardBundle_Sources_BuildToTheCommittedBundle()
    {
        var folder = Path.Combine(RepoPaths.Root, "src", "SupplyGraph.Dashboard");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "esbuild")), "run scripts/test.sh (it installs the dashboard's npm packages)");
        var info = new ProcessStartInfo("node", [Path.Combine(folder, "build.mjs"), "--check"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var node = Process.Start(info)!;
        var output = await node.StandardOutput.ReadToEndAsync() + await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, output);
    }
}
