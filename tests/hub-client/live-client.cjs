// A SignalR client for the server tests: reads commands as JSON lines on stdin, writes events as JSON lines on stdout.
//   {"cmd":"connect","url":"http://127.0.0.1:PORT/hubs/exposure","token":"KEY"}   -> {"event":"connected"} | {"event":"error",...}
//   {"cmd":"invoke","id":"x","method":"SubscribeExposure","args":[...]}           -> {"event":"result","id":"x","result":...}
//   {"cmd":"drop"}                                                                 -> {"event":"dropped"}
//   {"cmd":"exit"}
// Every pushed update is written as {"event":"update","update":{...}}.
const signalR = require("@microsoft/signalr");
const { createInterface } = require("node:readline");

let connection = null;
const emit = (event) => process.stdout.write(JSON.stringify(event) + "\n");

async function handle(command) {
  switch (command.cmd) {
    case "connect":
      connection = new signalR.HubConnectionBuilder()
        .withUrl(command.url, { accessTokenFactory: () => command.token, transport: signalR.HttpTransportType.WebSockets })
        .configureLogging(signalR.LogLevel.None)
        .build();
      connection.on("Update", (update) => emit({ event: "update", update }));
      try {
        await connection.start();
        emit({ event: "connected" });
      } catch (e) {
        emit({ event: "error", id: "connect", message: String(e && e.message || e) });
      }
      break;
    case "invoke":
      try {
        emit({ event: "result", id: command.id, result: await connection.invoke(command.method, ...(command.args || [])) });
      } catch (e) {
        emit({ event: "error", id: command.id, message: String(e && e.message || e) });
      }
      break;
    case "drop":
      await connection.stop();
      emit({ event: "dropped" });
      break;
    case "exit":
      if (connection) await connection.stop();
      process.exit(0);
  }
}

const lines = createInterface({ input: process.stdin });
let chain = Promise.resolve();
lines.on("line", (line) => { chain = chain.then(() => handle(JSON.parse(line))); });
lines.on("close", () => chain.then(() => process.exit(0)));
