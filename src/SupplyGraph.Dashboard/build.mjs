// Bundles src/main.js (with cytoscape and @microsoft/signalr) into the server's Dashboard/app.js, which is committed
// so that `dotnet run` serves a working page on a machine without node. `--check` builds in memory and fails when the
// committed bundle differs (scripts/test.sh and DashboardBundleTests run it).
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const check = process.argv.includes("--check");
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const target = here("../SupplyGraph.Server/Dashboard/app.js");

const result = await esbuild.build({
  entryPoints: [here("src/main.js")],
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  charset: "utf8",
  legalComments: "eof",
  write: false,
  banner: { js: "// Generated from src/SupplyGraph.Dashboard/src by `npm run build` there (esbuild): edit the sources, not this file." },
});
const bundle = result.outputFiles[0].text;

if (check) {
  const committed = await readFile(target, "utf8").catch(() => "");
  if (committed !== bundle) {
    console.error(`${target} is not current: run \`npm run build\` in src/SupplyGraph.Dashboard and commit it`);
    process.exit(1);
  }
  console.log(`${target} is current (${bundle.length} bytes)`);
} else {
  await writeFile(target, bundle);
  console.log(`wrote ${target} (${bundle.length} bytes)`);
}
