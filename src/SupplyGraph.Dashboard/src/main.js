// SupplyGraph dashboard: the network on a canvas, every question from the page, live changes through SignalR.
// Each view has a URL that restores it (?entity=sugon, ?path=iflytek,high-end-ai-chips, ?exposure=…, ?ownership=…,
// with asOf, types, direction and hops), so an answer can be shared.
import { $, el, showError, today, download } from "./dom.js";
import { api, resolve } from "./api.js";
import { Live } from "./live.js";
import { Canvas } from "./canvas.js";
import { memoHtml } from "./memo.js";
import { cypher, renderHistory } from "./cypher.js";
import { Watchlists } from "./watchlists.js";
import { loadSources, openSource, readButton, sourceOf } from "./sources.js";
import { mark, timedAsync } from "./perf.js";
import { STATUS, show, neighbourhood, paths, lookThrough, ownership, drawOwnership, drawExposure, exposureRequest, filters } from "./views.js";

mark("script start");

const state = {
  live: null, liveMode: true, store: "", answer: null, card: null, rerun: null, running: 0,
  exposure: null, ownership: null, hits: new Map(), early: [], lastSequence: 0, bootGeneration: 0,
};
const watchlists = new Watchlists();
const provenanceOf = (d) => ({ source: d.file, record: d.record, quote: d.quote });
const canvas = new Canvas($("graph"), { onNode: openCard, onEdge: (d) => openSource(provenanceOf(d)).catch((e) => showError(e.message)), onEdgeEnter: showEvidence, onEdgeLeave: () => { $("evidence").hidden = true; } });
canvas.onChange(renderCanvasTable);
// The browser tests read what is drawn (state.canvas.cy) and the current answer.
window.sg = Object.assign(state, { canvas });

const ctx = {
  canvas,
  setAnswer(answer) {
    state.answer = { asOf: $("as-of").value || today(), store: state.store, ...answer, sequence: answer.sequence ?? state.lastSequence };
    // The same question on other dates stays in the memo (today: blocked; on 2026-01-15: not).
    if (answer.key) {
      if (state.evaluations?.key !== answer.key) state.evaluations = { key: answer.key, byDate: new Map() };
      state.evaluations.byDate.set(state.answer.asOf, { asOf: state.answer.asOf, verdict: answer.verdict, explanation: answer.explanation ?? "", sequence: state.answer.sequence });
    }
    for (const id of ["export-csv", "export-json", "export-memo"]) $(id).disabled = false;
    writeUrl(answer.url);
  },
};

// --- connection and key ------------------------------------------------------------------------------------------

function setStatus(kind, text) {
  $("status").className = `status ${kind}`;
  $("status").textContent = text;
}

$("key").value = localStorage.getItem("sg-key") || "";
$("key").addEventListener("change", async () => {
  const value = $("key").value.trim();
  // The field fires "change" again when it loses focus after the key was entered; reconnecting for the key already in
  // use (or being connected with) would stop the live connection and cancel the hub calls in flight on it.
  if (value === state.bootedKey && (state.booting || state.live?.connected)) return;
  localStorage.setItem("sg-key", value);
  await boot();
});

async function connect(superseded) {
  if (!state.liveMode) return;
  state.live ??= new Live(setStatus, onUpdate, onChange);
  await state.live.start(state.lastSequence).catch(() => {});
  if (superseded()) return;
  await watchlists.start(state.live).catch((e) => showError(e.message));
}

/**
 * Reads the server's vocabulary and sequence, connects, then restores the view the URL names. A boot started later
 * (a key entered while the page's first boot is still waiting for the server) supersedes this one: it stops at its next
 * step instead of connecting after the newer one and replacing its connection.
 */
async function boot() {
  const generation = ++state.bootGeneration;
  state.bootedKey = $("key").value.trim();
  state.booting = true;
  try {
    await bootWithKey(() => generation !== state.bootGeneration);
  } finally {
    if (generation === state.bootGeneration) state.booting = false;
  }
}

