// The questions: each asks the API, draws its answer on the canvas, lists it as a table and describes it for the
// memo and the exports (state.answer).
import { $, el, percent, table } from "./dom.js";
import { api, resolve } from "./api.js";
import { sourceTitle, readButton } from "./sources.js";
import { timed, timedAsync } from "./perf.js";

export const STATUS = { blocked: "blocked", possiblyBlocked: "possibly blocked", notBlocked: "not blocked" };

/** The filters every question takes, as query parameters. */
export function filters({ hops = true, asOf = true } = {}) {
  const q = new URLSearchParams();
  if (hops) q.set("maxHops", $("hops").value);
  q.set("direction", $("direction").value);
  const types = [...$("types").selectedOptions].map((o) => o.value);
  if (types.length) q.set("types", types.join(","));
  if (asOf && $("as-of").value) q.set("asOf", $("as-of").value);
  return q;
}

function arrow(r, forward = true) {
  return forward ? `—${r.type}→` : `←${r.type}—`;
}

function evidenceCell(r) {
  const p = r.provenance ?? {};
  return el("span", {},
    el("small", { class: "source-title" }, [sourceTitle(p), p.record, p.date, p.confidence != null ? `confidence ${p.confidence}` : null].filter(Boolean).join(" · ")),
    p.quote ? [" ", el("q", {}, p.quote)] : [], [" ", readButton(p)]);
}

function step(r, names) {
  const p = r.provenance ?? {};
  return {
    from: names.get(r.from) ?? r.from, type: r.type, to: names.get(r.to) ?? r.to, share: r.share != null ? percent(r.share) : null,
    source: sourceTitle(p), file: p.source ?? "", record: p.record ?? "", date: p.date ?? "", confidence: p.confidence ?? null, quote: p.quote ?? "",
  };
}

export function show(title, summary, ...body) {
  $("answer").hidden = false;
  $("answer-title").textContent = title;
  $("answer-summary").replaceChildren(...[summary].flat(Infinity).filter((x) => x != null && x !== false));
  $("answer-body").replaceChildren(...body);
}

/** A listing as the canvas keeps it, with the record it rests on. */
export function listing(l) {
  const p = l.relationship?.provenance ?? {};
  const evidence = [sourceTitle(p), p.record, p.quote ? `“${p.quote}”` : null].filter(Boolean).join(" · ");
  return { list: l.list, listName: l.listName, since: l.since, evidence: evidence ? `${l.listName}: ${evidence}` : "" };
}

/** Listings of drawn nodes that an answer did not carry (paths, ownership): a few reads, then the canvas restyles. */
async function decorate(canvas, ids) {
  await Promise.all(ids.slice(0, 40).map(async (id) => {
    const a = await api(`/api/entities/${encodeURIComponent(id)}`).catch(() => null);
    if (a && a.listings.length) canvas.addNode(a.entity, a.listings.map(listing));
  }));
  canvas.changed();
}

// --- an entity's neighbourhood ---------------------------------------------------------------------------------

