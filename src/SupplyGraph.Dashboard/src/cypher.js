// The Cypher console: a query with history, its result as a table and as a graph; a syntax error points at its column
// (the caret line from the server, and the cursor put there in the editor).
import { $, el } from "./dom.js";
import { api, ApiError } from "./api.js";

const HISTORY = "sg-cypher-history";

export function history() {
  try {
    return JSON.parse(localStorage.getItem(HISTORY) || "[]");
  } catch {
    return [];
  }
}

export function renderHistory() {
  $("cypher-history").replaceChildren(el("option", { value: "" }, "earlier queries…"),
    ...history().map((q) => el("option", { value: q }, q.length > 60 ? q.slice(0, 59) + "…" : q)));
}

function remember(query) {
  localStorage.setItem(HISTORY, JSON.stringify([query, ...history().filter((q) => q !== query)].slice(0, 20)));
  renderHistory();
}

/** Puts the editor's cursor on (line, column), both 1-based as the server reports them. */
function pointAt(line, column) {
  const text = $("cypher-query").value;
  let offset = 0;
  for (let i = 1; i < line; i++) offset = text.indexOf("\n", offset) + 1;
  offset += Math.max(0, column - 1);
  $("cypher-query").focus();
  $("cypher-query").setSelectionRange(offset, offset + 1);
}

function cell(value, nodes) {
  if (value && typeof value === "object" && "node" in value) return nodes[value.node]?.properties?.name ?? value.node;
  if (value && typeof value === "object" && "relationship" in value) return value.relationship;
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value ?? "null");
}

export async function cypher(ctx, query, show) {
  const { canvas } = ctx;
  $("cypher-error").hidden = true;
  let answer;
  try {
    answer = await api("/api/cypher", { method: "POST", body: { query } });
  } catch (e) {
    if (e instanceof ApiError && e.body?.line) {
      $("cypher-error").textContent = e.body.detail;
      $("cypher-error").hidden = false;
      pointAt(e.body.line, e.body.column);
      return null;
    }
    throw e;
  }
  remember(query);
  canvas.clear();
  canvas.batch(() => {
    for (const [id, n] of Object.entries(answer.nodes)) {
      const p = n.properties ?? {};
      canvas.addNode({ id, name: p.name ?? id, labels: n.labels, country: p.country }, []);
    }
    for (const [id, r] of Object.entries(answer.relationships)) {
      const p = r.properties ?? {};
      canvas.addEdge({ id, type: r.type, from: r.start, to: r.end, share: p.share, items: p.items, provenance: { source: p.source, quote: p.quote, date: p.date, confidence: p.confidence } });
    }
  });
  canvas.layout();
  canvas.changed();
  const t = el("table", { id: "cypher-table" }, el("caption", {}, `${answer.rows.length} row(s)`),
    el("thead", {}, el("tr", {}, answer.columns.map((c) => el("th", { scope: "col" }, c)))),
    el("tbody", {}, answer.rows.map((row) => el("tr", {}, row.map((v) => el("td", {}, cell(v, answer.nodes)))))));
  show("Cypher", `${answer.rows.length} row(s), ${Object.keys(answer.nodes).length} node(s) and ${Object.keys(answer.relationships).length} relationship(s) drawn`, t);
  ctx.setAnswer({
    kind: "cypher", title: "cypher", question: query, verdict: `${answer.rows.length} row(s)`, chain: [],
    rows: answer.rows.map((row) => Object.fromEntries(answer.columns.map((c, i) => [c, cell(row[i], answer.nodes)]))), raw: answer, url: { cypher: query },
  });
  return answer;
}
