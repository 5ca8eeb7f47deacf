// Evidence you can read: the sources the API serves (GET /api/documents) named by title instead of a file name, and a
// provenance opened where it stands — the document, or the dataset record — with its quote highlighted.
import { $, el, showError } from "./dom.js";
import { api } from "./api.js";

let catalog = new Map();

/** Reads the catalog once per boot; without it (an older server, no key) evidence names its raw source. */
export async function loadSources() {
  const list = await api("/api/documents").catch(() => []);
  catalog = new Map(list.map((s) => [s.id, s]));
}

/** The catalogued source a provenance names: its id, or its id followed by " (…)" (a list entry's source). */
export function sourceOf(p) {
  const s = p?.source ?? "";
  return catalog.get(s) ?? catalog.get(s.split(" (")[0]) ?? null;
}

/** The title to show for a provenance's source (the raw source when the server does not serve it). */
export function sourceTitle(p) {
  return sourceOf(p)?.title ?? p?.source ?? "";
}

/** A button that opens the provenance's source with its quote highlighted; null when the source is not served. */
export function readButton(p) {
  const s = sourceOf(p);
  if (!s) return null;
  // The accessible name starts with the visible text, so that a user who speaks the button's text finds it (WCAG 2.5.3).
  const text = s.kind === "dataset" ? "open record" : "read";
  return el("button", { type: "button", class: "read", "aria-label": `${text} “${p.quote || s.title}” in ${s.title}`, onclick: () => openSource(p).catch((e) => showError(e.message)) }, text);
}

/** Opens the document (or the dataset record) in the viewer, the quote marked and scrolled to. */
export async function openSource(p) {
  const s = sourceOf(p);
  if (!s) return;
  const q = new URLSearchParams();
  if (s.kind === "dataset" && p.record) q.set("record", p.record);
  if (p.quote) q.set("quote", p.quote);
  const doc = await api(`/api/documents/${encodeURIComponent(s.id)}?${q}`);
  const pieces = [];
  let at = 0;
  for (const h of doc.highlights) {
    pieces.push(doc.text.slice(at, h.start), el("mark", {}, doc.text.slice(h.start, h.start + h.length)));
    at = h.start + h.length;
  }
  pieces.push(doc.text.slice(at));
  $("source-title").textContent = s.title;
  $("source-meta").textContent = [s.kind === "dataset" ? `dataset record ${doc.record}` : "document", s.publisher, s.author ? `by ${s.author}` : null,
    `title: ${s.titleFrom}`, `file ${s.id}`].filter(Boolean).join(" · ");
  $("source-quote").textContent = !p.quote ? "This fact cites no quote."
    : doc.highlights.length ? `The quote is marked${doc.highlights.length > 1 ? ` (${doc.highlights.length} places)` : ""}.`
      : `The quote “${p.quote}” was not found in ${doc.truncated ? "the part served" : "the text"}.`;
  $("source-text").replaceChildren(...pieces);
  const viewer = $("source-viewer");
  if (!viewer.open) viewer.showModal();
  viewer.querySelector("mark")?.scrollIntoView({ block: "center" });
}
