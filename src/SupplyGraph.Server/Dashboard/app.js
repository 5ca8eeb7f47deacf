// SupplyGraph dashboard: find a party, watch its exposure to listed parties live.
// The hub speaks SignalR's JSON protocol over a WebSocket; this small client does what the page needs
// (invoke, receive Update, keep-alive pings, reconnect and Resume) without a bundler or third-party script.
"use strict";

const RS = "\u001e"; // SignalR record separator
const $ = (id) => document.getElementById(id);
const state = { hub: null, subscription: null, lastSequence: 0, entity: null, hits: new Map(), live: true, early: [], ownership: null, ownershipSequence: 0 };

// On a server backed by Neo4j there is no hub: the page reads exposure through the REST API and refreshes on demand.
fetch("/health").then((r) => r.json()).then((h) => {
  state.live = !String(h.store).startsWith("neo4j");
  if (!state.live) {
    $("status").textContent = "not live (Neo4j)";
    $("watch").textContent = "Show exposure";
  }
}).catch(() => {});

$("key").value = localStorage.getItem("sg-key") || "";
$("key").addEventListener("change", () => {
  localStorage.setItem("sg-key", $("key").value.trim());
  if (state.hub) state.hub.restart();
});

function key() { return $("key").value.trim(); }

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

async function api(path) {
  const headers = key() ? { "X-Api-Key": key() } : {};
  const response = await fetch(path, { headers });
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) {
    throw new Error(body?.detail || body?.title || `${response.status} ${response.statusText}`);
  }
  return body;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

class HubConnection {
  constructor(path, onUpdate, onStatus, onReconnected) {
    this.path = path;
    this.onUpdate = onUpdate;
    this.onStatus = onStatus;
    this.onReconnected = onReconnected;
    this.pending = new Map();
    this.nextId = 1;
    this.retry = 0;
    this.stopped = false;
  }

  start() {
    return new Promise((resolve, reject) => {
      const scheme = location.protocol === "https:" ? "wss:" : "ws:";
      const token = key() ? `?access_token=${encodeURIComponent(key())}` : "";
      const ws = new WebSocket(`${scheme}//${location.host}${this.path}${token}`);
      let handshaken = false;
      this.ws = ws;
      this.onStatus("connecting");
      ws.onopen = () => ws.send(JSON.stringify({ protocol: "json", version: 1 }) + RS);
      ws.onmessage = (event) => {
        for (const frame of String(event.data).split(RS)) {
          if (!frame) continue;
          const message = JSON.parse(frame);
          if (!handshaken) {
            handshaken = true;
            if (message.error) { reject(new Error(message.error)); ws.close(); return; }
            this.retry = 0;
            this.onStatus("online");
            this.ping = setInterval(() => this.send({ type: 6 }), 10000);
            resolve();
            continue;
          }
          this.receive(message);
        }
      };
      ws.onclose = () => {
        clearInterval(this.ping);
        for (const { reject: fail } of this.pending.values()) fail(new Error("connection lost"));
        this.pending.clear();
        this.onStatus("offline");
        if (!handshaken) reject(new Error("the live connection was refused (is the API key right?)"));
        if (!this.stopped && handshaken) this.reconnectLater();
      };
    });
  }

  reconnectLater() {
    const delay = [500, 1000, 2000, 5000, 10000][Math.min(this.retry++, 4)];
    setTimeout(async () => {
      try {
        await this.start();
        await this.onReconnected();
      } catch {
        this.reconnectLater();
      }
    }, delay);
  }

  restart() {
    this.ws?.close();
  }

  send(message) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message) + RS);
  }

  receive(message) {
    if (message.type === 1 && message.target === "Update") {
      this.onUpdate(message.arguments[0]);
    } else if (message.type === 3) {
      const call = this.pending.get(message.invocationId);
      this.pending.delete(message.invocationId);
      if (call) message.error ? call.reject(new Error(message.error)) : call.resolve(message.result);
    } else if (message.type === 7) {
      this.ws.close();
    }
  }

  invoke(target, ...args) {
    const invocationId = String(this.nextId++);
    return new Promise((resolve, reject) => {
      this.pending.set(invocationId, { resolve, reject });
      this.send({ type: 1, invocationId, target, arguments: args });
    });
  }
}