export async function neighbourhood(ctx, id, { expand = false } = {}) {
  const { canvas } = ctx;
  const q = filters({ hops: false });
  const n = await timedAsync("fetch neighbourhood", () => api(`/api/entities/${encodeURIComponent(id)}/neighbourhood?${q}`));
  const drawing = performance.now();
  canvas.drawn().then(() => performance.measure("canvas: to first frame", { start: drawing, end: performance.now() }));
  if (!expand) canvas.clear();
  const before = new Set(canvas.nodes().map((d) => d.id));
  canvas.batch(() => canvas.addMany(n.nodes.map((node) => ({ entity: node.entity, listings: node.listings, extra: node.entity.id === n.center && !expand ? { center: true } : {} })), n.relationships));
  canvas.layout();
  if (expand) for (const node of n.nodes) if (!before.has(node.entity.id)) canvas.flash(node.entity.id, "fresh", 1500);
  timed("table: canvas as a table", () => canvas.changed());
  const names = new Map(n.nodes.map((x) => [x.entity.id, x.entity.name]));
  const center = n.nodes[0].entity;
  if (!expand) {
    // The first 300 rows in the page (a long table costs more than it tells); the exports hold all.
    const rows = n.relationships.slice(0, 300).map((r) => [names.get(r.from) ?? r.from, r.type, names.get(r.to) ?? r.to, evidenceCell(r)]);
    timed("table: answer", () => show(`Relationships of ${center.name}`, `${n.relationships.length} relationship(s), ${n.nodes.length - 1} neighbour(s)${n.truncated ? " (cut at the server's limit)" : ""}${rows.length < n.relationships.length ? `; the first ${rows.length} listed, all in the exports` : ""}`,
      table(`${center.name}: relationships and evidence`, ["from", "type", "to", "evidence"], rows)));
    ctx.setAnswer({
      kind: "entity", title: center.name, question: `What is ${center.name} connected to, on what evidence?`,
      verdict: `${n.relationships.length} relationship(s)`, chain: n.relationships.map((r) => step(r, names)),
      rows: n.relationships.map((r) => step(r, names)), raw: n, url: { entity: center.id },
    });
  }
  return n;
}

// --- path / k paths --------------------------------------------------------------------------------------------

export async function paths(ctx, fromText, toText, k) {
  const { canvas } = ctx;
  const [from, to] = await Promise.all([resolve(fromText), resolve(toText)]);
  const q = filters();
  q.set("from", from.id);
  q.set("to", to.id);
  if (k > 1) q.set("k", k);
  const answer = await api(`/api/paths?${q}`);
  canvas.clear();
  const names = new Map();
  const nodeIds = new Set();
  const edgeIds = new Set();
  for (const p of answer.paths) {
    for (const node of p.nodes) {
      names.set(node.id, node.name);
      nodeIds.add(node.id);
      canvas.addNode(node, [], node.id === from.id ? { center: true } : {});
    }
    for (const hop of p.hops) {
      canvas.addEdge(hop.relationship);
      edgeIds.add(hop.relationship.id);
    }
  }
  canvas.layout("breadthfirst", from.id);
  canvas.highlight([...nodeIds], [...edgeIds]);
  canvas.changed();
  decorate(canvas, [...nodeIds]);

  const rows = [];
  const chain = [];
  answer.paths.forEach((p, i) => p.hops.forEach((hop, h) => {
    const r = hop.relationship;
    const a = p.nodes[h];
    const b = p.nodes[h + 1];
    rows.push([String(i + 1), String(h + 1), a.name, arrow(r, hop.forward), b.name, evidenceCell(r)]);
    chain.push({ ...step(r, names), path: i + 1, hop: h + 1 });
  }));
  const verdict = answer.paths.length === 0 ? "no path" : `${answer.paths.length} path(s); the shortest has ${answer.paths[0].length} hop(s)`;
  show(`Path from ${from.name} to ${to.name}`, verdict,
    table(`Hop by hop, with evidence`, ["path", "hop", "from", "relationship", "to", "evidence"], rows, (i) => ({ "data-hop": i })));
  $("answer-body").firstChild.id = "path-table";
  ctx.setAnswer({
    kind: "path", title: `${from.name} → ${to.name}`, question: `Through which chain can ${from.name} reach ${to.name}, on what evidence?`,
    verdict, chain, rows: chain, raw: answer, url: { path: `${from.id},${to.id}`, k: k > 1 ? k : null }, key: `path|${from.id}|${to.id}|${k}`,
  });
  return answer;
}

// --- exposure --------------------------------------------------------------------------------------------------

export function exposureRequest(entityId) {
  const types = [...$("types").selectedOptions].map((o) => o.value);
  return { entities: [entityId], maxHops: Number($("hops").value), direction: $("direction").value, types: types.length ? types : null };
}

