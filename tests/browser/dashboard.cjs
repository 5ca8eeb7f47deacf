// The dashboard on a server backed by Neo4j: the hub follows Neo4j's change log there too, so the page is live
// (never labelled "not live" for the store's kind), answers from the API and keeps watchlists on the server. Prints what it saw as one JSON line for ServerOnNeo4jTests. (The embedded server's dashboard tests are in
// investigator.cjs.)
// usage: node dashboard.cjs BASE_URL READER_KEY EDITOR_KEY neo4j
const { chromium } = require("playwright-core");

const [base, reader] = process.argv.slice(2);
const seen = { errors: [] };
let page;

(async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    page = await browser.newPage();
    // A bound for a machine loaded by parallel test runs; each wait ends as soon as its condition holds.
    page.setDefaultTimeout(60000);
    page.on("pageerror", (e) => seen.errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") seen.errors.push(m.text()); });
    await page.goto(base + "/");
    seen.title = await page.title();
    await page.fill("#key", reader);
    await page.dispatchEvent("#key", "change");
    await page.waitForFunction(() => /^live/.test(document.querySelector("#status").textContent) && document.querySelector("#types").options.length > 0);
    seen.status = await page.textContent("#status");
    // Leaving the key field fires "change" once more; the page must keep the connection it has (a reconnect here
    // cancelled the watch below while it was in flight).
    await page.waitForFunction(() => !sg.booting && sg.live.connected);
    await page.evaluate(() => { window.connectedWith = sg.live.connection; });
    await page.fill("#hops", "1");
    await page.waitForFunction(() => !sg.booting && sg.live.connected);
    seen.sameConnection = await page.evaluate(() => sg.live.connection === window.connectedWith);
    await page.selectOption("#direction", "in");
    await page.selectOption("#types", ["MANUFACTURES_FOR"]);
    await page.fill("#exposure-entity", "Sugon");
    await page.click("#watch");
    await page.waitForFunction(() => document.querySelectorAll("#hits tr").length > 0);
    seen.initial = await page.$$eval("#hits tr", (rows) => rows.map((r) => r.dataset.party));
    seen.canvasNodes = await page.evaluate(() => sg.canvas.nodes().length);
    await page.fill("#own-entity", "Sugon");
    await page.selectOption("#rule", "bis-affiliates");
    await page.click("#ownership-run");
    await page.waitForSelector("#verdict");
    seen.verdict = await page.textContent("#verdict");
    // A watchlist kept by the server beside Neo4j, with its live badge.
    await page.click("#q-watch summary");
    await page.fill("#wl-name", "neo4j list");
    await page.fill("#wl-parties", "Sugon");
    await page.selectOption("#wl-rule", "bis-affiliates");
    await page.click("#wl-save");
    await page.waitForFunction(() => /^Sugon: (?!…)/.test(document.querySelector("#watchlists .badge")?.textContent ?? ""));
    seen.badge = await page.textContent("#watchlists .badge");
    seen.serverLists = await page.evaluate(async (key) => (await (await fetch("/api/watchlists", { headers: { "X-Api-Key": key } })).json()).map((l) => l.name), reader);
  } catch (e) {
    seen.atFailure = await page?.evaluate(() => ({
      status: document.querySelector("#status")?.textContent,
      error: document.querySelector("#error")?.textContent,
    })).catch(() => null);
    throw e;
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(seen));
})().catch((e) => {
  console.log(JSON.stringify({ ...seen, failure: String(e) }));
  process.exit(1);
});