async function bootWithKey(superseded) {
  showError("");
  try {
    const health = await api("/health");
    if (superseded()) return;
    state.store = health.store;
    state.lastSequence = health.lastSequence;
    // The server says whether its hub pushes live answers (both stores do); the store's kind does not decide it.
    state.liveMode = health.live !== false;
    if (!state.liveMode) {
      setStatus("idle", "not live: this server has no hub");
      $("watch-ownership").hidden = true;
    }
    await timedAsync("boot: sources", () => loadSources());
    const vocabulary = await timedAsync("boot: vocabulary", () => api("/api/vocabulary"));
    if (superseded()) return;
    const selected = new Set([...$("types").selectedOptions].map((o) => o.value));
    $("types").replaceChildren(...vocabulary.relationshipTypes.map((t) => el("option", { value: t.type, title: t.meaning, selected: selected.has(t.type) }, t.type)));
    for (const picker of ["rule", "wl-rule"]) {
      const rule = $(picker).value;
      $(picker).replaceChildren(...vocabulary.rules.map((r) => el("option", { value: r.id, title: r.citation, selected: r.id === rule }, r.name)));
    }
  } catch (e) {
    if (superseded()) return;
    showError(e.message);
    setStatus("offline", "not connected: " + e.message);
    return;
  }
  await timedAsync("boot: hub connected", () => connect(superseded));
}

// --- URL state -----------------------------------------------------------------------------------------------------

function writeUrl(view) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(view ?? {})) if (v != null && v !== "") q.set(k, v);
  if ($("as-of").value && $("as-of").value !== today()) q.set("asOf", $("as-of").value);
  const f = filters({ asOf: false });
  if (f.get("maxHops") !== "4") q.set("hops", f.get("maxHops"));
  if (f.get("direction") !== "both") q.set("direction", f.get("direction"));
  if (f.get("types")) q.set("types", f.get("types"));
  history.replaceState(null, "", q.toString() ? `?${q}` : location.pathname);
}

async function readUrl() {
  const q = new URLSearchParams(location.search);
  if (q.get("asOf")) $("as-of").value = q.get("asOf");
  if (q.get("hops")) $("hops").value = q.get("hops");
  if (q.get("direction")) $("direction").value = q.get("direction");
  for (const t of (q.get("types") ?? "").split(",")) {
    const option = [...$("types").options].find((o) => o.value === t);
    if (option) option.selected = true;
  }
  if (q.get("rule")) $("rule").value = q.get("rule");
  if (q.get("entity")) return run(() => showEntity(q.get("entity")));
  if (q.get("path")) {
    const [from, to] = q.get("path").split(",");
    $("path-from").value = from;
    $("path-to").value = to;
    if (q.get("k")) $("path-k").value = q.get("k");
    return run(() => paths(ctx, from, to, Number($("path-k").value)));
  }
  if (q.get("exposure")) {
    $("exposure-entity").value = q.get("exposure");
    $("exposure-reverse").checked = q.get("reverse") === "true";
    return run(() => exposure());
  }
  if (q.get("lookThrough")) {
    $("q-lookthrough").open = true;
    $("lt-entity").value = q.get("lookThrough");
    $("lt-direction").value = q.get("downstream") === "true" ? "downstream" : "upstream";
    return run(() => lookThrough(ctx, q.get("lookThrough"), q.get("downstream") === "true"));
  }
  if (q.get("cypher")) {
    $("q-cypher").open = true;
    $("cypher-query").value = q.get("cypher");
    return run(() => cypher(ctx, q.get("cypher"), show));
  }
  if (q.get("ownership")) {
    $("own-entity").value = q.get("ownership");
    $("wi-owner").value = q.get("owner") ?? "";
    $("wi-share").value = q.get("share") ?? "";
    return run(() => runOwnership());
  }
  return undefined;
}

/** Runs a question, shows its error (naming the field), and remembers it so that a new as-of date re-evaluates it. */
async function run(question) {
  showError("");
  state.rerun = question;
  // aria-busy while any question is in flight: screen readers wait for the answer, and so can a test (the canvas and
  // its table change only at the end of a question, so "not busy" means both show the same answer).
  document.body.setAttribute("aria-busy", String(++state.running > 0));
  try {
    await question();
  } catch (e) {
    showError(e.message);
  } finally {
    if (--state.running === 0) document.body.removeAttribute("aria-busy");
  }
}

// --- search, card, neighbourhood -----------------------------------------------------------------------------------

