// Small DOM helpers shared by the views.

export const $ = (id) => document.getElementById(id);

/** An element with attributes (class, data-*, aria-*, on*) and children (nodes or text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function showError(message) {
  $("error").textContent = message || "";
  $("error").hidden = !message;
}

export function percent(x) {
  return `${(x * 100).toFixed(2).replace(/\.?0+$/, "")} %`;
}

export function today() {
  return new Date().toISOString().slice(0, 10);
}

/** A table with a header row and one row per item; each row gets data-* attributes from rowData. */
export function table(caption, headers, rows, rowData = () => ({})) {
  return el("table", {},
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((cells, i) => el("tr", rowData(i), cells.map((c) => el("td", {}, c))))));
}

/** Saves text (or a blob) as a file through the browser's download. */
export function download(name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
