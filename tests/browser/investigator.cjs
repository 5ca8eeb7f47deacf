// The investigator's questions, asked from the dashboard in Debian's headless Chromium (playwright-core, never a
// downloaded browser). Prints what the page showed as one JSON line (canvas data, table rows, texts) for the C# tests
// (tests/SupplyGraph.Server.Tests/DashboardTests.cs) to check; saves a screenshot of each view in SCREENSHOT_DIR.
// usage: node investigator.cjs SCENARIO BASE_URL READER_KEY EDITOR_KEY SCREENSHOT_DIR
const fs = require("node:fs");
const path = require("node:path");
const { chromium } = require("playwright-core");

const [scenario, base, reader, editor, shots] = process.argv.slice(2);
const seen = { scenario, errors: [], screenshots: {} };

async function commit(method, route, body) {
  const response = await fetch(base + route, {
    method,
    headers: { "X-Api-Key": editor, "Content-Type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** What the canvas holds: nodes, edges, and which of them the answer highlights. */
const canvas = (page) => page.evaluate(() => ({
  nodes: sg.canvas.nodes().map((n) => ({ id: n.id, name: n.name, listed: n.listed, listText: n.listText, kind: n.kind })),
  edges: sg.canvas.edges().map((e) => ({ id: e.id, source: e.source, target: e.target, type: e.type, quote: e.quote, evidence: e.evidence })),
  highlighted: sg.canvas.cy.elements(".hl").map((e) => e.id()),
}));

const rows = (page, selector) => page.$$eval(selector, (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent.trim())));

/** A screenshot, with the structure it shows (so that a test compares elements, never pixels). */
async function shot(page, name) {
  fs.mkdirSync(shots, { recursive: true });
  const file = path.join(shots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  const c = await canvas(page);
  seen.screenshots[name] = { file, bytes: fs.statSync(file).size, nodes: c.nodes.length, edges: c.edges.length };
}

/** The page centre of a drawn element (node position, edge midpoint), for real mouse clicks and hovers. */
const at = (page, id) => page.evaluate((id) => {
  const e = sg.canvas.cy.getElementById(id);
  const p = e.isNode() ? e.renderedPosition() : e.renderedMidpoint();
  const box = sg.canvas.cy.container().getBoundingClientRect();
  return { x: box.left + p.x, y: box.top + p.y };
}, id);

async function waitLive(page) {
  await page.waitForFunction(() => /^live/.test(document.querySelector("#status").textContent));
}

const scenarios = {
  // "Through which chain can iFlytek reach high-end chips, on what evidence?" — typed into the path form.
  async path(page) {
    await page.goto(base + "/");
    await waitLive(page);
    seen.statusAtStart = await page.textContent("#status");
    await page.fill("#path-from", "iFlytek");
    await page.fill("#path-to", "high-end chips");
    await page.click("#path-run");
    await page.waitForSelector("#path-table tbody tr");
    await page.waitForFunction(() => sg.canvas.nodes().some((n) => n.listed));
    seen.canvas = await canvas(page);
    seen.table = await rows(page, "#path-table tbody tr");
    seen.url = page.url();
    await shot(page, "path");

    // The exports: the answer as CSV and JSON, the canvas as PNG.
    const saved = async (button) => {
      const download = page.waitForEvent("download");
      await page.click(button);
      const file = await download;
      return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
    };
    const csv = await saved("#export-csv");
    const json = await saved("#export-json");
    const png = await saved("#export-png");
    seen.csv = { name: csv.name, text: csv.bytes.toString("utf8") };
    seen.json = { name: json.name, text: json.bytes.toString("utf8") };
    seen.png = { name: png.name, magic: png.bytes.subarray(1, 4).toString("latin1"), bytes: png.bytes.length };

    // The URL restores the view in a fresh page.
    const again = await page.context().newPage();
    await again.goto(seen.url);
    await again.waitForSelector("#path-table tbody tr");
    seen.restored = await canvas(again);
    await again.close();

    // Hovering an edge shows its evidence.
    const edge = seen.canvas.edges[0].id;
    const p = await at(page, edge);
    await page.mouse.move(p.x, p.y);
    await page.waitForSelector("#evidence:not([hidden])");
    seen.hover = await page.textContent("#evidence");
  },

  // Evidence you can read: each hop of the iFlytek → high-end chips path opened in its source document, the quote
  // marked; an edge clicked on the canvas opens its source too; a listing opens its dataset record.
  async evidence(page) {
    const viewer = async () => {
      await page.waitForSelector("#source-viewer[open] #source-text");
      const v = await page.evaluate(() => ({
        title: document.querySelector("#source-title").textContent,
        meta: document.querySelector("#source-meta").textContent,
        quoteStatus: document.querySelector("#source-quote").textContent,
        marks: [...document.querySelectorAll("#source-text mark")].map((m) => m.textContent),
        text: document.querySelector("#source-text").textContent,
      }));
      return v;
    };
    const close = async () => {
      await page.click("#source-close");
      await page.waitForSelector("#source-viewer:not([open])", { state: "attached" });
    };
    await page.goto(base + "/?path=iflytek,high-end-ai-chips");
    await page.waitForSelector("#path-table tbody tr button.read");
    seen.canvas = await canvas(page);
    seen.rows = await rows(page, "#path-table tbody tr");
    seen.opened = [];
    const count = await page.$$eval("#path-table tbody tr", (trs) => trs.length);
    for (let i = 1; i <= count; i++) {
      await page.click(`#path-table tbody tr:nth-child(${i}) button.read`);
      seen.opened.push({ row: i, quote: await page.textContent(`#path-table tbody tr:nth-child(${i}) q`), ...(await viewer()) });
      if (i === count) await shot(page, "evidence");
      await close();
    }

    // A click on a drawn relationship opens its source.
    const edge = seen.canvas.edges.find((e) => e.quote);
    const p = await at(page, edge.id);
    await page.mouse.click(p.x, p.y);
    seen.fromCanvas = { edge: edge.id, ...(await viewer()) };
    await close();

    // A listing on iFlytek's card opens the Entity List record it rests on.
    await page.goto(base + "/?entity=iflytek");
    await page.waitForSelector("#card-listings button.read");
    await page.click("#card-listings li:first-child button.read");
    seen.listing = await viewer();
    await shot(page, "evidence-record");
  },

  // Look-through: what Inspur Group effectively holds below it, drawn and tabled; the canvas saved as SVG; the URL
  // restores the view.
  async lookthrough(page) {
    await page.goto(base + "/");
    await waitLive(page);
    await page.click("#q-lookthrough summary");
    await page.fill("#lt-entity", "Inspur Group");
    await page.selectOption("#lt-direction", "downstream");
    await page.click("#lt-run");
    await page.waitForSelector("#look-through tr");
    await page.waitForFunction(() => sg.canvas.nodes().some((n) => n.listed));
    seen.canvas = await canvas(page);
    seen.table = await rows(page, "#look-through tr");
    seen.parties = await page.$$eval("#look-through tr", (trs) => trs.map((tr) => tr.dataset.party));
    seen.url = page.url();
    await shot(page, "look-through");
    const download = page.waitForEvent("download");
    await page.click("#export-svg");
    const file = await download;
    seen.svg = { name: file.suggestedFilename(), text: fs.readFileSync(await file.path(), "utf8") };
    seen.labels = await page.evaluate(() => sg.canvas.cy.nodes().map((n) => n.data("label")));
    const again = await page.context().newPage();
    await again.goto(seen.url);
    await again.waitForSelector("#look-through tr");
    seen.restored = await canvas(again);
    seen.restoredDirection = await again.inputValue("#lt-direction");
    await again.close();
  },

  // "Which of Sugon's manufacturers were listed, and when?" — exposure against MANUFACTURES_FOR, 1 hop, live.
  async exposure(page) {
    await page.goto(base + "/");
    await waitLive(page);
    await page.fill("#hops", "1");
    await page.selectOption("#direction", "in");
    await page.selectOption("#types", ["MANUFACTURES_FOR"]);
    await page.fill("#exposure-entity", "Sugon");
    await page.click("#watch");
    await page.waitForSelector("#hits tr[data-party='nettrix']");
    seen.canvas = await canvas(page);
    seen.table = await rows(page, "#hits tr");
    seen.parties = await page.$$eval("#hits tr", (trs) => trs.map((tr) => tr.dataset.party));
    seen.url = page.url();
    await shot(page, "exposure");
  },

  // "If Inspur Group buys 51 % of the Taiwanese chipmaker, is it restricted under the BIS Affiliates rule today, and
  // was it on 2026-01-15?" — the what-if form, the rule picker, the as-of control; then the memo.
  async whatif(page) {
    await page.goto(base + "/");
    await waitLive(page);
    seen.today = await page.inputValue("#as-of");
    await page.fill("#own-entity", "Taiwanese chipmaker");
    await page.selectOption("#rule", "bis-affiliates");
    await page.fill("#wi-owner", "Inspur Group");
    await page.fill("#wi-share", "51");
    await page.click("#ownership-run");
    await page.waitForSelector("#verdict");
    seen.todayBefore = await page.textContent("#verdict-before");
    seen.todayAfter = await page.textContent("#verdict");
    seen.todayRule = await page.textContent("#rule-line");
    seen.todayOwners = await rows(page, "#owners tr");
    seen.canvas = await canvas(page);
    await shot(page, "what-if");


    await page.fill("#as-of", "2026-01-15");
    await page.dispatchEvent("#as-of", "change");
    await page.waitForFunction(() => document.querySelector("#rule-line")?.textContent.includes("2026-01-15"));
    seen.pastBefore = await page.textContent("#verdict-before");
    seen.pastAfter = await page.textContent("#verdict");
    seen.pastRule = await page.textContent("#rule-line");
    seen.pastExplanation = await page.textContent("#explanation");
    seen.url = page.url();
    await shot(page, "what-if-as-of");

    // The memo of both evaluations: downloaded as a page of its own (print it to PDF from the browser).
    const download = page.waitForEvent("download");
    await page.click("#export-memo");
    const memo = await download;
    seen.memoName = memo.suggestedFilename();
    seen.memo = fs.readFileSync(await memo.path(), "utf8");

    const memoPage = await page.context().newPage();
    await memoPage.setContent(seen.memo);
    await memoPage.screenshot({ path: path.join(shots, "memo.png"), fullPage: true });
    await memoPage.close();
  },

  // The neighbourhood: a search, a pick, a click on a drawn node, expand, pin; the table alternative by keyboard.
  async neighbourhood(page) {
    await page.goto(base + "/?entity=sugon");
    await waitLive(page);
    await page.waitForFunction(() => sg.canvas.nodes().length > 1 && !document.querySelector("#card").hidden);
    seen.first = await canvas(page);
    seen.card = await page.textContent("#card");
    await shot(page, "neighbourhood");
    const target = "military-supercomputers";
    const p = await at(page, target);
    await page.mouse.click(p.x, p.y);
    await page.waitForFunction((t) => document.querySelector("#card").dataset.entity === t && document.querySelector("#card-name").textContent.includes(t), target);
    seen.clickedCard = await page.textContent("#card-name");
    await page.click("#card-pin");
    seen.pinned = await page.evaluate((t) => sg.canvas.cy.getElementById(t).locked(), target);
    await page.click("#card-expand");
    await page.waitForFunction((n) => sg.canvas.nodes().length > n, seen.first.nodes.length);
    seen.expanded = await canvas(page);
    seen.pinnedAfterExpand = await page.evaluate((t) => sg.canvas.cy.getElementById(t).locked(), target);

    // Keyboard only: open the table alternative and expand a node from it.
    await page.focus("#canvas-table-box summary");
    await page.keyboard.press("Enter");
    const listed = seen.expanded.nodes.find((n) => n.listed && n.id !== "sugon" && n.id !== target);
    await page.focus(`#canvas-nodes button[data-expand='${listed.id}']`);
    const count = seen.expanded.nodes.length;
    await page.keyboard.press("Enter");
    // The press starts the expansion at once (aria-busy); the table and the canvas are read once it has ended, so both
    // hold the same answer (waiting on the node count alone read the table before the expansion's edges arrived).
    await page.waitForFunction((n) => sg.canvas.nodes().length >= n && !document.body.hasAttribute("aria-busy") && !document.querySelector("#error").textContent, count);
    seen.tableNodes = await page.$$eval("#canvas-nodes tbody tr", (trs) => trs.map((tr) => tr.dataset.node));
    seen.tableEdges = await page.$$eval("#canvas-edges tbody tr", (trs) => trs.length);
    seen.canvasAfterKeyboard = await canvas(page);
    await shot(page, "canvas-table");
  },

  // A large neighbourhood (the Entity List's listed parties): drawn whole, then panned and zoomed for 120 frames while
  // the page measures the time between frames. Figures, not a pass mark: docs/dashboard.md records them with the load.
  async large(page) {
    const started = Date.now();
    await page.goto(base + "/?entity=bis-entity-list");
    await page.waitForFunction(() => sg.canvas.nodes().length > 1000 && !document.querySelector("#card").hidden);
    seen.drawnMs = Date.now() - started;
    // Where the time went: the page's own measures (src/SupplyGraph.Dashboard/src/perf.js) and the browser's
    // resource timing, each phase from the page's navigation start.
    await page.waitForFunction(() => performance.getEntriesByName("canvas: to first frame").length > 0);
    seen.breakdown = await page.evaluate(() => {
      const round = (v) => Math.round(v);
      const phases = [];
      const nav = performance.getEntriesByType("navigation")[0];
      phases.push({ phase: "page: document", start: 0, ms: round(nav.responseEnd) });
      for (const r of performance.getEntriesByType("resource")) {
        if (/app\.js$|neighbourhood/.test(r.name)) phases.push({ phase: `fetch ${new URL(r.name).pathname.split("/").pop()} (${Math.round(r.decodedBodySize / 1024)} KB)`, start: round(r.startTime), ms: round(r.responseEnd - r.startTime) });
      }
      const script = performance.getEntriesByName("script start")[0].startTime;
      const app = performance.getEntriesByType("resource").find((r) => /app\.js$/.test(r.name));
      phases.push({ phase: "script: parse and run the bundle", start: round(app.responseEnd), ms: round(script - app.responseEnd) });
      for (const m of performance.getEntriesByType("measure")) phases.push({ phase: m.name, start: round(m.startTime), ms: round(m.duration) });
      return phases.sort((a, b) => a.start - b.start);
    });
    seen.nodes = await page.evaluate(() => sg.canvas.nodes().length);
    seen.edges = await page.evaluate(() => sg.canvas.edges().length);
    seen.frames = await page.evaluate(() => new Promise((done) => {
      const cy = sg.canvas.cy;
      const times = [];
      let last = performance.now();
      let i = 0;
      const step = (now) => {
        times.push(now - last);
        last = now;
        cy.panBy({ x: i % 40 < 20 ? 6 : -6, y: 3 * Math.sin(i / 8) });
        cy.zoom({ level: cy.zoom() * (i % 60 < 30 ? 1.01 : 0.99), renderedPosition: { x: 400, y: 300 } });
        if (++i < 120) requestAnimationFrame(step); else done(times.slice(1));
      };
      requestAnimationFrame(step);
    }));
    const sorted = [...seen.frames].sort((a, b) => a - b);
    seen.frameMedianMs = sorted[Math.floor(sorted.length / 2)];
    seen.frameP95Ms = sorted[Math.floor(sorted.length * 0.95)];
    // A click still opens a card on the loaded canvas (fitted again: the gestures may have moved the node away).
    const id = await page.evaluate(() => {
      sg.canvas.cy.fit();
      return sg.canvas.nodes().find((n) => n.listed).id;
    });
    const p = await at(page, id);
    await page.mouse.click(p.x, p.y);
    await page.waitForFunction(() => document.querySelector("#card").dataset.entity !== "bis-entity-list");
    seen.clicked = await page.evaluate(() => document.querySelector("#card").dataset.entity);
    // Fitted whole, the labels are too small to read and are not drawn; zoomed in on a party, those in view are.
    seen.labelledFitted = await page.evaluate(() => sg.canvas.cy.nodes(".labelled").length);
    // Braces, not an expression: cytoscape's calls return the core, and Playwright would serialise its whole object graph
    // as the answer (10 s and 3 GB of renderer heap a call; the second one crashed the renderer in CI).
    await page.evaluate((id) => { sg.canvas.cy.zoom({ level: 2, position: sg.canvas.cy.getElementById(id).position() }); }, id);
    await page.waitForFunction(() => sg.canvas.cy.nodes(".labelled").length > 0);
    seen.labelledZoomed = await page.evaluate(() => {
      const cy = sg.canvas.cy;
      const view = cy.extent();
      const inView = cy.nodes().filter((n) => n.position().x >= view.x1 && n.position().x <= view.x2 && n.position().y >= view.y1 && n.position().y <= view.y2);
      return { labelled: cy.nodes(".labelled").length, inView: inView.length, labelledInView: inView.filter((n) => n.hasClass("labelled")).length, label: cy.nodes(".labelled")[0].style("label") };
    });
    await shot(page, "large-neighbourhood-zoomed");
    await page.evaluate(() => { sg.canvas.cy.fit(); });
    await shot(page, "large-neighbourhood");

    // The table alternative, a page at a time: every party is reachable by keyboard.
    await page.focus("#canvas-table-box summary");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#canvas-nodes tbody tr");
    const tablePage = async () => ({
      nodes: await page.$$eval("#canvas-nodes tbody tr", (trs) => trs.map((tr) => tr.dataset.node)),
      edges: await page.$$eval("#canvas-edges tbody tr", (trs) => trs.length),
      label: await page.textContent("#canvas-page"),
    });
    seen.tablePages = [await tablePage()];
    await page.focus("#canvas-page-next");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => /page 2 /.test(document.querySelector("#canvas-page").textContent));
    seen.tablePages.push(await tablePage());
    seen.focusAfterPaging = await page.evaluate(() => document.activeElement?.id);
    seen.statusAtEnd = await page.textContent("#status");
    // axe-core on the large view with a page of its table open, as on the small views.
    await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
    const axeResult = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
    seen.largeAxe = axeResult.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help, target: v.nodes[0]?.target }));
    // The page's JavaScript heap after all of it (Chromium's performance.memory), for the test to bound.
    seen.heapMB = await page.evaluate(() => Math.round(performance.memory.usedJSHeapSize / 1048576));
    delete seen.frames;
  },

  // The Cypher console: a typo points at its column; the corrected query draws its graph and table, and is in the history.
  async cypher(page) {
    await page.goto(base + "/");
    await waitLive(page);
    await page.click("#q-cypher summary");
    await page.fill("#cypher-query", "MATCH (a {id: 'sugon'})<-[r:MANUFACTURES_FOR]-(b)\nRETRUN a, r, b");
    await page.click("#cypher-run");
    await page.waitForSelector("#cypher-error:not([hidden])");
    seen.error = await page.textContent("#cypher-error");
    // The server's 400 for the typo is the expected answer, not a page error.
    seen.errors = seen.errors.filter((e) => !e.includes("status of 400"));
    seen.cursor = await page.evaluate(() => { const q = document.querySelector("#cypher-query"); return q.value.slice(q.selectionStart, q.selectionStart + 6); });
    await page.fill("#cypher-query", "MATCH (a {id: 'sugon'})<-[r:MANUFACTURES_FOR]-(b)\nRETURN a, type(r) AS type, r, b ORDER BY b.name");
    await page.keyboard.press("Control+Enter");
    await page.waitForSelector("#cypher-table tbody tr");
    seen.table = await rows(page, "#cypher-table tbody tr");
    seen.headers = await page.$$eval("#cypher-table th", (ths) => ths.map((th) => th.textContent));
    seen.canvas = await canvas(page);
    seen.history = await page.$$eval("#cypher-history option", (os) => os.map((o) => o.value).filter(Boolean));
    seen.url = page.url();
    await shot(page, "cypher");
  },

  // Watchlists: saved with a rule and hops, a live badge per party; a commit that flips a verdict is listed with its
  // cause; the list survives a reload.
  async watchlist(page) {
    await page.goto(base + "/");
    await waitLive(page);
    await page.click("#q-watch summary");
    await page.fill("#wl-name", "under review");
    await page.fill("#wl-parties", "Meituan, Megvii");
    await page.selectOption("#wl-rule", "bis-affiliates");
    await page.fill("#wl-hops", "1");
    await page.click("#wl-save");
    await page.waitForFunction(() => [...document.querySelectorAll("#watchlists .badge")].every((b) => !b.textContent.endsWith("…")) && document.querySelectorAll("#watchlists .badge").length === 2
      && !document.querySelector("#watchlists .wl-exposure").textContent.endsWith("…"));
    seen.badges = await page.$$eval("#watchlists .badge", (bs) => bs.map((b) => b.textContent));
    seen.exposure = await page.textContent("#watchlists .wl-exposure");
    const commitSeq = (await commit("POST", "/api/batches", { relationships: [{ id: "browser-watch-owns", type: "OWNS", from: "sugon", to: "meituan", share: "51%", provenance: { source: "browser test" } }] })).sequence;
    seen.sequence = commitSeq;
    await page.waitForSelector("#watchlists .wl-changes li");
    seen.badgesAfter = await page.$$eval("#watchlists .badge", (bs) => bs.map((b) => b.textContent));
    seen.changes = await page.$$eval("#watchlists .wl-changes li", (items) => items.map((i) => i.textContent));
    await shot(page, "watchlist");
    await commit("DELETE", "/api/relationships/browser-watch-owns");
    await page.reload();
    await waitLive(page);
    await page.waitForFunction(() => document.querySelectorAll("#watchlists .badge").length === 2 && [...document.querySelectorAll("#watchlists .badge")].every((b) => !b.textContent.endsWith("…")));
    seen.badgesAfterReload = await page.$$eval("#watchlists .badge", (bs) => bs.map((b) => b.textContent));
    seen.serverLists = await (await fetch(base + "/api/watchlists", { headers: { "X-Api-Key": reader } })).json();

    // Kept by the server, not the browser: a new browser profile (nothing cached) with the same key sees the list;
    // another key does not.
    const elsewhere = async (key) => {
      const context = await page.context().browser().newContext({ viewport: { width: 1500, height: 900 } });
      await context.addInitScript((k) => localStorage.setItem("sg-key", k), key);
      const other = await context.newPage();
      await other.goto(base + "/");
      await waitLive(other);
      await other.waitForSelector("#watchlists[data-loaded='server']", { state: "attached" });
      const found = await other.$$eval("#watchlists [data-watchlist] strong", (ns) => ns.map((n) => n.textContent));
      const badges = await other.$$eval("#watchlists .badge", (bs) => bs.map((b) => b.textContent));
      await context.close();
      return { found, badges };
    };
    seen.freshProfile = await elsewhere(reader);
    seen.otherKey = await elsewhere(editor);
  },

  // axe-core on every view: no serious or critical violation.
  async accessibility(page) {
    const axe = require.resolve("axe-core/axe.min.js");
    const check = async (name) => {
      await page.addScriptTag({ path: axe });
      const result = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
      seen[name] = result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help, target: v.nodes[0]?.target }));
    };
    await page.goto(base + "/");
    await waitLive(page);
    await check("landing");
    await page.goto(base + "/?path=iflytek,high-end-ai-chips");
    await page.waitForSelector("#path-table tbody tr");
    await page.click("#canvas-table-box summary");
    await check("path");
    await page.goto(base + "/?ownership=taiwanese-chipmaker&rule=bis-affiliates&owner=inspur-group&share=51");
    await page.waitForSelector("#verdict");
    await check("ownership");
    await page.goto(base + "/?lookThrough=inspur-group&downstream=true");
    await page.waitForSelector("#look-through tr");
    await check("lookThrough");
    await page.goto(base + "/?path=iflytek,high-end-ai-chips");
    await page.waitForSelector("#path-table tbody tr button.read");
    await page.click("#path-table tbody tr:first-child button.read");
    await page.waitForSelector("#source-viewer[open] mark");
    await check("evidence");
  },

  // Live: a watched exposure gets a pushed new hit (canvas edge added, log says "new"), a drop and resume, a removal
  // ("gone"), and a change-log entry drawn on the canvas; then a live ownership flip.
  async live(page) {
    await page.goto(base + "/");
    await waitLive(page);
    seen.statusAtStart = await page.textContent("#status");
    await page.fill("#hops", "1");
    await page.fill("#exposure-entity", "megvii");
    await page.click("#watch");
    await page.waitForSelector("#hits tr[data-party='megvii']");
    seen.initial = await page.$$eval("#hits tr", (trs) => trs.map((tr) => tr.dataset.party));

    const started = Date.now();
    await commit("POST", "/api/batches", { relationships: [{ id: "browser-sugon-megvii", type: "SUPPLIES", from: "sugon", to: "megvii", provenance: { source: "browser test", quote: "servers" } }] });
    await page.waitForFunction(() => sg.canvas.edges().some((e) => e.id === "browser-sugon-megvii"));
    seen.arrivedMs = Date.now() - started;
    seen.afterAdd = await canvas(page);
    seen.hitsAfterAdd = await page.$$eval("#hits tr", (trs) => trs.map((tr) => tr.dataset.party));
    seen.freshClass = await page.evaluate(() => sg.canvas.cy.getElementById("sugon").hasClass("fresh"));
    seen.chain = await page.textContent("#hits tr[data-party='sugon']");
    await shot(page, "live-new-edge");

    // The same relationship again with a lower confidence: the hit is still there, its score moved — "changed", not new.
    await commit("POST", "/api/batches", { relationships: [{ id: "browser-sugon-megvii", type: "SUPPLIES", from: "sugon", to: "megvii", provenance: { source: "browser test", quote: "servers", confidence: 0.4 } }] });
    await page.waitForFunction(() => [...document.querySelectorAll("#log li")].some((i) => /changed: Sugon/.test(i.textContent)));
    seen.logAfterChange = await page.$$eval("#log li", (items) => items.map((i) => i.textContent));
    seen.changedClass = await page.evaluate(() => sg.canvas.cy.getElementById("sugon").hasClass("changed") || sg.canvas.cy.getElementById("browser-sugon-megvii").hasClass("changed"));

    // The connection drops (the server side goes away); a change lands meanwhile; the page says so and resumes.
    await page.evaluate(() => sg.live.connection.connection.transport._webSocket.close(4000, "test drop"));
    await page.waitForFunction(() => /reconnecting/.test(document.querySelector("#status").textContent));
    seen.statusDropped = await page.textContent("#status");
    await commit("DELETE", "/api/relationships/browser-sugon-megvii");
    await page.waitForFunction(() => !document.querySelector("#hits tr[data-party='sugon']"));
    await page.waitForFunction(() => /resumed at #/.test(document.querySelector("#status").textContent));
    seen.statusResumed = await page.textContent("#status");
    seen.afterResume = await page.$$eval("#hits tr", (trs) => trs.map((tr) => tr.dataset.party));
    seen.log = await page.$$eval("#log li", (items) => items.map((i) => i.textContent));

    // A live ownership flip: a listed party buys a majority of Meituan.
    await page.fill("#own-entity", "meituan");
    await page.selectOption("#rule", "bis-affiliates");
    await page.click("#watch-ownership");
    await page.waitForFunction(() => document.querySelector("#verdict")?.textContent === "not blocked");
    await commit("POST", "/api/batches", { relationships: [{ id: "browser-sugon-owns-meituan", type: "OWNS", from: "sugon", to: "meituan", share: "51%", provenance: { source: "browser test" } }] });
    await page.waitForFunction(() => document.querySelector("#verdict")?.textContent === "blocked");
    seen.owners = await rows(page, "#owners tr");
    seen.ownershipCanvas = await canvas(page);
    seen.logAfterOwnership = await page.$$eval("#log li", (items) => items.map((i) => i.textContent));
    await commit("DELETE", "/api/relationships/browser-sugon-owns-meituan");
  },
};

