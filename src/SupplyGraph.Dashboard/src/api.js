// REST calls with the user's key; errors carry the problem's detail and field.
import { $ } from "./dom.js";

export function key() {
  return $("key").value.trim();
}

export class ApiError extends Error {
  constructor(message, field, status, body) {
    super(message);
    this.field = field;
    this.status = status;
    this.body = body;
  }
}

export async function api(path, { method = "GET", body } = {}) {
  const headers = key() ? { "X-Api-Key": key() } : {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) {
    const field = json?.field ?? json?.errors?.[0]?.field;
    const text = json?.detail || json?.title || `${response.status} ${response.statusText}`;
    throw new ApiError(field ? `${text} (field: ${field})` : text, field, response.status, json);
  }
  return json;
}

/** Turns what a user typed (an id, a name, an alias) into an entity, the best match first. */
export async function resolve(text) {
  const matches = await api(`/api/entities?q=${encodeURIComponent(text)}&limit=1`);
  if (matches.length === 0) throw new ApiError(`no party matches '${text}'`, "entity", 404);
  return matches[0].entity;
}
