// The determination memo: a standalone, printable page stating the question, the rule, the as-of date, the verdict,
// the chain with every quote and source, and the data version (change sequence) the answer was computed on.

const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

function evidence(step) {
  const source = [step.source, step.file && step.file !== step.source && `file ${step.file}`, step.record && `record ${step.record}`, step.date && `dated ${step.date}`, step.confidence != null && `confidence ${step.confidence}`].filter(Boolean).join(" · ");
  return `<li><strong>${esc(step.from)}</strong> —${esc(step.type)}${step.share ? ` (${esc(step.share)})` : ""}→ <strong>${esc(step.to)}</strong>
    <div class="source">source: ${esc(source || "not given")}</div>
    ${step.quote ? `<blockquote>“${esc(step.quote)}”</blockquote>` : `<div class="source">no quote in the source record</div>`}</li>`;
}

/** @param {object} answer the dashboard's current answer (kind, question, rule, asOf, verdict, chain, sequence …) */
export function memoHtml(answer) {
  const rule = answer.rule
    ? `<tr><th>Rule</th><td>${esc(answer.rule.name)} (${esc(answer.rule.id)})<br><small>${esc(answer.rule.citation)}; threshold ${answer.rule.threshold * 100} %; ${answer.ruleInForce ? "in force" : "not in force"} on ${esc(answer.asOf)}</small></td></tr>`
    : "";
  const listings = (answer.listings ?? []).map((l) => `<li>${esc(l)}</li>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Determination memo — ${esc(answer.title)}</title>
<style>body{font-family:Georgia,serif;max-width:46rem;margin:2rem auto;color:#111}th{text-align:left;vertical-align:top;padding-right:1rem}
td,th{padding:.3rem 0;border-bottom:1px solid #ddd}table{border-collapse:collapse;width:100%}blockquote{margin:.2rem 0 .6rem 1rem;font-style:italic}
.source{font-size:.85rem;color:#444}li{margin:.4rem 0}</style></head>
<body>
<h1>Determination memo</h1>
<table>
<tr><th>Question</th><td class="question">${esc(answer.question)}</td></tr>
${rule}
<tr><th>As of</th><td class="as-of">${esc(answer.asOf)}</td></tr>
<tr><th>Verdict</th><td class="verdict"><strong>${esc(answer.verdict)}</strong>${answer.explanation ? `<br>${esc(answer.explanation)}` : ""}</td></tr>
${answer.hypothesis ? `<tr><th>Hypothesis</th><td class="hypothesis">${esc(answer.hypothesis)} (evaluated, not committed)</td></tr>` : ""}
<tr><th>Data version</th><td class="sequence">computed on the store at change #${esc(answer.sequence)} (${esc(answer.store ?? "")})</td></tr>
<tr><th>Produced</th><td>${esc(new Date().toISOString())} by the SupplyGraph dashboard</td></tr>
</table>
${(answer.evaluations ?? []).length > 1 ? `<h2>The same question on other dates</h2><table class="evaluations"><tr><th>as of</th><th>verdict</th><th>why</th><th>change #</th></tr>${answer.evaluations.map((e) => `<tr><td>${esc(e.asOf)}</td><td>${esc(e.verdict)}</td><td>${esc(e.explanation)}</td><td>${esc(e.sequence)}</td></tr>`).join("")}</table>` : ""}
${listings ? `<h2>Listings relied on</h2><ul class="listings">${listings}</ul>` : ""}
<h2>Chain and evidence</h2>
${answer.chain.length ? `<ol class="chain">${answer.chain.map(evidence).join("")}</ol>` : "<p>No chain: nothing connects the parties under the question's filters.</p>"}
<p class="source">Reproduce: ${esc(answer.url)}</p>
</body></html>`;
}
