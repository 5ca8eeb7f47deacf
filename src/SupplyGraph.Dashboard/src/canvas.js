// The graph canvas (cytoscape.js): nodes styled by label and listing, edges by type with arrows; answers are drawn
// here and highlighted. Layouts: cose (force) for small graphs, breadthfirst (hierarchical) for paths, and for more
// than 300 nodes a disc computed here in one pass (a sunflower spiral: the centre, then the listed parties, then the
// rest). cytoscape's concentric layout took 1.7 s on the Entity List's 3,266 nodes (it measures every node and
// label to fit the view); the disc takes milliseconds and sets the viewport from its own radius.
import cytoscape from "cytoscape";
import { sourceTitle } from "./sources.js";
import { timed } from "./perf.js";

const KIND_COLOURS = {
  Company: "#3b6ea5", Person: "#8e5ea2", Technology: "#4f8a3c", List: "#333333", GovernmentBody: "#7a6a3a",
  Facility: "#a0522d", Unidentified: "#888888",
};
const TYPE_COLOURS = {
  OWNS: "#b03a2e", SUBSIDIARY_OF: "#c0692e", CONTROLS: "#8b1a1a", SUPPLIES: "#2e7d9a", MANUFACTURES_FOR: "#1f618d",
  PROVIDES_CLOUD_TO: "#6c3483", PROVIDES_ACCESS_TO: "#9b59b6", LISTED_ON: "#555555", PARTNERS_WITH: "#117a65",
};

/** Above this many nodes the canvas draws cheaply: straight edges without arrows or labels, a bitmap while panning. */
const LARGE = 1000;
/** A node label's font size, and the smallest on screen worth drawing (cytoscape's min-zoomed-font-size). */
const LABEL_FONT = 9;
const MIN_READABLE_FONT = 7;

const STYLE = [
  { selector: "node", style: {
    label: "data(label)", "font-size": LABEL_FONT, "text-wrap": "wrap", "text-max-width": 120, "text-valign": "bottom", "text-margin-y": 3,
    // Colours are data (nodeData, edgeData), not functions of it nor a selector per kind: a function is called per
    // element and defeats cytoscape's style cache, and every selector is matched against every element.
    "background-color": "data(colour)", width: 18, height: 18, color: "#222",
    // Labels too small to read are not drawn: on a zoomed-out 3,000-node neighbourhood they are most of the cost.
    "min-zoomed-font-size": MIN_READABLE_FONT,
  } },
  { selector: "node[kind = 'Technology']", style: { shape: "diamond" } },
  { selector: "node[kind = 'List']", style: { shape: "rectangle" } },
  { selector: "node[kind = 'Person']", style: { shape: "ellipse", width: 14, height: 14 } },
  { selector: "node[?listed]", style: { "background-color": "#c0392b", "border-width": 3, "border-color": "#641e16", width: 24, height: 24, "font-weight": "bold" } },
  { selector: "node[?center]", style: { width: 30, height: 30 } },
  { selector: "node[?pinned]", style: { "border-width": 3, "border-style": "double", "border-color": "#000" } },
  { selector: "edge", style: {
    width: 1.5, "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": 0.9,
    "line-color": "data(colour)", "target-arrow-color": "data(colour)",
    label: "data(type)", "font-size": 6, "text-rotation": "autorotate", "min-zoomed-font-size": 7, color: "#555", "text-background-color": "#fff", "text-background-opacity": 0.7,
  } },
  { selector: "edge[type = 'LISTED_ON']", style: { "line-style": "dashed" } },
  // Over 1,000 nodes: haystack edges (straight, no arrows, no dashes) and plain nodes; what costs most to draw goes.
  { selector: "edge.large", style: { "curve-style": "haystack", "haystack-radius": 0, "line-style": "solid", width: 1, label: "" } },
  // ... and labels only where the view is zoomed in enough to read them (labelVisible): measuring 3,000 labels that
  // are too small to draw was most of a large graph's first frame (1.2-1.7 s of 2-3 s in DashboardLargeGraphTests).
  { selector: "node.large", style: { "border-width": 0, label: "" } },
  { selector: "node.large.labelled, node.large[?center], node.large.hl, node.large:selected", style: { label: "data(label)" } },
  { selector: ".dim", style: { opacity: 0.25 } },
  { selector: "node.hl", style: { "border-width": 4, "border-color": "#f39c12" } },
  { selector: "edge.hl", style: { width: 4, "line-color": "#f39c12", "target-arrow-color": "#f39c12", "font-size": 8, color: "#000" } },
  { selector: ".fresh", style: { "line-color": "#27ae60", "target-arrow-color": "#27ae60", "background-color": "#27ae60", width: 5 } },
  { selector: ".changed", style: { "line-color": "#f1c40f", "target-arrow-color": "#f1c40f", width: 5 } },
  { selector: ".gone", style: { "line-style": "dotted", opacity: 0.35 } },
  { selector: ":selected", style: { "overlay-color": "#f39c12", "overlay-opacity": 0.25 } },
];

