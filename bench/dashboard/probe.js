// The probe's page script (bundled by run.cjs with esbuild, never shipped): draws one neighbourhood answer with the
// dashboard's own cytoscape canvas (src/SupplyGraph.Dashboard/src/canvas.js, so its large-graph settings are the ones
// measured), the same with cytoscape's WebGL renderer ("cytoscape-webgl"), or with sigma.js + graphology given the
// same positions and colours; then pans and zooms it with the gestures of tests/browser/investigator.cjs (large) and
// records the time between frames.
import Graph from "graphology";
import Sigma from "sigma";
import Sigma3 from "sigma3";
import { Canvas, nodeData, edgeData } from "../../src/SupplyGraph.Dashboard/src/canvas.js";

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));

/** Which WebGL the page has (SwiftShader is Chromium's CPU fallback when the GPU is disabled). */
function webgl() {
  const gl = document.createElement("canvas").getContext("webgl2");
  if (!gl) return "none";
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  return info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
}

/** The dashboard's sunflower disc (Canvas.disc), for sigma: centre, listed parties, then the rest. */
function disc(nodes, center) {
  const spacing = 30;
  const golden = Math.PI * (3 - Math.sqrt(5));
  const rank = (n) => (n.entity.id === center ? 0 : n.listings.length ? 1 : 2);
  const order = nodes.map((n, i) => ({ n, i, r: rank(n) })).sort((a, b) => a.r - b.r || a.i - b.i);
  const positions = new Map();
  for (let i = 0; i < order.length; i++) {
    const radius = spacing * Math.sqrt(i);
    // sigma's y axis points up, cytoscape's down: flip it so both draw the same picture.
    positions.set(order[i].n.entity.id, { x: radius * Math.cos(i * golden), y: -radius * Math.sin(i * golden) });
  }
  return positions;
}

/**
 * sigma 4 (the version npm serves) or sigma 3 (its previous major): the same positions and colours as the cytoscape
 * canvas, straight edges without arrows as the large-graph cytoscape draws them, sigma's own label selection.
 */
function sigmaView(answer, container, major, extra = {}) {
  const clicked = [];
  const start = performance.now();
  const positions = disc(answer.nodes, answer.center);
  const graph = new Graph({ multi: true, type: "directed" });
  // sigma 4 sizes radii in graph units by default (itemSizesReference "positions"), as cytoscape's widths (18, 24, 30)
  // are; sigma 3 in pixels at the fitted view, where cytoscape's disc draws them about 3-5 px wide.
  const sizes = major === 4 ? { center: 15, listed: 12, other: 9, edge: 1 } : { center: 4, listed: 2.5, other: 2, edge: 0.5 };
  for (const n of answer.nodes) {
    if (graph.hasNode(n.entity.id)) continue;
    const d = nodeData(n.entity, n.listings);
    const p = positions.get(n.entity.id);
    graph.addNode(d.id, { x: p.x, y: p.y, label: d.label.split("\n")[0], color: d.listed ? "#c0392b" : d.colour, size: n.entity.id === answer.center ? sizes.center : d.listed ? sizes.listed : sizes.other });
  }
  for (const r of answer.relationships) {
    if (graph.hasEdge(r.id) || !graph.hasNode(r.from) || !graph.hasNode(r.to)) continue;
    const d = edgeData(r);
    graph.addEdgeWithKey(d.id, d.source, d.target, { color: d.colour, size: sizes.edge });
  }
  const settings = { minCameraRatio: 0.002, maxCameraRatio: 20, ...extra };
  const sigma = major === 4 ? new Sigma(graph, container, { settings }) : new Sigma3(graph, container, settings);
  window.sigmaInstance = sigma;
  sigma.on("clickNode", ({ node }) => clicked.push(node));
  const built = performance.now();
  const drawn = new Promise((resolve) => sigma.once("afterRender", () => resolve(performance.now())));
  sigma.scheduleRender?.();
  const camera = sigma.getCamera();
  return {
    start, built, drawn, clicked,
    count: () => ({ nodes: graph.order, edges: graph.size }),
    pan(dx, dy) {
      // A drag of (dx, dy) pixels: the view's centre moves to where the point (centre - d) was.
      const { width, height } = sigma.getDimensions();
      const c = sigma.viewportToFramedGraph({ x: width / 2 - dx, y: height / 2 - dy });
      camera.setState({ x: c.x, y: c.y });
    },
    zoom(factor, at) { camera.setState(sigma.getViewportZoomedState(at, camera.ratio / factor)); },
    fit() { camera.setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }); },
    at(id) { return sigma.graphToViewport(graph.getNodeAttributes(id)); },
  };
}