$("search-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  showError("");
  try {
    const matches = await api(`/api/entities?q=${encodeURIComponent($("search").value)}&limit=10`);
    $("results").replaceChildren(...matches.map((m) => el("li", {},
      el("button", { type: "button", "data-id": m.entity.id }, `${m.entity.name} (${m.entity.id})`),
      el("small", {}, ` ${m.entity.labels.join(", ")}${m.entity.country ? " · " + m.entity.country : ""}`))));
    if (matches.length === 0) $("results").replaceChildren(el("li", {}, "no match"));
  } catch (e) {
    showError(e.message);
  }
});

$("results").addEventListener("click", (event) => {
  const id = event.target.closest("button")?.dataset.id;
  if (id) run(() => showEntity(id));
});

async function showEntity(id) {
  // The card's read starts with the neighbourhood's: on a list's card it is megabytes, fetched while the canvas draws.
  const entity = api(`/api/entities/${encodeURIComponent(id)}`);
  entity.catch(() => {});
  await neighbourhood(ctx, id);
  await timedAsync("card", () => openCard(id, entity));
  for (const input of ["exposure-entity", "own-entity", "path-from"]) $(input).value ||= id;
}

async function openCard(id, entity = api(`/api/entities/${encodeURIComponent(id)}`)) {
  state.card = id;
  const a = await entity.catch((e) => { showError(e.message); return null; });
  if (!a || state.card !== id) return;
  $("card").hidden = false;
  $("card").dataset.entity = id;
  $("card-name").textContent = `${a.entity.name} (${a.entity.id})`;
  $("card-meta").textContent = [a.entity.labels.join(", "), a.entity.country, `${a.relationships.length} relationships`].filter(Boolean).join(" · ");
  $("card-listings").replaceChildren(...a.listings.map((l) => el("li", { class: "listed" }, `listed on ${l.listName} since ${l.since ?? "an undated entry"} `,
    readButton(l.relationship?.provenance))));
  $("card-pin").textContent = canvas.cy.getElementById(id).data("pinned") ? "Unpin" : "Pin";
}

$("card-expand").addEventListener("click", () => run(() => neighbourhood(ctx, state.card, { expand: true })));
$("card-pin").addEventListener("click", () => {
  if (!canvas.has(state.card)) return;
  $("card-pin").textContent = canvas.pin(state.card) ? "Unpin" : "Pin";
});
$("card-exposure").addEventListener("click", () => {
  $("exposure-entity").value = state.card;
  $("exposure-form").requestSubmit();
});
$("card-ownership").addEventListener("click", () => {
  $("own-entity").value = state.card;
  $("ownership-form").requestSubmit();
});
$("card-path").addEventListener("click", () => {
  $("path-from").value = state.card;
  $("q-path").open = true;
  $("path-to").focus();
});

function showEvidence(data, position) {
  const box = $("evidence");
  const g = $("graph").getBoundingClientRect();
  const centre = $("graph").parentElement.getBoundingClientRect();
  box.replaceChildren(...[
    el("strong", {}, `${canvas.cy.getElementById(data.source).data("name") ?? data.source} —${data.type}→ ${canvas.cy.getElementById(data.target).data("name") ?? data.target}`),
    data.share != null ? el("div", {}, `share ${(data.share * 100).toFixed(2)} %`) : null,
    data.items ? el("div", {}, `items: ${data.items}`) : null,
    el("div", { class: "source" }, `source: ${data.evidence || "not given"}${data.record ? " · " + data.record : ""}${data.date ? " · " + data.date : ""}${data.confidence != null ? " · confidence " + data.confidence : ""}`),
    data.quote ? el("q", {}, data.quote) : el("div", {}, "no quote"),
    sourceOf(provenanceOf(data)) ? el("div", { class: "hint" }, "click the relationship to read it in its source") : null].filter(Boolean));
  box.style.left = `${g.left - centre.left + position.x + 12}px`;
  box.style.top = `${g.top - centre.top + position.y + 12}px`;
  box.hidden = false;
}

/** Rows per page of the canvas table: a page of a 3,000-party graph is built in milliseconds, all of it was not. */
const TABLE_PAGE = 250;
let tablePage = 0;

