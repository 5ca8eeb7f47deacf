// The probe's stand-in for "cytoscape" (run.cjs aliases it; the dashboard is not changed): the dashboard's own cytoscape,
// with cytoscape's WebGL renderer (3.31+) switched on when the probe draws "cytoscape-webgl".
import real from "../../src/SupplyGraph.Dashboard/node_modules/cytoscape/dist/cytoscape.esm.mjs";

export default function cytoscape(options) {
  return real(window.probeCytoscapeWebgl ? { ...options, renderer: { name: "canvas", webgl: true } } : options);
}
