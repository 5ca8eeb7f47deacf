// Watchlists: saved sets of parties with a rule and a hop limit. Each party's verdict under the rule is a live
// ownership subscription shown as a badge; the set's exposure is one live exposure subscription. A change that flips a
// verdict is listed with its cause: the change-log entry (sequence, description, what it wrote) that made it.
// Kept by the server per API key (/api/watchlists); this browser keeps a copy per key only to show them at once.
import { $, el } from "./dom.js";
import { api, key, resolve } from "./api.js";

const cacheKey = () => `sg-watchlists|${key()}`;
const WORDS = { blocked: "blocked", possiblyBlocked: "possibly blocked", notBlocked: "not blocked" };

export class Watchlists {
  constructor() {
    this.routes = new Map(); // subscriptionId -> { list, party } (party null: the list's exposure)
    this.live = null;
    this.unclaimed = []; // updates that came before their subscribe call returned
  }

  async subscribe(route, method, ...args) {
    const id = await this.live.subscribe(method, ...args);
    this.routes.set(id, route);
    const early = this.unclaimed.filter((u) => u.subscriptionId === id);
    this.unclaimed = this.unclaimed.filter((u) => u.subscriptionId !== id);
    for (const u of early) this.handles(u);
  }

  /** The cached copy of this key's lists (shown until the server answers). */
  saved() {
    try {
      return JSON.parse(localStorage.getItem(cacheKey()) || "[]");
    } catch {
      return [];
    }
  }

  remember(lists) {
    localStorage.setItem(cacheKey(), JSON.stringify(lists));
  }

  /** Saves a list on the server (a list of the same name is replaced) and watches it. */
  async save(name, partiesText, rule, hops) {
    const parties = [];
    for (const text of partiesText.split(",").map((t) => t.trim()).filter(Boolean)) parties.push((await resolve(text)).id);
    const body = { name, rule, hops: Number(hops), parties };
    const existing = this.saved().find((l) => l.name === name);
    const list = existing
      ? await api(`/api/watchlists/${encodeURIComponent(existing.id)}`, { method: "PUT", body })
      : await api("/api/watchlists", { method: "POST", body });
    if (existing) this.unwatch(existing.id);
    this.remember([...this.saved().filter((l) => l.id !== list.id), list]);
    this.render();
    await this.watch(list);
  }

  async remove(id) {
    await api(`/api/watchlists/${encodeURIComponent(id)}`, { method: "DELETE" }).catch((e) => {
      if (e.status !== 404) throw e;
    });
    this.remember(this.saved().filter((l) => l.id !== id));
    this.unwatch(id);
    this.render();
  }

  unwatch(id) {
    for (const [sub, route] of this.routes) {
      if (route.list === id) {
        this.routes.delete(sub);
        this.live?.unsubscribe(sub);
      }
    }
  }

  render() {
    $("watchlists").replaceChildren(...this.saved().map((l) => el("li", { "data-watchlist": l.id },
      el("strong", {}, l.name), ` · ${l.rule} · exposure within ${l.hops} hop(s) `,
      el("button", { type: "button", "data-remove": l.id, "aria-label": `remove watchlist ${l.name}` }, "remove"),
      el("div", {}, l.parties.map((p) => el("span", { class: "badge", "data-party": p.id }, `${p.name}: …`))),
      el("div", { class: "wl-exposure" }, "exposure: …"),
      el("ol", { class: "wl-changes log", "aria-label": `verdict changes in ${l.name}` }))));
  }

  /** Subscribes every saved list (after a (re)connect) or one new list. */
  async watch(list) {
    if (!this.live?.connected) return;
    for (const p of list.parties) await this.subscribe({ list: list.id, party: p }, "SubscribeOwnership", p.id, list.rule);
    await this.subscribe({ list: list.id, party: null }, "SubscribeExposure", { entities: list.parties.map((p) => p.id), maxHops: Number(list.hops) });
  }

  /** Shows the cached lists, then the server's (the cache follows), and watches each. */
  async start(live) {
    this.live = live;
    this.routes.clear();
    this.render();
    $("watchlists").dataset.loaded = "cache";
    this.remember(await api("/api/watchlists"));
    this.render();
    $("watchlists").dataset.loaded = "server";
    for (const list of this.saved()) await this.watch(list);
  }

  /** Handles an update when it belongs to a watchlist; returns false otherwise. */
  handles(update) {
    const route = this.routes.get(update.subscriptionId);
    if (!route) return false;
    const item = document.querySelector(`[data-watchlist='${route.list}']`);
    if (!item) return true;
    if (route.party && update.ownership) {
      const d = update.ownership.determination;
      const badge = item.querySelector(`.badge[data-party='${route.party.id}']`);
      badge.textContent = `${route.party.name}: ${WORDS[d.status] ?? d.status}`;
      badge.className = `badge verdict-${d.status}`;
      if (!update.full && update.ownership.statusBefore !== d.status) this.cause(item, update, `${route.party.name}: ${WORDS[update.ownership.statusBefore]} → ${WORDS[d.status]}`);
    } else if (update.exposure) {
      const e = update.exposure;
      const box = item.querySelector(".wl-exposure");
      box.dataset.hits = String(update.full ? e.hits.length : Number(box.dataset.hits || 0) + e.hits.filter((h) => !box.dataset.seen?.includes(`|${h.party.id}|`)).length - e.removed.length);
      box.dataset.seen = update.full ? `|${e.hits.map((h) => h.party.id).join("|")}|` : box.dataset.seen;
      box.textContent = `exposure: score ${e.score?.toFixed(3) ?? "–"} · change #${update.sequence}`;
    }
    return true;
  }

  async cause(item, update, what) {
    const entry = (await api(`/api/changes?since=${update.sequence - 1}&limit=1`).catch(() => null))?.entries?.[0];
    const wrote = (entry?.changes ?? []).slice(0, 3).map((c) => c.relationship ? `${c.relationship.from} —${c.relationship.type}${c.relationship.share != null ? ` ${Math.round(c.relationship.share * 100)} %` : ""}→ ${c.relationship.to}` : c.op).join("; ");
    item.querySelector(".wl-changes").prepend(el("li", { class: "changed" }, `${what} — cause: change #${update.sequence} ${entry?.description ?? ""}${wrote ? `: ${wrote}` : ""}`));
  }
}