/** Canvas data of an entity: label, kind and listing decide its look. */
export function nodeData(entity, listings = []) {
  const listed = listings.length > 0;
  const kind = entity.labels?.includes("Unidentified") ? "Unidentified" : entity.labels?.[0] ?? "Entity";
  const listText = listings.map((l) => `${l.listName ?? l.list}${l.since ? " since " + l.since : " (undated)"}`).join("; ");
  return {
    id: entity.id, name: entity.name, kind, colour: KIND_COLOURS[kind] ?? "#3b6ea5", country: entity.country ?? "", listed, listText,
    listEvidence: listings.map((l) => l.evidence).filter(Boolean).join("; "),
    label: listed ? `${entity.name}\n⚑ ${listings.map((l) => `${l.listName ?? l.list} ${l.since ?? ""}`.trim()).join(", ")}` : entity.name,
  };
}

/** Canvas data of a relationship: its evidence travels with it for hover and tables. */
export function edgeData(r) {
  const p = r.provenance ?? {};
  return {
    id: r.id, source: r.from, target: r.to, type: r.type, colour: TYPE_COLOURS[r.type] ?? "#7f8c8d", share: r.share ?? null, items: (r.items ?? []).join(", "),
    evidence: sourceTitle(p), file: p.source ?? "", record: p.record ?? "", quote: p.quote ?? "", date: p.date ?? "", confidence: p.confidence ?? null,
  };
}

export class Canvas {
  constructor(container, { onNode, onEdge, onEdgeEnter, onEdgeLeave }) {
    this.cy = cytoscape({ container, style: STYLE, minZoom: 0.002, maxZoom: 4, wheelSensitivity: 0.3, boxSelectionEnabled: false });
    this.cy.on("tap", "node", (e) => onNode(e.target.id()));
    this.cy.on("tap", "edge", (e) => onEdge?.(e.target.data()));
    this.cy.on("mouseover", "edge", (e) => onEdgeEnter(e.target.data(), e.renderedPosition ?? e.target.renderedMidpoint()));
    this.cy.on("mouseout", "edge", () => onEdgeLeave());
    this.listeners = [];
    // Labels of a large graph follow the view, once a gesture has ended.
    let pending = 0;
    this.cy.on("viewport", () => {
      clearTimeout(pending);
      pending = setTimeout(() => this.labelVisible(), 150);
    });
  }