const drawers = {
  cytoscape(answer, container) {
    const clicked = [];
    const canvas = new Canvas(container, { onNode: (id) => clicked.push(id), onEdgeEnter() {}, onEdgeLeave() {} });
    const start = performance.now();
    // cytoscape emits no "render" event from its WebGL renderer: there, the first frame is the animation frame after
    // the one following the layout (cytoscape draws in its own requestAnimationFrame callback).
    const drawn = window.probeCytoscapeWebgl ? null : canvas.drawn().then(() => performance.now());
    canvas.batch(() => canvas.addMany(answer.nodes.map((n) => ({ entity: n.entity, listings: n.listings, extra: n.entity.id === answer.center ? { center: true } : {} })), answer.relationships));
    canvas.layout();
    const built = performance.now();
    return {
      start, built, drawn: drawn ?? frame().then(frame), clicked,
      count: () => ({ nodes: canvas.cy.nodes().length, edges: canvas.cy.edges().length }),
      pan(dx, dy) { canvas.cy.panBy({ x: dx, y: dy }); },
      zoom(factor, at) { canvas.cy.zoom({ level: canvas.cy.zoom() * factor, renderedPosition: at }); },
      fit() { canvas.cy.fit(); },
      at(id) { return canvas.cy.getElementById(id).renderedPosition(); },
    };
  },

  "cytoscape-webgl"(answer, container) {
    window.probeCytoscapeWebgl = true;
    return drawers.cytoscape(answer, container);
  },
  sigma: (answer, container) => sigmaView(answer, container, 4),
  sigma3: (answer, container) => sigmaView(answer, container, 3),
  // sigma 3 with what it offers for moving views: edges and labels left out while the camera moves.
  "sigma3-hide": (answer, container) => sigmaView(answer, container, 3, { hideEdgesOnMove: true, hideLabelsOnMove: true }),
};

/** Draws the answer with one library; resolves with the times (ms) from the data in the page to the first frame. */
window.probe = async function probe(library, answer) {
  const container = document.getElementById("graph");
  const view = drawers[library](answer, container);
  const rendered = await view.drawn;
  const painted = await frame();
  window.view = view;
  return { library, webgl: webgl(), ...view.count(), buildMs: view.built - view.start, renderedMs: rendered - view.start, paintedMs: painted - view.start };
};

/** investigator.cjs's gestures: 120 frames of ±6 px pans and 1 % zoom steps around (400, 300); the gaps between frames. */
window.gestures = () => new Promise((done) => {
  const view = window.view;
  const times = [];
  let last = performance.now();
  let i = 0;
  const step = (now) => {
    times.push(now - last);
    last = now;
    view.pan(i % 40 < 20 ? 6 : -6, 3 * Math.sin(i / 8));
    view.zoom(i % 60 < 30 ? 1.01 : 0.99, { x: 400, y: 300 });
    if (++i < 120) requestAnimationFrame(step); else done(times.slice(1));
  };
  requestAnimationFrame(step);
});

/** The gaps between animation frames from now until stopFrames() (the gestures come from outside: real mouse events). */
window.recordFrames = () => {
  const times = [];
  let last = performance.now();
  let on = true;
  const step = (now) => {
    times.push(now - last);
    last = now;
    if (on) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
  window.stopFrames = () => {
    on = false;
    return times.slice(1);
  };
};