/** Draws an exposure answer (state.hits: party id → hit) on the canvas and as the #hits table. */
export function drawExposure(ctx, source, hits, score, sequence, fresh = new Map()) {
  const { canvas } = ctx;
  canvas.clear();
  canvas.addNode(source, [], { center: true });
  const names = new Map([[source.id, source.name]]);
  const sorted = [...hits.values()].sort((a, b) => a.hops - b.hops || a.party.name.localeCompare(b.party.name));
  const chain = [];
  for (const h of sorted) {
    const listings = h.listings.map((l) => ({ list: l.list.id, listName: l.list.name, since: l.since }));
    for (const node of h.path?.nodes ?? []) {
      names.set(node.id, node.name);
      canvas.addNode(node, node.id === h.party.id ? listings : []);
    }
    canvas.addNode(h.party, listings, h.party.id === source.id ? { center: true } : {});
    for (const hop of h.path?.hops ?? []) {
      canvas.addEdge(hop.relationship);
      chain.push({ ...step(hop.relationship, names), party: h.party.name });
    }
  }
  canvas.layout();
  for (const [id, kind] of fresh) if (kind !== "gone") canvas.flash(id, kind);
  canvas.changed();

  const rows = sorted.map((h) => [
    `${h.party.name} (${h.party.id})`, String(h.hops),
    h.listings.map((l) => `${l.list.name}${l.since ? " since " + l.since : " (undated)"}`).join("; "),
    h.hops === 0 ? "listed itself" : el("div", { class: "chain" }, (h.path?.hops ?? []).map((hop, i) =>
      el("div", { class: "hop" }, `${h.path.nodes[i].name} ${arrow(hop.relationship, hop.forward)} ${h.path.nodes[i + 1].name} `, evidenceCell(hop.relationship)))),
  ]);
  const t = table(`Listed parties within reach of ${source.name}`, ["listed party", "hops", "listed on, since", "chain and evidence"], rows,
    (i) => ({ "data-party": sorted[i].party.id, class: fresh.get(sorted[i].party.id) ?? "" }));
  t.querySelector("tbody").id = "hits";
  show(`Exposure of ${source.name}`, [`score `, el("strong", { id: "score" }, score == null ? "–" : score.toFixed(3)), ` · `,
    el("span", { id: "hit-count" }, String(sorted.length)), ` listed parties in reach`, sequence ? ` · as of change #${sequence}` : ""], t);
  ctx.setAnswer({
    kind: "exposure", title: `exposure of ${source.name}`, question: `Which listed parties can ${source.name} reach, and since when were they listed?`,
    verdict: `${sorted.length} listed part${sorted.length === 1 ? "y" : "ies"} in reach, score ${score == null ? "–" : score.toFixed(3)}`,
    listings: sorted.map((h) => `${h.party.name}: ${h.listings.map((l) => `${l.list.name} since ${l.since ?? "an undated entry"}`).join("; ")}`),
    chain, rows: sorted.map((h) => ({ party: h.party.id, name: h.party.name, hops: h.hops, listings: h.listings.map((l) => `${l.list.name} ${l.since ?? ""}`.trim()).join("; ") })),
    raw: { score, hits: sorted }, url: { exposure: source.id }, sequence,
  });
}

// --- look-through ---------------------------------------------------------------------------------------------