  /**
   * On a large graph, labels the nodes in view when they are zoomed in enough to be read (at most 600 of them);
   * others lose their label. Small graphs always label every node.
   */
  labelVisible() {
    const cy = this.cy;
    const labelled = cy.nodes(".labelled");
    if (cy.nodes().length <= LARGE || cy.zoom() * LABEL_FONT < MIN_READABLE_FONT) {
      if (labelled.nonempty()) cy.batch(() => labelled.removeClass("labelled"));
      return;
    }
    const view = cy.extent();
    const inView = cy.nodes().filter((n) => {
      const p = n.position();
      return p.x >= view.x1 && p.x <= view.x2 && p.y >= view.y1 && p.y <= view.y2;
    });
    if (inView.length > 600) return;
    cy.batch(() => {
      labelled.difference(inView).removeClass("labelled");
      inView.addClass("labelled");
    });
  }

  /** Called after every change of what is drawn (the table alternative follows it). */
  onChange(listener) {
    this.listeners.push(listener);
  }

  changed() {
    for (const l of this.listeners) l();
  }

  clear() {
    this.cy.elements().remove();
    this.changed();
  }

  /** Many additions as one: styles and renders once (a 3,000-node neighbourhood would otherwise restyle per node). */
  batch(fn) {
    this.cy.startBatch();
    timed("canvas: add elements", fn);
    // The batch's end is where cytoscape computes the styles of everything added.
    timed("canvas: style", () => this.cy.endBatch());
  }

  has(id) {
    // A lookup in cytoscape's id map: getElementById builds a collection per call, 10,000 of them on a large answer.
    return this.cy.hasElementWithId(id);
  }

  addNode(entity, listings, extra = {}) {
    const data = { ...nodeData(entity, listings), ...extra };
    const existing = this.cy.getElementById(entity.id);
    if (existing.nonempty()) {
      // Keep what an earlier answer knew (a listing) unless this one knows more.
      if (!data.listed && existing.data("listed")) return existing;
      existing.data({ ...existing.data(), ...data, center: existing.data("center") || data.center, pinned: existing.data("pinned") });
      return existing;
    }
    return this.cy.add({ group: "nodes", data });
  }

  /**
   * Adds many parties and relationships with one cytoscape call (one index update, one styling pass); parties already
   * drawn are updated as addNode does. entries: { entity, listings, extra }.
   */
  addMany(entries, relationships) {
    const fresh = [];
    const adding = new Set();
    for (const { entity, listings, extra } of entries) {
      if (this.has(entity.id)) this.addNode(entity, listings, extra);
      else if (!adding.has(entity.id)) {
        adding.add(entity.id);
        fresh.push({ group: "nodes", data: { ...nodeData(entity, listings), ...extra } });
      }
    }
    // Styled once, as they will be drawn: a class added after the fact restyles every element again.
    const classes = this.cy.nodes().length + fresh.length > LARGE ? ["large"] : [];
    for (const e of fresh) e.classes = classes;
    const drawn = (id) => adding.has(id) || this.has(id);
    for (const r of relationships) {
      if (this.has(r.id)) this.cy.getElementById(r.id).data(edgeData(r));
      else if (!adding.has(r.id) && drawn(r.from) && drawn(r.to)) {
        adding.add(r.id);
        fresh.push({ group: "edges", data: edgeData(r), classes });
      }
    }
    this.cy.add(fresh);
  }

  addEdge(r) {
    if (!this.has(r.from) || !this.has(r.to)) return null;
    const existing = this.cy.getElementById(r.id);
    if (existing.nonempty()) {
      existing.data(edgeData(r));
      return existing;
    }
    return this.cy.add({ group: "edges", data: edgeData(r) });
  }