/**
 * The table alternative to the canvas: every node with an expand button, every edge with its evidence, a page at a
 * time (previous / next reach every row by keyboard). Built when the table is open; a closed one costs nothing.
 */
function renderCanvasTable() {
  const nodes = canvas.nodes();
  const edges = canvas.edges();
  $("canvas-summary").textContent = `${nodes.length} node(s), ${edges.length} relationship(s) on the canvas`;
  if (!$("canvas-table-box").open) {
    $("canvas-table").replaceChildren();
    return;
  }
  const pages = Math.max(1, Math.ceil(Math.max(nodes.length, edges.length) / TABLE_PAGE));
  tablePage = Math.min(tablePage, pages - 1);
  const first = tablePage * TABLE_PAGE;
  const span = (count) => (count > first ? `${first + 1}–${Math.min(count, first + TABLE_PAGE)} of ${count}` : `none of ${count}`);
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const pager = pages > 1
    ? el("nav", { class: "pager", "aria-label": "pages of the canvas table" },
      el("button", { type: "button", id: "canvas-page-previous", disabled: tablePage === 0 }, "previous page"),
      el("span", { id: "canvas-page", "aria-live": "polite" }, ` page ${tablePage + 1} of ${pages}: parties ${span(nodes.length)}, relationships ${span(edges.length)} `),
      el("button", { type: "button", id: "canvas-page-next", disabled: tablePage === pages - 1 }, "next page"))
    : "";
  $("canvas-table").replaceChildren(pager,
    el("table", { id: "canvas-nodes" }, el("caption", {}, "Parties on the canvas"),
      el("thead", {}, el("tr", {}, ["party", "kind", "listed", "neighbours"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, nodes.slice(first, first + TABLE_PAGE).map((n) => el("tr", { "data-node": n.id },
        el("td", {}, n.name), el("td", {}, n.kind), el("td", { class: n.listed ? "listed" : "" }, n.listText || "no"),
        el("td", {}, el("button", { type: "button", "data-expand": n.id, "aria-label": `expand ${n.name}` }, "expand")))))),
    el("table", { id: "canvas-edges" }, el("caption", {}, "Relationships on the canvas"),
      el("thead", {}, el("tr", {}, ["from", "type", "to", "source", "quote"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, edges.slice(first, first + TABLE_PAGE).map((e) => el("tr", { "data-edge": e.id },
        el("td", {}, names.get(e.source) ?? e.source), el("td", {}, e.type), el("td", {}, names.get(e.target) ?? e.target),
        el("td", {}, [e.evidence, e.date].filter(Boolean).join(" · "), " ", readButton(provenanceOf(e))), el("td", {}, e.quote ? el("q", {}, e.quote) : ""))))));
}

$("canvas-table-box").addEventListener("toggle", () => renderCanvasTable());

$("canvas-table").addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (button?.id === "canvas-page-previous" || button?.id === "canvas-page-next") {
    tablePage += button.id === "canvas-page-next" ? 1 : -1;
    renderCanvasTable();
    // The pressed button was replaced: keep the keyboard where it was.
    $(button.id)?.focus();
    return;
  }
  const id = button?.dataset.expand;
  if (id) {
    state.card = id;
    run(() => neighbourhood(ctx, id, { expand: true }));
  }
});

// --- the questions -------------------------------------------------------------------------------------------------

$("path-form").addEventListener("submit", (event) => {
  event.preventDefault();
  run(() => paths(ctx, $("path-from").value, $("path-to").value, Number($("path-k").value)));
});

$("exposure-form").addEventListener("submit", (event) => {
  event.preventDefault();
  run(() => exposure());
});

async function exposure() {
  const source = await resolve($("exposure-entity").value);
  const reverse = $("exposure-reverse").checked;
  await state.live?.unsubscribe(state.exposure);
  state.exposure = null;
  state.hits.clear();
  state.source = source;
  const asOfToday = !$("as-of").value || $("as-of").value === today();
  // Live when it can be: the hub keeps today's answer current; another date, the reverse question or a Neo4j store
  // are answered once through the REST API.
  if (state.liveMode && state.live?.connected && asOfToday && !reverse) {
    state.exposure = "pending";
    state.early = [];
    const id = await state.live.subscribe("SubscribeExposure", exposureRequest(source.id));
    state.exposure = id;
    for (const update of state.early.splice(0)) onUpdate(update);
    return;
  }
  const q = filters();
  q.set("entity", source.id);
  if (reverse) q.set("reverse", "true");
  const answer = await api(`/api/exposure?${q}`);
  for (const hit of answer.hits) state.hits.set(hit.party.id, hit);
  drawExposure(ctx, source, state.hits, answer.score, state.lastSequence);
  if (reverse) state.answer.url.reverse = "true";
}

$("ownership-form").addEventListener("submit", (event) => {
  event.preventDefault();
  run(() => runOwnership());
});

function runOwnership() {
  return ownership(ctx, $("own-entity").value, $("rule").value, $("wi-owner").value.trim(), $("wi-share").value);
}

$("watch-ownership").addEventListener("click", () => run(async () => {
  const entity = await resolve($("own-entity").value);
  await state.live?.unsubscribe(state.ownership);
  state.ownership = "pending";
  state.ownershipEntity = entity;
  state.early = [];
  const id = await state.live.subscribe("SubscribeOwnership", entity.id, $("rule").value);
  state.ownership = id;
  for (const update of state.early.splice(0)) onUpdate(update);
}));

$("lookthrough-form").addEventListener("submit", (event) => {
  event.preventDefault();
  run(() => lookThrough(ctx, $("lt-entity").value, $("lt-direction").value === "downstream"));
});

$("cypher-form").addEventListener("submit", (event) => {
  event.preventDefault();
  run(() => cypher(ctx, $("cypher-query").value, show));
});
$("cypher-query").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("cypher-form").requestSubmit();
});
$("cypher-history").addEventListener("change", () => {
  if ($("cypher-history").value) $("cypher-query").value = $("cypher-history").value;
});
renderHistory();