/** Effective stakes multiplied along chains and added over them: owners above the party, or its holdings below. */
export async function lookThrough(ctx, entityText, downstream) {
  const { canvas } = ctx;
  const entity = await resolve(entityText);
  const q = new URLSearchParams();
  if (downstream) q.set("downstream", "true");
  if ($("as-of").value) q.set("asOf", $("as-of").value);
  const a = await api(`/api/look-through/${encodeURIComponent(entity.id)}?${q}`);
  canvas.clear();
  canvas.batch(() => {
    canvas.addNode(a.entity, [], { center: true });
    for (const s of a.shares) canvas.addNode(s.entity, []);
    for (const r of a.relationships) canvas.addEdge(r);
  });
  canvas.layout("breadthfirst", a.entity.id);
  canvas.changed();
  await decorate(canvas, canvas.nodes().map((n) => n.id));

  const names = new Map([[a.entity.id, a.entity.name], ...a.shares.map((s) => [s.entity.id, s.entity.name])]);
  const range = (s) => (s.high > s.low + 1e-12 ? `${percent(s.low)}–${percent(s.high)}` : percent(s.low));
  const what = downstream ? "holdings" : "owners";
  const shares = table(`${downstream ? "What" : "Who"} ${a.entity.name} ${downstream ? "holds" : "is held by"}, looked through`,
    [downstream ? "held" : "owner", "effective share", "hops"],
    a.shares.map((s) => [`${s.entity.name} (${s.entity.id})`, range(s), String(s.hops)]), (i) => ({ "data-party": a.shares[i].entity.id }));
  shares.querySelector("tbody").id = "look-through";
  const stakes = table("The stakes it multiplies and adds (the proof)", ["owner / subsidiary", "relationship", "owned / parent", "evidence"],
    a.relationships.map((r) => [names.get(r.from) ?? r.from, `${r.type}${r.share != null ? ` ${percent(r.share)}` : ""}`, names.get(r.to) ?? r.to, evidenceCell(r)]));
  const verdict = `${a.shares.length} ${what} through ${a.relationships.length} stake(s)${a.asOf ? ` as of ${a.asOf}` : ""}`;
  show(`Look-through ${what} of ${a.entity.name}`, verdict, shares, el("h3", {}, "Stakes"), stakes);
  ctx.setAnswer({
    kind: "look-through", title: `look-through ${what} of ${a.entity.name}`,
    question: downstream ? `What does ${a.entity.name} effectively hold, through every chain below it?` : `Who effectively holds ${a.entity.name}, through every chain above it?`,
    verdict, chain: a.relationships.map((r) => step(r, names)),
    rows: a.shares.map((s) => ({ party: s.entity.id, name: s.entity.name, low: s.low, high: s.high, hops: s.hops })),
    raw: a, url: { lookThrough: a.entity.id, downstream: downstream ? "true" : null }, key: `look-through|${a.entity.id}|${downstream}`,
  });
  return a;
}

// --- ownership, as of a date, what-if ----------------------------------------------------------------------------

function proofTree(chains) {
  return el("ul", { class: "proof" }, chains.map((c) => el("li", {},
    c.map((link, i) => el("div", { style: `margin-left:${i}rem` },
      `${link.owner.name} owns ${link.share?.low == null ? "an unknown share" : percent(link.share.low)} of ${link.owned.name} `,
      evidenceCell(link.relationship))))));
}

export async function ownership(ctx, entityText, rule, ownerText, share) {
  const { canvas } = ctx;
  const entity = await resolve(entityText);
  const asOf = $("as-of").value;
  const q = new URLSearchParams({ rule });
  if (asOf) q.set("asOf", asOf);
  let before = null;
  let after;
  let owner = null;
  if (ownerText && share) {
    owner = await resolve(ownerText);
    const batch = { relationships: [{ type: "OWNS", from: owner.id, to: entity.id, share: `${share}%`, provenance: { source: "what-if (dashboard)", quote: `${owner.name} buys ${share} % of ${entity.name}` } }] };
    const w = await api(`/api/what-if/ownership/${encodeURIComponent(entity.id)}?${q}`, { method: "POST", body: batch });
    before = w.before;
    after = w.after;
  } else {
    after = await api(`/api/ownership/${encodeURIComponent(entity.id)}?${q}`);
  }
  await drawOwnership(ctx, entity, after, before, owner, share);
  return { before, after };
}

