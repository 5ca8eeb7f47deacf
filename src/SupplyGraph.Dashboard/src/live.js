// The live connection through @microsoft/signalr: standing subscriptions, the change-log stream, and a connection
// state told as it is ("connecting", "live", "reconnecting", "live — resumed at #N", "not connected: why").
import { HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { key } from "./api.js";

export class Live {
  /**
   * @param {(state: string, text: string) => void} onStatus connection state for the badge
   * @param {(update: object) => void} onUpdate a subscription's update (full answer or diff)
   * @param {(entry: object) => void} onChange a change-log entry, oldest first
   */
  constructor(onStatus, onUpdate, onChange) {
    this.onStatus = onStatus;
    this.onUpdate = onUpdate;
    this.onChange = onChange;
    this.subscriptions = new Set();
    this.sequences = new Map(); // subscriptionId -> last sequence seen (updates may arrive before the subscribe call returns)
    this.lastChange = 0;
    this.connection = null;
    this.stream = null;
  }

  /**
   * Connects with the current key and follows the change log from `since`. A connection already made (or being made)
   * with that key is kept: a second boot for the same key (the page's first one ending after the key was entered)
   * must not restart it and cancel the hub calls in flight on it.
   */
  async start(since) {
    if (this.keeps(key())) return this.starting;
    await this.stop();
    if (this.keeps(key())) return this.starting;
    this.lastChange = since;
    const connection = new HubConnectionBuilder()
      // The key the connection actually presents: the page's first boot may start before a key is typed and send it.
      .withUrl("/hubs/exposure", {
        accessTokenFactory: () => {
          const k = key();
          if (this.connection === connection) this.connectedWith = k;
          return k;
        },
      })
      // Never give up: 0.5 s, 1 s, 2 s … at most 10 s between attempts; each attempt shows as "reconnecting".
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => Math.min(10000, 500 * 2 ** c.previousRetryCount) })
      .configureLogging(LogLevel.None)
      .build();
    connection.on("Update", (update) => {
      this.sequences.set(update.subscriptionId, update.sequence);
      this.onUpdate(update);
    });
    connection.onreconnecting(() => this.onStatus("reconnecting", "reconnecting…"));
    connection.onreconnected(() => this.resume());
    connection.onclose((e) => this.onStatus("offline", e ? `not connected: ${e.message}` : "not connected"));
    this.connection = connection;
    this.connectedWith = key();
    this.starting = this.open(connection);
    return this.starting;
  }

  keeps(wanted) {
    return this.connection !== null && this.connectedWith === wanted && this.connection.state !== HubConnectionState.Disconnected;
  }

  async open(connection) {
    this.onStatus("connecting", "connecting…");
    try {
      await connection.start();
    } catch (e) {
      // A later start (another key) may have replaced this connection meanwhile: its state is not this one's to report.
      if (this.connection !== connection) throw e;
      this.connection = null;
      this.onStatus("offline", /401|403|Unauthorized/.test(e.message) ? "not connected: the API key was refused" : `not connected: ${e.message}`);
      throw e;
    }
    if (this.connection !== connection) {
      await connection.stop().catch(() => {});
      return;
    }
    this.follow();
    this.onStatus("live", "live");
  }

  async stop() {
    const c = this.connection;
    this.connection = null;
    this.stream?.dispose();
    this.subscriptions.clear();
    this.sequences.clear();
    if (c) await c.stop().catch(() => {});
  }

  get connected() {
    return this.connection?.state === HubConnectionState.Connected;
  }

  follow() {
    this.stream = this.connection.stream("Changes", this.lastChange).subscribe({
      next: (entry) => {
        this.lastChange = entry.sequence;
        this.onChange(entry);
      },
      error: () => {},
      complete: () => {},
    });
  }

  /** After a drop: each subscription asks for exactly what it missed (or gets a full refresh); the log resumes too. */
  async resume() {
    const resumedAt = this.lastChange;
    this.follow();
    for (const id of this.subscriptions) await this.connection.invoke("Resume", id, this.sequences.get(id) ?? 0);
    this.onStatus("live", `live — resumed at #${resumedAt}`);
  }

  async subscribe(method, ...args) {
    const result = await this.connection.invoke(method, ...args);
    this.subscriptions.add(result.subscriptionId);
    return result.subscriptionId;
  }

  async unsubscribe(id) {
    if (!id || !this.subscriptions.delete(id)) return;
    if (this.connected) await this.connection.invoke("Unsubscribe", id).catch(() => {});
  }
}