$("watchlist-form").addEventListener("submit", (event) => {
  event.preventDefault();
  run(() => watchlists.save($("wl-name").value.trim(), $("wl-parties").value, $("wl-rule").value, $("wl-hops").value));
});
$("watchlists").addEventListener("click", (event) => {
  const id = event.target.closest("button")?.dataset.remove;
  if (id) watchlists.remove(id).catch((e) => showError(e.message));
});

// A new date re-evaluates what is shown.
$("as-of").addEventListener("change", () => state.rerun && run(state.rerun));

// --- live updates and the change log -------------------------------------------------------------------------------

function onUpdate(update) {
  if (watchlists.handles(update)) return;
  if (state.exposure === "pending" || state.ownership === "pending") {
    state.early.push(update);
    return;
  }
  if (update.exposure && update.subscriptionId === state.exposure) onExposure(update);
  else if (update.ownership && update.subscriptionId === state.ownership) onOwnership(update);
  else {
    watchlists.unclaimed.push(update);
    if (watchlists.unclaimed.length > 100) watchlists.unclaimed.shift();
  }
}

/** An exposure diff: hits are new (not there before) or changed (there, with another chain or score); removed are gone. */
function onExposure(update) {
  const e = update.exposure;
  const labels = new Map();
  if (update.full) state.hits.clear();
  for (const hit of e.hits) {
    labels.set(hit.party.id, state.hits.has(hit.party.id) ? "changed" : "new");
    state.hits.set(hit.party.id, hit);
  }
  const gone = e.removed.map((id) => state.hits.get(id)?.party.name ?? id);
  for (const id of e.removed) state.hits.delete(id);
  drawExposure(ctx, state.source, state.hits, e.score, update.sequence, update.full ? new Map() : new Map([...labels].map(([id, l]) => [id, l === "new" ? "fresh" : "changed"])));
  if (update.full) {
    log(`#${update.sequence}: exposure of ${state.source.name}: ${e.hits.length} listed parties in reach (full answer)`);
    return;
  }
  log(`#${update.sequence}: exposure of ${state.source.name}: `,
    ...e.hits.map((h) => el("span", { class: labels.get(h.party.id) }, `${labels.get(h.party.id)}: ${h.party.name} (${h.hops} hops) `)),
    ...gone.map((name) => el("span", { class: "gone" }, `gone: ${name} `)),
    `score ${e.scoreBefore?.toFixed(3)} → ${e.score?.toFixed(3)}`);
}