async function hub() {
  if (!state.hub) {
    state.hub = new HubConnection("/hubs/exposure", onUpdate, (s) => {
      $("status").textContent = s;
      $("status").className = `status ${s}`;
    }, async () => {
      // Back after a drop: ask for exactly what was missed (or a full refresh when it is no longer kept).
      if (state.subscription) await state.hub.invoke("Resume", state.subscription, state.lastSequence);
      if (state.ownership) await state.hub.invoke("Resume", state.ownership, state.ownershipSequence);
    });
    try {
      await state.hub.start();
    } catch (e) {
      state.hub = null;
      throw e;
    }
  }
  return state.hub;
}

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

$("results").addEventListener("click", async (event) => {
  const id = event.target.closest("button")?.dataset.id;
  if (!id) return;
  showError("");
  try {
    const answer = await api(`/api/entities/${encodeURIComponent(id)}`);
    state.entity = answer.entity;
    $("entity").hidden = false;
    $("entity-name").textContent = `${answer.entity.name} (${answer.entity.id})`;
    $("entity-meta").textContent = [answer.entity.labels.join(", "), answer.entity.country, `${answer.relationships.length} relationships`].filter(Boolean).join(" · ");
    $("entity-listings").replaceChildren(...answer.listings.map((l) => el("li", {}, `listed on ${l.listName} since ${l.since ?? "an undated entry"}`)));
  } catch (e) {
    showError(e.message);
  }
});

function watchRequest() {
  const types = $("types").value.split(",").map((t) => t.trim()).filter(Boolean);
  return { entities: [state.entity.id], maxHops: Number($("hops").value), direction: $("direction").value, types: types.length ? types : null };
}

async function showOnce() {
  const r = watchRequest();
  const query = new URLSearchParams({ entity: r.entities[0], maxHops: r.maxHops, direction: r.direction });
  if (r.types) query.set("types", r.types.join(","));
  const [exposure, health] = await Promise.all([api(`/api/exposure?${query}`), api("/health")]);
  state.subscription = "rest";
  $("exposure").hidden = false;
  $("exposure-of").textContent = state.entity.name;
  onUpdate({ subscriptionId: "rest", sequence: health.lastSequence, full: true, exposure: { ...exposure, removed: [] } });
}

$("watch-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  showError("");
  if (!state.live) {
    try {
      await showOnce();
    } catch (e) {
      showError(e.message);
    }
    return;
  }

  try {
    const connection = await hub();
    if (state.subscription) await connection.invoke("Unsubscribe", state.subscription);
    state.hits.clear();
    state.lastSequence = 0;
    $("log").replaceChildren();
    $("exposure").hidden = false;
    $("exposure-of").textContent = state.entity.name;
    state.subscription = null;
    state.early = [];
    const result = await connection.invoke("SubscribeExposure", watchRequest());
    state.subscription = result.subscriptionId;
    // The first answer may arrive before the call's own reply: play back what came early.
    for (const update of state.early.splice(0)) onUpdate(update);
  } catch (e) {
    showError(e.message);
  }
});

function onUpdate(update) {
  if (update.ownership) {
    onOwnership(update);
    return;
  }

  if (state.subscription === null) {
    state.early.push(update);
    return;
  }

  if (update.subscriptionId !== state.subscription || !update.exposure) return;
  const e = update.exposure;
  const fresh = new Set();
  if (update.full) state.hits.clear();
  for (const hit of e.hits) {
    state.hits.set(hit.party.id, hit);
    if (!update.full) fresh.add(hit.party.id);
  }
  for (const id of e.removed) state.hits.delete(id);
  state.lastSequence = update.sequence;
  $("score").textContent = e.score == null ? "–" : e.score.toFixed(3);
  $("exposure-seq").textContent = `as of change #${update.sequence}`;
  render(fresh);
  const line = update.full
    ? el("li", {}, `#${update.sequence}: ${e.hits.length} listed parties in reach (full answer)`)
    : el("li", {},
        ...e.hits.map((h) => el("span", { class: "add" }, `+ ${h.party.name} (${h.hops} hops) `)),
        ...e.removed.map((id) => el("span", { class: "remove" }, `− ${id} `)),
        `#${update.sequence}: score ${e.scoreBefore?.toFixed(3)} → ${e.score?.toFixed(3)}`);
  $("log").prepend(line);
}