export async function drawOwnership(ctx, entity, d, before, owner, share, sequence) {
  const { canvas } = ctx;
  canvas.clear();
  canvas.addNode(d.entity ?? entity, (d.listings ?? []).map((l) => ({ list: l.list?.id ?? l.list, listName: l.list?.name ?? l.listName, since: l.since })), { center: true });
  const names = new Map([[entity.id, entity.name]]);
  const chain = [];
  for (const c of d.chains ?? []) for (const link of c) {
    names.set(link.owner.id, link.owner.name);
    names.set(link.owned.id, link.owned.name);
    canvas.addNode(link.owner, []);
    canvas.addNode(link.owned, []);
  }
  for (const c of d.chains ?? []) for (const link of c) {
    canvas.addEdge(link.relationship);
    chain.push(step(link.relationship, names));
  }
  for (const c of d.contributions ?? []) {
    names.set(c.owner.id, c.owner.name);
    canvas.addNode(c.owner, []);
    if (canvas.addEdge(c.relationship) && !chain.some((s) => s.from === c.owner.name && s.to === (names.get(c.relationship.to) ?? c.relationship.to))) chain.push(step(c.relationship, names));
  }
  canvas.layout("breadthfirst");
  canvas.changed();
  await decorate(canvas, canvas.nodes().map((n) => n.id));

  const verdict = STATUS[d.status] ?? d.status;
  const was = before ? STATUS[before.status] ?? before.status : null;
  const agg = d.aggregateHigh > 0 ? ` — covered owners hold ${d.aggregateLow === d.aggregateHigh ? percent(d.aggregateLow) : percent(d.aggregateLow) + "–" + percent(d.aggregateHigh)}` : "";
  const owners = table("Owners", ["owner", "owner's status", "share", "evidence"],
    (d.contributions ?? []).map((c) => [c.owner.name, STATUS[c.ownerStatus] ?? c.ownerStatus, c.share?.low == null ? "unknown" : percent(c.share.low), evidenceCell(c.relationship)]),
    (i) => ({ "data-owner": d.contributions[i].owner.id }));
  owners.querySelector("tbody").id = "owners";
  const hypothesis = owner ? `${owner.name} buys ${share} % of ${entity.name}` : null;
  show(`Ownership of ${entity.name}`, [
    before ? [el("span", { id: "verdict-before", class: `verdict-${before.status}` }, was), " → "] : [],
    el("span", { id: "verdict", class: `verdict-${d.status}` }, verdict), agg,
    el("br"), el("small", { id: "rule-line" }, `${d.rule.name}: ${d.ruleInForce ? "in force" : "not in force"} on ${d.asOf}`),
    hypothesis ? [el("br"), el("small", { id: "hypothesis" }, `what if ${hypothesis} (not committed)`)] : [],
  ], el("p", { id: "explanation", class: "meta" }, d.explanation), owners, el("h3", {}, "Proof: ownership chains"), proofTree(d.chains ?? []));
  ctx.setAnswer({
    kind: "ownership", title: `${entity.name} under ${d.rule.id}`, key: `ownership|${entity.id}|${d.rule.id}|${hypothesis}`,
    question: hypothesis
      ? `If ${hypothesis}, is ${entity.name} restricted under the ${d.rule.name} on ${d.asOf}?`
      : `Is ${entity.name} restricted under the ${d.rule.name} on ${d.asOf}?`,
    rule: d.rule, ruleInForce: d.ruleInForce, asOf: d.asOf, hypothesis,
    verdict: before ? `${was} → ${verdict}` : verdict, explanation: d.explanation, chain,
    rows: (d.contributions ?? []).map((c) => ({ owner: c.owner.id, name: c.owner.name, status: c.ownerStatus, share: c.share?.low })),
    raw: before ? { before, after: d } : d, sequence,
    url: { ownership: entity.id, rule: d.rule.id, owner: owner?.id, share: owner ? share : null },
  });
}