  /** Lays out the new (unpinned) nodes; pinned nodes keep their place. */
  layout(name, root) {
    const nodes = this.cy.nodes().length;
    // Large graphs pan and zoom as a bitmap of the last frame, redrawn when the gesture ends.
    const large = nodes > LARGE;
    this.cy.renderer().textureOnViewport = large;
    // Only the elements whose class is wrong are restyled (addMany gives new ones the right class): restyling all of a
    // 3,000-node graph cost as much as adding it.
    timed("canvas: large-graph classes", () => {
      const wrong = this.cy.elements().filter((e) => e.hasClass("large") !== large);
      if (wrong.nonempty()) this.cy.batch(() => wrong.toggleClass("large", large));
    });
    const chosen = name ?? (nodes > 300 ? "disc" : "cose");
    if (chosen === "disc") {
      timed("canvas: layout (disc)", () => this.disc());
      return;
    }
    const options = {
      cose: { name: "cose", animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 80, randomize: true },
      breadthfirst: { name: "breadthfirst", directed: false, roots: root ? [root] : undefined, spacingFactor: 1.2, animate: false },
    }[chosen];
    const layout = this.cy.elements().not("node[?pinned]").union(this.cy.edges()).layout({ ...options, fit: true, padding: 30 });
    // A small answer fitted to the canvas would be drawn huge: cap the zoom.
    layout.one("layoutstop", () => {
      if (this.cy.zoom() > 1.4) {
        this.cy.zoom(1.4);
        this.cy.center();
      }
    });
    timed(`canvas: layout (${chosen})`, () => layout.run());
  }

  /** Resolves when cytoscape has drawn its next frame (the view is on screen, not only computed). */
  drawn() {
    return new Promise((resolve) => this.cy.one("render", () => resolve()));
  }

  /**
   * The sunflower disc: node i at radius spacing·√i and angle i·137.5°, which fills a disc evenly at any count; the
   * centre first, then the listed parties (they land nearest it), then the rest. Pinned nodes stay where they are.
   */
  disc() {
    const spacing = 30;
    const golden = Math.PI * (3 - Math.sqrt(5));
    const rank = (n) => (n.data("center") ? 0 : n.data("listed") ? 1 : 2);
    const free = this.cy.nodes().filter((n) => !n.data("pinned"));
    const order = free.toArray().map((n, i) => ({ n, i, r: rank(n) })).sort((a, b) => a.r - b.r || a.i - b.i);
    const positions = new Map();
    for (let i = 0; i < order.length; i++) {
      const radius = spacing * Math.sqrt(i);
      positions.set(order[i].n.id(), { x: radius * Math.cos(i * golden), y: radius * Math.sin(i * golden) });
    }
    this.cy.batch(() => free.positions((n) => positions.get(n.id())));
    // The view from the disc's own radius: a fit would measure every node and label again.
    const extent = spacing * Math.sqrt(Math.max(order.length, 1)) + 40;
    const width = this.cy.width();
    const height = this.cy.height();
    const zoom = Math.min(4, Math.max(this.cy.minZoom(), Math.min(width, height) / (2 * extent)));
    this.cy.viewport({ zoom, pan: { x: width / 2, y: height / 2 } });
  }

  highlight(nodeIds, edgeIds) {
    this.cy.elements().removeClass("hl dim");
    if (!nodeIds) return;
    const nodes = new Set(nodeIds);
    const edges = new Set(edgeIds);
    this.cy.elements().forEach((e) => {
      const on = e.isNode() ? nodes.has(e.id()) : edges.has(e.id());
      e.addClass(on ? "hl" : "dim");
    });
  }

  pin(id) {
    const n = this.cy.getElementById(id);
    const pinned = !n.data("pinned");
    n.data("pinned", pinned);
    if (pinned) n.lock(); else n.unlock();
    return pinned;
  }

  /** A short animation class on an element (new: fresh, changed, gone). */
  flash(id, cls, ms = 2500) {
    const e = this.cy.getElementById(id);
    e.addClass(cls);
    setTimeout(() => e.removeClass(cls), ms);
  }

  removeAnimated(id) {
    const e = this.cy.getElementById(id);
    if (e.empty()) return false;
    e.addClass("gone");
    e.data("gone", true);
    setTimeout(() => {
      e.remove();
      this.changed();
    }, 1500);
    return true;
  }

  nodes() {
    return this.cy.nodes().map((n) => n.data());
  }

  edges() {
    return this.cy.edges().map((e) => e.data());
  }