function onOwnership(update) {
  const o = update.ownership;
  const d = o.determination;
  drawOwnership(ctx, state.ownershipEntity, d, null, null, null, update.sequence);
  log(update.full
    ? `#${update.sequence}: ${d.entity.name}: ${STATUS[d.status] ?? d.status} under ${d.rule.id} (full answer)`
    : el("span", { class: "changed" }, `#${update.sequence}: ${d.entity.name}: ${STATUS[o.statusBefore] ?? o.statusBefore} → ${STATUS[d.status] ?? d.status} under ${d.rule.id}`));
}

/** A committed change: drawn on the canvas when it touches what is drawn, and listed as new / changed / gone. */
function onChange(entry) {
  state.lastSequence = Math.max(state.lastSequence, entry.sequence);
  const parts = [];
  for (const c of entry.changes) {
    if (c.op === "putRelationship") {
      const r = c.relationship;
      const label = canvas.has(r.id) ? "changed" : "new";
      if (canvas.has(r.from) && canvas.has(r.to)) {
        canvas.addEdge(r);
        canvas.flash(r.id, label === "new" ? "fresh" : "changed");
        canvas.changed();
      }
      parts.push(el("span", { class: label, "data-relationship": r.id }, `${label}: ${r.from} —${r.type}→ ${r.to} `));
    } else if (c.op === "deleteRelationship") {
      canvas.removeAnimated(c.id);
      parts.push(el("span", { class: "gone", "data-relationship": c.id }, `gone: relationship ${c.id} `));
    } else if (c.op === "putEntity") {
      parts.push(el("span", { class: canvas.has(c.entity.id) ? "changed" : "new" }, `${canvas.has(c.entity.id) ? "changed" : "new"}: ${c.entity.name} `));
    } else if (c.op === "deleteEntity") {
      canvas.removeAnimated(c.id);
      parts.push(el("span", { class: "gone" }, `gone: ${c.id} `));
    }
  }
  if (parts.length > 12) parts.splice(12, parts.length - 12, `… ${entry.changes.length - 12} more`);
  log(`#${entry.sequence} ${entry.description ?? ""}: `, ...parts);
}

function log(...content) {
  $("log").prepend(el("li", {}, ...content));
  while ($("log").children.length > 200) $("log").lastChild.remove();
}

// --- exports -------------------------------------------------------------------------------------------------------

function slug() {
  return (state.answer?.title ?? "answer").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

$("export-png").addEventListener("click", () => download(`supplygraph-${slug()}.png`, canvas.png()));
$("export-svg").addEventListener("click", () => download(`supplygraph-${slug()}.svg`, canvas.svg(), "image/svg+xml"));
$("export-json").addEventListener("click", () => download(`supplygraph-${slug()}.json`, JSON.stringify(state.answer.raw, null, 2), "application/json"));
$("export-csv").addEventListener("click", () => {
  const rows = state.answer.rows ?? [];
  const headers = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v) => (v == null ? "" : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  download(`supplygraph-${slug()}.csv`, [headers.join(","), ...rows.map((r) => headers.map((h) => cell(r[h])).join(","))].join("\n") + "\n", "text/csv");
});
$("export-memo").addEventListener("click", () => {
  const listed = canvas.nodes().filter((n) => n.listed).map((n) => `${n.name}: ${n.listText}${n.listEvidence ? ` (${n.listEvidence})` : ""}`);
  const evaluations = state.answer.key && state.evaluations?.key === state.answer.key ? [...state.evaluations.byDate.values()] : [];
  const html = memoHtml({ ...state.answer, listings: state.answer.listings ?? listed, evaluations, url: location.href });
  download(`determination-memo-${slug()}.html`, html, "text/html");
  // Also shown in the page: the browser's print (to PDF) prints the memo alone.
  const doc = new DOMParser().parseFromString(html, "text/html");
  $("memo").replaceChildren(...doc.body.childNodes);
});
window.addEventListener("beforeprint", () => document.body.classList.toggle("printing-memo", $("memo").childNodes.length > 0));
window.addEventListener("afterprint", () => document.body.classList.remove("printing-memo"));

$("as-of").value = today();
boot().then(readUrl);
