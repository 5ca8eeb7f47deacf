// Drives the dashboard like a user, in Debian's headless Chromium, and prints what it saw as one JSON line.
// usage: node dashboard.cjs BASE_URL READER_KEY EDITOR_KEY [neo4j]
// With "neo4j" the server has no hub: the page reads exposure through the REST API instead (checked once).
const { chromium } = require("playwright-core");

const [base, reader, editor, mode] = process.argv.slice(2);
const seen = { errors: [] };

async function commit(method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { "X-Api-Key": editor, "Content-Type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

let page;

(async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    page = await browser.newPage();
    page.on("pageerror", (e) => seen.errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") seen.errors.push(m.text()); });
    await page.goto(base + "/");
    seen.title = await page.title();

    // A reader's key, a search, a pick, a watch.
    await page.fill("#key", reader);
    await page.dispatchEvent("#key", "change");
    if (mode === "neo4j") {
      await page.fill("#search", "Sugon");
      await page.click("#search-form button");
      await page.click('#results button[data-id="sugon"]');
      await page.waitForSelector("#entity:not([hidden])");
      await page.fill("#hops", "1");
      await page.selectOption("#direction", "in");
      await page.fill("#types", "MANUFACTURES_FOR");
      await page.click("#watch");
      await page.waitForFunction(() => document.querySelectorAll("#hits tr").length > 0);
      seen.status = await page.textContent("#status");
      seen.button = await page.textContent("#watch");
      seen.initial = await page.$$eval("#hits tr", (rows) => rows.map((r) => r.dataset.party));
      await page.selectOption("#rule", "bis-affiliates");
      await page.click("#watch-ownership");
      await page.waitForFunction(() => document.querySelector("#verdict").textContent !== "–");
      seen.verdict = await page.textContent("#verdict");
      console.log(JSON.stringify(seen));
      return;
    }

    await page.fill("#search", "megvii");
    await page.click("#search-form button");
    await page.click('#results button[data-id="megvii"]');
    await page.waitForSelector("#entity:not([hidden])");
    seen.listings = await page.textContent("#entity-listings");
    await page.fill("#hops", "1");
    await page.selectOption("#direction", "both");
    await page.click("#watch");
    await page.waitForFunction(() => document.querySelector("#hits tr[data-party='megvii']"));
    seen.status = await page.textContent("#status");
    seen.initial = await page.$$eval("#hits tr", (rows) => rows.map((r) => r.dataset.party));

    // Another client commits: the pushed diff shows up without a reload.
    await commit("POST", "/api/batches", { relationships: [{ id: "browser-sugon-megvii", type: "SUPPLIES", from: "sugon", to: "megvii", provenance: { source: "browser test", quote: "servers" } }] });
    await page.waitForSelector("#hits tr[data-party='sugon']", { timeout: 15000 });
    seen.afterAdd = await page.$$eval("#hits tr", (rows) => rows.map((r) => r.dataset.party));
    seen.chain = await page.textContent("#hits tr[data-party='sugon'] .chain");

    // The connection drops; a change lands meanwhile; on reconnect the page resumes and gets exactly that change.
    await page.evaluate(() => { state.hub.stopped = true; state.hub.ws.close(); });
    await page.waitForFunction(() => document.querySelector("#status").textContent === "offline");
    await commit("DELETE", "/api/relationships/browser-sugon-megvii");
    await page.evaluate(() => { state.hub.stopped = false; state.hub.reconnectLater(); });
    await page.waitForFunction(() => !document.querySelector("#hits tr[data-party='sugon']"), null, { timeout: 15000 });
    seen.afterResume = await page.$$eval("#hits tr", (rows) => rows.map((r) => r.dataset.party));
    seen.log = await page.$$eval("#log li", (items) => items.map((i) => i.textContent));
    seen.statusAfter = await page.textContent("#status");

    // Ownership under the BIS Affiliates rule: a listed party buys a majority stake and the verdict flips live.
    await page.fill("#search", "meituan");
    await page.click("#search-form button");
    await page.click('#results button[data-id="meituan"]');
    await page.waitForFunction(() => document.querySelector("#entity-name").textContent.includes("meituan"));
    await page.selectOption("#rule", "bis-affiliates");
    await page.click("#watch-ownership");
    await page.waitForFunction(() => document.querySelector("#verdict").textContent === "not blocked");
    await commit("POST", "/api/batches", { relationships: [{ type: "OWNS", from: "sugon", to: "meituan", share: "51%", provenance: { source: "browser test" } }] });
    await page.waitForFunction(() => document.querySelector("#verdict").textContent === "blocked", null, { timeout: 15000 });
    seen.owners = await page.textContent("#owners");
    seen.ownershipLog = await page.$$eval("#ownership-log li", (items) => items.map((i) => i.textContent));
  } catch (e) {
    // Say what the page showed when it failed: connection state, its error line and the change log.
    seen.atFailure = await page?.evaluate(() => ({
      status: document.querySelector("#status")?.textContent,
      error: document.querySelector("#error")?.textContent,
      rows: [...document.querySelectorAll("#hits tr")].map((r) => r.dataset.party),
      log: [...document.querySelectorAll("#log li")].map((i) => i.textContent),
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