  /**
   * The canvas as SVG, drawn from the nodes' positions and the styles cytoscape computed (cytoscape-svg is GPL-3.0,
   * which a bundle served with the server should not carry): shapes, colours, arrows, labels, edge types.
   */
  svg() {
    const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
    const bb = this.cy.elements().nonempty() ? this.cy.elements().boundingBox({ includeLabels: true }) : { x1: 0, y1: 0, w: 0, h: 0 };
    const pad = 20;
    const x = (v) => (v - bb.x1 + pad).toFixed(1);
    const y = (v) => (v - bb.y1 + pad).toFixed(1);
    const out = [];
    this.cy.edges().forEach((e) => {
      const s = e.source().position();
      const t = e.target().position();
      const colour = e.style("line-color");
      const length = Math.hypot(t.x - s.x, t.y - s.y) || 1;
      const ux = (t.x - s.x) / length;
      const uy = (t.y - s.y) / length;
      const r = e.target().width() / 2 + 1;
      const tip = { x: t.x - ux * r, y: t.y - uy * r };
      const base = { x: tip.x - ux * 7, y: tip.y - uy * 7 };
      const dash = e.data("type") === "LISTED_ON" ? ` stroke-dasharray="4 3"` : "";
      out.push(`<g class="edge" data-id="${esc(e.id())}"><line x1="${x(s.x)}" y1="${y(s.y)}" x2="${x(base.x)}" y2="${y(base.y)}" stroke="${colour}" stroke-width="1.5"${dash}/>`
        + `<polygon points="${x(tip.x)},${y(tip.y)} ${x(base.x - uy * 3.5)},${y(base.y + ux * 3.5)} ${x(base.x + uy * 3.5)},${y(base.y - ux * 3.5)}" fill="${colour}"/>`
        + `<text x="${x((s.x + t.x) / 2)}" y="${y((s.y + t.y) / 2)}" font-size="6" fill="#555" text-anchor="middle">${esc(e.data("type"))}</text></g>`);
    });
    this.cy.nodes().forEach((n) => {
      const p = n.position();
      const w = n.width() / 2;
      const fill = n.style("background-color");
      const stroke = Number.parseFloat(n.style("border-width")) > 0 ? ` stroke="${n.style("border-color")}" stroke-width="${Number.parseFloat(n.style("border-width"))}"` : "";
      const shape = n.style("shape") === "diamond"
        ? `<polygon points="${x(p.x)},${y(p.y - w)} ${x(p.x + w)},${y(p.y)} ${x(p.x)},${y(p.y + w)} ${x(p.x - w)},${y(p.y)}" fill="${fill}"${stroke}/>`
        : n.style("shape") === "rectangle"
          ? `<rect x="${x(p.x - w)}" y="${y(p.y - w)}" width="${(2 * w).toFixed(1)}" height="${(2 * w).toFixed(1)}" fill="${fill}"${stroke}/>`
          : `<circle cx="${x(p.x)}" cy="${y(p.y)}" r="${w.toFixed(1)}" fill="${fill}"${stroke}/>`;
      const lines = String(n.data("label") ?? n.id()).split("\n");
      const text = lines.map((l, i) => `<tspan x="${x(p.x)}" dy="${i === 0 ? 0 : 11}">${esc(l)}</tspan>`).join("");
      out.push(`<g class="node" data-id="${esc(n.id())}">${shape}<text x="${x(p.x)}" y="${y(p.y + w + 11)}" font-size="9" text-anchor="middle" fill="#222"${n.data("listed") ? ` font-weight="bold"` : ""}>${text}</text></g>`);
    });
    const width = (bb.w + 2 * pad).toFixed(0);
    const height = (bb.h + 2 * pad).toFixed(0);
    return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`
      + `<rect width="100%" height="100%" fill="#ffffff"/>${out.join("")}</svg>\n`;
  }

  png() {
    return this.cy.png({ output: "blob", full: true, bg: "#ffffff", scale: 2 });
  }
}
