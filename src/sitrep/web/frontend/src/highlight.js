// Highlighted document text. Spans (entities, places, actors, triggers, the selected sentence...)
// may nest or overlap; overlapping spans are split so that the result is a proper tree of
// <span> elements around text nodes. Only text nodes are created from the document: no HTML parsing.

/**
 * spans: [{start, end, classes: [..], title?, eventId?, testid?, priority?}] with character offsets into text.
 * Returns {fragment, byRange} where byRange maps "start:end" to the first element built for that span.
 */
export function highlight(text, spans) {
  const merged = new Map();
  for (const span of spans) {
    const { start, end } = span;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start >= end) continue;
    const key = `${start}:${end}`;
    const have = merged.get(key);
    if (!have) {
      merged.set(key, { ...span, classes: new Set(span.classes), titles: span.title ? [span.title] : [], priority: span.priority ?? 1 });
      continue;
    }
    for (const cls of span.classes) have.classes.add(cls);
    if (span.title && !have.titles.includes(span.title)) have.titles.push(span.title);
    if (span.eventId && (!have.eventId || span.classes.includes("selected"))) have.eventId = span.eventId;
    if (span.testid) have.testid = span.testid;
    have.priority = Math.min(have.priority, span.priority ?? 1);
  }
  const order = (a, b) => a.start - b.start || b.end - a.end || a.priority - b.priority;
  const all = [...merged.values()].map((s) => ({ ...s, key: `${s.start}:${s.end}` })).sort(order);

  const byRange = new Map();
  const fragment = document.createDocumentFragment();

  function element(span) {
    const el = document.createElement("span");
    el.className = [...span.classes].join(" ");
    if (span.titles.length) el.title = span.titles.join(" · ");
    if (span.eventId) el.dataset.eventId = span.eventId;
    if (span.continued) el.classList.add("continued");
    if (!byRange.has(span.key)) {
      byRange.set(span.key, el);
      if (span.testid) el.dataset.testid = span.testid;
    }
    return el;
  }

  function build(parent, spans, from, to) {
    let pos = from;
    let queue = spans;
    while (queue.length) {
      const [span, ...others] = queue;
      if (span.start > pos) parent.append(document.createTextNode(text.slice(pos, span.start)));
      const inner = [];
      const rest = [];
      for (const other of others) {
        if (other.start >= span.end) rest.push(other);
        else if (other.end <= span.end) inner.push(other);
        else { // crosses the end of span: the part inside nests, the rest continues after it
          inner.push({ ...other, end: span.end });
          rest.push({ ...other, start: span.end, continued: true });
        }
      }
      const el = element(span);
      build(el, inner.sort(order), span.start, span.end);
      parent.append(el);
      pos = span.end;
      queue = rest.sort(order);
    }
    if (pos < to) parent.append(document.createTextNode(text.slice(pos, to)));
  }

  build(fragment, all, 0, text.length);
  return { fragment, byRange };
}
