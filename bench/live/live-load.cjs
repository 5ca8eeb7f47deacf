// Load for the live benchmark: N SignalR connections, each subscribed to a 4-hop exposure query.
// Usage: node live-load.cjs HUB_URL TOKEN SOURCES_JSON CONNECTIONS OUT_CSV
// Prints "ready N" once every subscription has its first answer; on stdin close, writes one line per update
// received (connection,subscription,sequence,full,receivedAtMs) to OUT_CSV and prints "done".
const signalR = require("@microsoft/signalr");
const fs = require("node:fs");

const [hubUrl, token, sourcesFile, countText, outFile] = process.argv.slice(2);
const sources = JSON.parse(fs.readFileSync(sourcesFile, "utf8"));
const count = Number(countText);
const rows = [];

async function open(i) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(hubUrl, { accessTokenFactory: () => token, transport: signalR.HttpTransportType.WebSockets })
    .configureLogging(signalR.LogLevel.None)
    .build();
  let first = null;
  const ready = new Promise((resolve) => { first = resolve; });
  connection.on("Update", (u) => {
    rows.push(`${i},${u.subscriptionId},${u.sequence},${u.full ? 1 : 0},${Date.now()}`);
    if (u.full) first();
  });
  await connection.start();
  await connection.invoke("SubscribeExposure", { entities: [sources[i % sources.length]], maxHops: 4, direction: "out" });
  await ready;
  return connection;
}

(async () => {
  const connections = [];
  for (let i = 0; i < count; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 50); j++) batch.push(open(j));
    connections.push(...(await Promise.all(batch)));
  }
  console.log(`ready ${connections.length}`);
  process.stdin.resume();
  process.stdin.on("end", async () => {
    fs.writeFileSync(outFile, rows.join("\n") + "\n");
    await Promise.all(connections.map((c) => c.stop()));
    console.log("done");
    process.exit(0);
  });
})().catch((e) => { console.error(e); process.exit(1); });
