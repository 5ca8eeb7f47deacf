// Kùzu (an embedded Cypher database, npm `kuzu`) as the peer of SupplyGraph's Cypher on the shared benchmark graph:
// the same graph (graph_1m.tsv, graph_1m_listed.txt), the same queries (queries.txt's `pair` and `khop`/`hub` lines),
// timed the way bench/SupplyGraph.Bench times ours (two untimed passes, then interleaved rounds; median and p90).
// Writes results_kuzu.json (timings and every answer, which the .NET harness compares with its own) to --dir.
//   node bench/kuzu/kuzu-bench.mjs --dir bench/out [--rounds 5] [--threads 1]
import fs from "node:fs";
import path from "node:path";
import kuzu from "kuzu";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const dir = path.resolve(arg("--dir", "bench/out"));
const rounds = Number(arg("--rounds", "5"));
const threads = Number(arg("--threads", "1"));
const now = () => Number(process.hrtime.bigint()) / 1e3; // µs

// The database is built once from the TSV files and reused (its folder is deleted when the graph is newer).
const graph = path.join(dir, "graph_1m.tsv");
const dbPath = path.join(dir, "kuzu-1m");
const loaded = dbPath + ".loaded";
if (!fs.existsSync(loaded) || fs.statSync(loaded).mtimeMs < fs.statSync(graph).mtimeMs) {
  for (const leftover of [dbPath, dbPath + ".wal", loaded]) fs.rmSync(leftover, { recursive: true, force: true });
}
const fresh = !fs.existsSync(loaded);
const db = new kuzu.Database(dbPath);
const conn = new kuzu.Connection(db);
const all = async (q) => (await conn.query(q)).getAll();

let loadSeconds = null;
if (fresh) {
  const started = now();
  const listed = new Set(fs.readFileSync(path.join(dir, "graph_1m_listed.txt"), "utf8").split("\n").filter(Boolean).map(Number));
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "graph_1m_meta.json"), "utf8"));
  const nodes = meta.nodes ?? meta.n ?? 1_000_000;
  const nodeCsv = path.join(dir, "kuzu-nodes.csv");
  const lines = [];
  for (let i = 0; i < nodes; i++) lines.push(`${i},${listed.has(i)}`);
  fs.writeFileSync(nodeCsv, lines.join("\n") + "\n");
  await all("CREATE NODE TABLE Entity(id INT64, listed BOOLEAN, PRIMARY KEY(id))");
  await all("CREATE REL TABLE R(FROM Entity TO Entity, type STRING)");
  await all(`COPY Entity FROM '${nodeCsv}' (HEADER=false)`);
  // Kùzu reads a delimited file by its extension: the TSV is linked under a .csv name.
  const edges = path.join(dir, "kuzu-edges.csv");
  fs.rmSync(edges, { force: true });
  fs.symlinkSync(graph, edges);
  await all(`COPY R FROM '${edges}' (HEADER=false, DELIM='\t')`);
  fs.rmSync(nodeCsv);
  fs.rmSync(edges);
  loadSeconds = (now() - started) / 1e6;
  fs.writeFileSync(loaded, `${loadSeconds}\n`);
}

conn.setMaxNumThreadForExec(threads);
// Walk enumeration from a hub can run for minutes: each query is bounded, and a row whose query runs past it stops.
const timeoutMs = Number(arg("--timeout-ms", "30000"));
conn.setQueryTimeout(timeoutMs);
const queries = fs.readFileSync(path.join(dir, "queries.txt"), "utf8").split("\n").filter(Boolean).map((l) => {
  const [kind, a, b] = l.split(" ");
  return [kind, Number(a), Number(b)];
});
const pairs = queries.filter((q) => q[0] === "pair").map((q) => [q[1], q[2]]);
const random = queries.filter((q) => q[0] === "khop").map((q) => q[1]);
const hubs = queries.filter((q) => q[0] === "hub").map((q) => q[1]);

// Shortest path: Kùzu's own shortest-path recursive join (its bound is at most 30 hops).
const shortest = await conn.prepare("MATCH (a:Entity {id: $a})-[e:R* SHORTEST 1..30]->(b:Entity {id: $b}) RETURN length(e) AS hops");
// 4-hop exposure, two ways: the pattern SupplyGraph's Cypher runs (every walk up to 4 hops, then DISTINCT), and
// Kùzu's shortest-path join, which reaches each node once (its fastest form of the question).
const walks = await conn.prepare("MATCH (s:Entity {id: $s})-[:R*1..4]->(t:Entity) WHERE t.listed RETURN DISTINCT t.id AS party");
const reach = await conn.prepare("MATCH (s:Entity {id: $s})-[:R* SHORTEST 1..4]->(t:Entity) WHERE t.listed RETURN t.id AS party");

const run = async (prepared, params) => (await conn.execute(prepared, params)).getAll();
const hopsOf = async ([a, b]) => {
  const rows = a === b ? [{ hops: 0 }] : await run(shortest, { a, b });
  return rows.length ? Number(rows[0].hops) : -1;
};
const partiesOf = async (p, s) => (await run(p, { s })).map((r) => Number(r.party)).sort((x, y) => x - y);

const answers = { pairs: {}, exposure: {} };
for (const p of pairs) answers.pairs[`${p[0]} ${p[1]}`] = await hopsOf(p);
for (const s of [...random, ...hubs]) answers.exposure[s] = await partiesOf(reach, s);

// Rows timed interleaved, as in the .NET harness: every row's queries once per round.
const rows = {
  "shortest path, 100 random pairs": { items: pairs, one: hopsOf },
  "4-hop exposure, 100 random sources (walks + DISTINCT)": { items: random, one: (s) => partiesOf(walks, s) },
  "4-hop exposure, 100 random sources (SHORTEST join)": { items: random, one: (s) => partiesOf(reach, s) },
  "4-hop exposure, 20 hubs (walks + DISTINCT)": { items: hubs, one: (s) => partiesOf(walks, s) },
  "4-hop exposure, 20 hubs (SHORTEST join)": { items: hubs, one: (s) => partiesOf(reach, s) },
};
const samples = Object.fromEntries(Object.keys(rows).map((k) => [k, []]));
const skipped = {};
for (let pass = -2; pass < rounds; pass++) {
  for (const [name, row] of Object.entries(rows)) {
    if (skipped[name]) continue;
    for (const item of row.items) {
      const t = now();
      try {
        await row.one(item);
      } catch (e) {
        // Only the timeout below ends a row; anything else is a failure of the run.
        if (!/interrupt|timeout/i.test(String(e))) throw e;
        skipped[name] = `a query ran past ${timeoutMs / 1000} s and was interrupted (${String(e).split("\n")[0]})`;
        break;
      }
      const us = now() - t;
      if (pass >= 0) samples[name].push(us);
    }
  }
}
const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? { median: s[Math.floor(s.length / 2)], p90: s[Math.floor(s.length * 0.9)], n: s.length } : null;
};
const result = {
  kuzu: kuzu.VERSION,
  threads,
  loadSeconds: loadSeconds ?? Number(fs.readFileSync(loaded, "utf8")),
  rows: Object.fromEntries(Object.keys(rows).map((k) => [k, skipped[k] ? { skipped: skipped[k] } : stat(samples[k])])),
  answers,
};
fs.writeFileSync(path.join(dir, "results_kuzu.json"), JSON.stringify(result));
for (const [k, v] of Object.entries(result.rows)) console.log(`kuzu ${k}: ${v.skipped ?? `median ${v.median.toFixed(0)} µs, p90 ${v.p90.toFixed(0)} µs`}`);
await conn.close();
await db.close();
