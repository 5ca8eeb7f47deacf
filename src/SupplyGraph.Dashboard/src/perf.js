// The phases of drawing a view, as User Timing measures (performance.getEntriesByType("measure")): the browser test
// reads them to break a large neighbourhood's time to drawn down (fetch, add, style, layout, tables, first frame).
// A measure is a timestamp pair; nothing is kept beyond the browser's own timeline.

/** Runs fn and records its duration as the measure `name`. */
export function timed(name, fn) {
  const start = performance.now();
  try {
    return fn();
  } finally {
    performance.measure(name, { start, end: performance.now() });
  }
}

/** As timed, for a promise. */
export async function timedAsync(name, fn) {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    performance.measure(name, { start, end: performance.now() });
  }
}

/** Marks a point of the page's life (script start, view drawn). */
export function mark(name) {
  performance.mark(name);
}