(async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  let page;
  try {
    const context = await browser.newContext({ viewport: { width: 1500, height: 900 }, acceptDownloads: true });
    // Waits end when their condition holds; the bound is for a machine loaded by parallel test runs (at load 20-25 a
    // page took 20 s to draw the large view), where Playwright's 30 s default and 15 s waits were too tight.
    context.setDefaultTimeout(60000);
    await context.addInitScript((key) => localStorage.setItem("sg-key", key), reader);
    // SUPPLYGRAPH_DASHBOARD_DIR: serve the page's files from a folder instead (trying a change without a server build).
    const dir = process.env.SUPPLYGRAPH_DASHBOARD_DIR;
    if (dir) {
      await context.route(/\/dashboard\/app\.(js|css)$/, (route) => route.fulfill({ path: path.join(dir, path.basename(new URL(route.request().url()).pathname)) }));
      await context.route((url) => url.pathname === "/", (route) => route.fulfill({ path: path.join(dir, "index.html"), contentType: "text/html; charset=utf-8" }));
    }
    page = await context.newPage();
    page.on("pageerror", (e) => seen.errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") seen.errors.push(m.text()); });
    await scenarios[scenario](page);
  } catch (e) {
    seen.failure = String(e);
    seen.atFailure = await page?.evaluate(() => ({
      status: document.querySelector("#status")?.textContent,
      error: document.querySelector("#error")?.textContent,
      answer: document.querySelector("#answer")?.textContent.slice(0, 500),
      log: [...document.querySelectorAll("#log li")].map((i) => i.textContent),
    })).catch(() => null);
    if (page) await page.screenshot({ path: path.join(shots, `failure-${scenario}.png`) }).catch(() => {});
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(seen));
  process.exit(seen.failure ? 1 : 0);
})();
