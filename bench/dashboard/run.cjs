// Times the large neighbourhood drawn with the dashboard's cytoscape canvas and with sigma.js + graphology, in Debian's
// headless Chromium with the browser tests' flags: data in the page to first frame, then the frame gaps during the
// gestures of tests/browser/investigator.cjs (large), then a real click on a listed node. A fresh browser per drawing,
// the libraries alternating (cytoscape, sigma 4, sigma 3; PROBE_LIBRARIES=cytoscape,sigma picks). Prints one JSON line
// per drawing and a summary (medians).
// usage: node run.cjs ANSWER.json [RUNS]   (ANSWER: GET /api/entities/bis-entity-list/neighbourhood with MaxResults 5000)
//    or: node run.cjs http://HOST:PORT READER_KEY [RUNS]
const fs = require("node:fs");
const path = require("node:path");
const { execSync } = require("node:child_process");
const esbuild = require("esbuild");
const { chromium } = require("playwright-core");

async function answerFrom(args) {
  if (!/^https?:/.test(args[0])) return { answer: JSON.parse(fs.readFileSync(args[0], "utf8")), runs: Number(args[1] ?? 3) };
  const response = await fetch(`${args[0]}/api/entities/bis-entity-list/neighbourhood`, { headers: { "X-Api-Key": args[1] } });
  if (!response.ok) throw new Error(`neighbourhood: ${response.status} ${await response.text()}`);
  return { answer: await response.json(), runs: Number(args[2] ?? 3) };
}

const LIBRARIES = (process.env.PROBE_LIBRARIES ?? "cytoscape,sigma,sigma3").split(",");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

/**
 * PROBE_GESTURES=mouse: a user's gestures as real input events (each library handles them its own way: cytoscape moves
 * a bitmap, sigma may hide edges while moving): a 60-step drag of 6 px, then 30 wheel steps in and 30 out.
 */
async function mouseGestures(page) {
  await page.evaluate(() => recordFrames());
  await page.mouse.move(500, 350);
  await page.mouse.down();
  for (let i = 0; i < 60; i++) await page.mouse.move(500 + (i % 40 < 20 ? 6 : -6) * (i % 20), 350 + 3 * Math.sin(i / 8));
  await page.mouse.up();
  for (let i = 0; i < 60; i++) await page.mouse.wheel(0, i < 30 ? -40 : 40);
  await page.waitForTimeout(500);
  return page.evaluate(() => stopFrames());
}

async function drawOnce(bundle, answer, library) {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.setContent(`<!doctype html><html><body style="margin:0"><div id="graph" style="position:absolute;left:0;top:0;width:1100px;height:700px"></div></body></html>`);
    await page.addScriptTag({ content: bundle });
    await page.evaluate((a) => { window.answer = a; }, answer);
    const drawn = await page.evaluate((lib) => probe(lib, window.answer), library);
    const frames = process.env.PROBE_GESTURES === "mouse" ? await mouseGestures(page) : await page.evaluate(() => gestures());
    // A real click on a listed party, the view fitted again, must reach the library's node handler.
    const id = answer.nodes.find((n) => n.listings.length && n.entity.id !== answer.center).entity.id;
    await page.evaluate(() => { view.fit(); });
    await page.waitForTimeout(300);
    const at = await page.evaluate((id) => view.at(id), id);
    await page.mouse.click(at.x, at.y);
    await page.waitForTimeout(300);
    const clicked = await page.evaluate(() => view.clicked);
    const shot = path.join(process.env.PROBE_SHOTS ?? "/tmp", `probe-${library}.png`);
    await page.screenshot({ path: shot });
    return { ...drawn, frameMedianMs: median(frames), frameP95Ms: p95(frames), frameMaxMs: Math.max(...frames), frameCount: frames.length, gestureMs: frames.reduce((a, b) => a + b, 0), clickedListed: clicked.includes(id), errors, shot };
  } finally {
    await browser.close();
  }
}

(async () => {
  const { answer, runs } = await answerFrom(process.argv.slice(2));
  const built = await esbuild.build({ entryPoints: [path.join(__dirname, "probe.js")], bundle: true, format: "iife", platform: "browser", target: "es2022", minify: true, write: false,
    alias: { cytoscape: path.join(__dirname, "cytoscape-webgl.js") } });
  const bundle = built.outputFiles[0].text;
  const results = [];
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? LIBRARIES : [...LIBRARIES].reverse();
    for (const library of order) {
      const load = execSync("cat /proc/loadavg").toString().split(" ")[0];
      const r = { run: run + 1, load: Number(load), ...(await drawOnce(bundle, answer, library)) };
      for (const k of Object.keys(r)) if (typeof r[k] === "number" && !Number.isInteger(r[k])) r[k] = Math.round(r[k] * 10) / 10;
      console.log(JSON.stringify(r));
      results.push(r);
    }
  }
  for (const library of LIBRARIES) {
    const mine = results.filter((r) => r.library === library);
    console.log(`${library}: ${mine[0].nodes} nodes, ${mine[0].edges} edges; data in page to first frame median ${median(mine.map((r) => r.paintedMs)).toFixed(0)} ms `
      + `(${mine.map((r) => r.paintedMs.toFixed(0)).join(" / ")}); frames median ${median(mine.map((r) => r.frameMedianMs)).toFixed(1)} ms, `
      + `p95 ${mine.map((r) => r.frameP95Ms.toFixed(0)).join(" / ")} ms; click on a listed node reached the handler: ${mine.map((r) => r.clickedListed).join(" / ")}; `
      + `loads ${mine.map((r) => r.load).join(" / ")}; WebGL: ${mine[0].webgl}`);
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
