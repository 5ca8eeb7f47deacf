// Watch an entity's exposure live: prints the first answer, then each change the server pushes.
// Usage: NODE_PATH=tests/hub-client/node_modules node scripts/watch-exposure.cjs ENTITY [HOPS] [URL] [KEY]
const signalR = require("@microsoft/signalr");

const [entity, hops = "4", url = "http://127.0.0.1:5080", key] = process.argv.slice(2);
if (!entity) {
  console.error("usage: node scripts/watch-exposure.cjs ENTITY [HOPS] [URL] [KEY]");
  process.exit(2);
}

const connection = new signalR.HubConnectionBuilder()
  .withUrl(url + "/hubs/exposure", key ? { accessTokenFactory: () => key } : {})
  .configureLogging(signalR.LogLevel.Warning)
  .build();

connection.on("Update", (u) => {
  const e = u.exposure;
  if (u.full) {
    console.log(`#${u.sequence} ${e.hits.length} listed part${e.hits.length === 1 ? "y" : "ies"} within ${hops} hops, score ${e.score.toFixed(3)}`);
    for (const h of e.hits) console.log(`  ${h.party.id} (${h.hops} hop${h.hops === 1 ? "" : "s"})`);
  } else {
    for (const h of e.hits) console.log(`#${u.sequence} + ${h.party.id} (${h.hops} hop${h.hops === 1 ? "" : "s"}) via ${h.path.hops.map((x) => x.relationship.type).join(" → ")}`);
    for (const id of e.removed) console.log(`#${u.sequence} - ${id}`);
    console.log(`#${u.sequence} score ${e.scoreBefore.toFixed(3)} → ${e.score.toFixed(3)}`);
  }
});

connection.start()
  .then(() => connection.invoke("SubscribeExposure", { entities: [entity], maxHops: Number(hops) }))
  .then((r) => console.log(`watching ${entity} (subscription ${r.subscriptionId}); Ctrl+C to stop`))
  .catch((e) => { console.error(String(e)); process.exit(1); });