function chain(hit) {
  const nodes = hit.path.nodes;
  return el("div", { class: "chain" }, ...hit.path.hops.map((hop, i) => {
    const r = hop.relationship;
    const p = r.provenance;
    const arrow = hop.forward ? `—${r.type}→` : `←${r.type}—`;
    return el("span", { class: "hop" }, `${nodes[i].name} ${arrow} ${nodes[i + 1].name}`,
      el("small", {}, ` · ${p.source}${p.date ? ", " + p.date : ""}`),
      ...(p.quote ? [" ", el("q", {}, p.quote)] : []));
  }));
}

function render(fresh) {
  const hits = [...state.hits.values()].sort((a, b) => a.hops - b.hops || a.party.name.localeCompare(b.party.name));
  $("hit-count").textContent = hits.length;
  $("hits").replaceChildren(...hits.map((h) => el("tr", { class: fresh.has(h.party.id) ? "fresh" : "", "data-party": h.party.id },
    el("td", {}, `${h.party.name} (${h.party.id})`),
    el("td", {}, h.hops),
    el("td", {}, h.listings.map((l) => `${l.list.name}${l.since ? " since " + l.since : ""}`).join("; ")),
    el("td", {}, h.hops === 0 ? "listed itself" : chain(h)))));
}

const STATUS = { blocked: "blocked", possiblyBlocked: "possibly blocked", notBlocked: "not blocked" };

function percent(x) { return `${(x * 100).toFixed(2).replace(/\.?0+$/, "")} %`; }

$("ownership-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  showError("");
  const rule = $("rule").value;
  $("ownership").hidden = false;
  $("ownership-of").textContent = state.entity.name;
  $("ownership-log").replaceChildren();
  try {
    if (!state.live) {
      const [determination, health] = await Promise.all([api(`/api/ownership/${encodeURIComponent(state.entity.id)}?rule=${rule}`), api("/health")]);
      showOwnership({ sequence: health.lastSequence, full: true, ownership: { determination } });
      return;
    }

    const connection = await hub();
    if (state.ownership) await connection.invoke("Unsubscribe", state.ownership);
    state.ownership = "pending";
    const result = await connection.invoke("SubscribeOwnership", state.entity.id, rule);
    state.ownership = result.subscriptionId;
    for (const update of state.early.splice(0).filter((u) => u.ownership)) onOwnership(update);
  } catch (e) {
    showError(e.message);
  }
});

function onOwnership(update) {
  if (state.ownership === "pending") {
    state.early.push(update);
    return;
  }

  if (update.subscriptionId !== state.ownership) return;
  showOwnership(update);
}

function showOwnership(update) {
  const d = update.ownership.determination;
  state.ownershipSequence = update.sequence;
  $("ownership-seq").textContent = `under ${d.rule.name ?? d.rule.id ?? $("rule").value}, as of change #${update.sequence}`;
  $("verdict").textContent = STATUS[d.status] ?? d.status;
  $("verdict").className = d.status;
  $("aggregate").textContent = d.aggregateHigh > 0
    ? `— listed owners hold ${d.aggregateLow === d.aggregateHigh ? percent(d.aggregateLow) : percent(d.aggregateLow) + "–" + percent(d.aggregateHigh)}${d.nearThreshold ? " (near the threshold)" : ""}`
    : "";
  $("explanation").textContent = d.explanation;
  $("owners").replaceChildren(...d.contributions.map((c) => el("li", { "data-owner": c.owner.id },
    `${c.owner.name} (${STATUS[c.ownerStatus] ?? c.ownerStatus}) holds ${c.share.low == null ? "an unknown share" : percent(c.share.low)}`,
    el("small", {}, ` · ${c.relationship.provenance.source}`))));
  const before = update.ownership.statusBefore;
  $("ownership-log").prepend(el("li", {}, update.full
    ? `#${update.sequence}: ${STATUS[d.status] ?? d.status} (full answer)`
    : `#${update.sequence}: ${STATUS[before] ?? before} → ${STATUS[d.status] ?? d.status}`));
}
