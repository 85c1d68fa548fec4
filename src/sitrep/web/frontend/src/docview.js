// Document view: an event's fields, each linked to its evidence span in the highlighted document text.
import { getJSON, idPath } from "./api.js";
import { actorLabel, categoryClass, clear, dateRange, h, label } from "./dom.js";
import { highlight } from "./highlight.js";

const slug = (value) => String(value).toLowerCase().replace(/[^a-z0-9]+/g, "-");

export function createDocView(root, { onError }) {
  const $ = (id) => root.querySelector(`#${id}`);
  const titleEl = $("doc-title");
  const metaEl = $("doc-meta");
  const fieldsEl = $("doc-event");
  const textEl = $("doc-text");
  const evidenceEl = $("doc-evidence");
  const incidentEl = $("doc-incident");
  const documents = new Map();
  let seq = 0;
  let incident = null;

  $("doc-close").addEventListener("click", close);
  document.addEventListener("keydown", (event) => { if (event.key === "Escape" && !root.hidden) close(); });
  textEl.addEventListener("click", (event) => {
    const trigger = event.target.closest(".trigger[data-event-id]");
    if (trigger && !trigger.classList.contains("selected")) openEvent(trigger.dataset.eventId, { keepIncident: true });
  });

  function close() {
    root.hidden = true;
    root.dataset.state = "closed";
    seq++;
  }

  function flash(el) {
    if (!el) return;
    el.scrollIntoView({ block: "center", behavior: "smooth" });
    el.classList.remove("flash");
    void el.offsetWidth; // restart the animation
    el.classList.add("flash");
    setTimeout(() => el.classList.remove("flash"), 1800);
  }

  async function documentFor(hash) {
    if (!documents.has(hash)) documents.set(hash, getJSON(`/api/documents/${idPath(hash)}`));
    try {
      return await documents.get(hash);
    } catch (error) {
      documents.delete(hash);
      throw error;
    }
  }

  async function openIncident(id) {
    const mine = ++seq;
    showLoading();
    try {
      const data = await getJSON(`/api/incidents/${idPath(id)}`);
      if (mine !== seq) return;
      incident = data;
      if (!data.events || !data.events.length) throw new Error(`incident ${id} has no events`);
      await showEvent(data.events[0], mine);
    } catch (error) {
      fail(error, mine);
    }
  }

  async function openEvent(id, { keepIncident = false } = {}) {
    const mine = ++seq;
    if (!keepIncident) incident = null;
    showLoading();
    try {
      const event = await getJSON(`/api/events/${idPath(id)}`);
      if (mine !== seq) return;
      await showEvent(event, mine);
    } catch (error) {
      fail(error, mine);
    }
  }

  function showLoading() {
    root.hidden = false;
    root.dataset.state = "loading";
  }

  function fail(error, mine) {
    if (mine !== seq) return;
    root.dataset.state = "error";
    clear(fieldsEl);
    clear(textEl).append(h("p", { class: "error" }, error.message));
    onError(error);
  }

  async function showEvent(event, mine, chosen = null) {
    const evidence = event.evidence || [];
    const ev = chosen || evidence.find((e) => e.document_hash === event.document_hash) || evidence[0] || null;
    const hash = ev ? ev.document_hash : event.document_hash;
    const doc = await documentFor(hash);
    if (mine !== seq) return;
    renderIncident(event);
    renderEvidenceChoice(event, ev);
    const targets = renderText(event, ev, doc);
    renderMeta(doc);
    renderFields(event, targets);
    root.dataset.state = "ready";
    root.dataset.eventId = event.id;
    root.scrollTop = 0;
    requestAnimationFrame(() => flash(targets.trigger));
  }

  function renderMeta(doc) {
    titleEl.textContent = doc.title || doc.id || doc.hash;
    clear(metaEl);
    const parts = [doc.source, doc.published, doc.id ? `id ${doc.id}` : null].filter(Boolean);
    metaEl.append(parts.join(" · "));
    if (typeof doc.url === "string" && /^https?:\/\//i.test(doc.url)) {
      metaEl.append(" · ", h("a", { href: doc.url, target: "_blank", rel: "noopener noreferrer nofollow" }, "original"));
    }
  }

  function renderIncident(event) {
    clear(incidentEl);
    if (!incident) { incidentEl.hidden = true; return; }
    incidentEl.hidden = false;
    const events = Array.isArray(incident.events) ? incident.events : [];
    incidentEl.append(h("div", { class: "incident-head" },
      `Incident: ${label(incident.type)} · ${dateRange(incident.time_start, incident.time_end)} · `
      + `${events.length} report${events.length === 1 ? "" : "s"}`));
    incidentEl.append(h("div", { class: "chips" }, events.map((e) => h("button", {
      type: "button", class: e.id === event.id ? "chip active" : "chip",
      onclick: () => { const mine = ++seq; showEvent(e, mine).catch((error) => fail(error, mine)); },
    }, `${e.time_start || "?"} · ${label(e.type)} · ${e.source || "unknown source"}`))));
  }

  function renderEvidenceChoice(event, chosen) {
    clear(evidenceEl);
    const evidence = event.evidence || [];
    const hashes = [...new Set(evidence.map((e) => e.document_hash))];
    if (hashes.length < 2) { evidenceEl.hidden = true; return; }
    evidenceEl.hidden = false;
    evidenceEl.append(`Evidence in ${hashes.length} documents: `);
    for (const hash of hashes) {
      const e = evidence.find((x) => x.document_hash === hash);
      evidenceEl.append(h("button", {
        type: "button", class: chosen && chosen.document_hash === hash ? "chip active" : "chip",
        onclick: () => { const next = ++seq; showEvent(event, next, e).catch((error) => fail(error, next)); },
      }, [e.source, e.published].filter(Boolean).join(" · ") || hash.slice(0, 8)));
    }
  }

  function renderText(event, ev, doc) {
    const text = typeof doc.text === "string" ? doc.text : "";
    const report = doc.report && typeof doc.report === "object" ? doc.report : {};
    const hash = doc.hash;
    const spans = [];
    const reportEvent = (report.events || []).find((e) => `${hash}:${e.id}` === event.id) || null;
    const trigger = ev ? { start: ev.trigger_start, end: ev.trigger_end } : reportEvent?.trigger;
    const sentence = ev ? { start: ev.sentence_start, end: ev.sentence_end, text: ev.sentence_text } : reportEvent?.sentence;

    if (sentence) spans.push({ start: sentence.start, end: sentence.end, classes: ["sentence", "selected-sentence"], priority: 0 });
    for (const ent of report.entities || []) {
      spans.push({ start: ent.start, end: ent.end, classes: ["ent", `ent-${slug(ent.label)}`], title: `${ent.label}${ent.ref ? ` · ${ent.ref}` : ""}` });
    }
    for (const place of report.places || []) {
      for (const m of place.mentions || []) spans.push({ start: m.start, end: m.end, classes: ["place"], title: `place: ${place.name}` });
    }
    for (const actor of report.actors || []) {
      for (const m of actor.mentions || []) spans.push({ start: m.start, end: m.end, classes: ["actor"], title: `actor: ${actor.name}` });
    }
    for (const e of report.events || []) {
      if (!e.trigger) continue;
      const key = `${hash}:${e.id}`;
      if (key === event.id) continue;
      spans.push({ start: e.trigger.start, end: e.trigger.end, classes: ["trigger", `cat-${categoryClass(e.category)}`], title: `event: ${label(e.type)} (click to open)`, eventId: key, priority: 2 });
    }
    if (trigger) {
      spans.push({ start: trigger.start, end: trigger.end, classes: ["trigger", "selected", `cat-${categoryClass(event.category)}`], title: `trigger: ${label(event.type)}`, eventId: event.id, testid: "selected-trigger", priority: 2 });
    }
    const sameDoc = event.document_hash === hash;
    if (sameDoc && Number.isInteger(event.attribution_start) && Number.isInteger(event.attribution_end)) {
      spans.push({ start: event.attribution_start, end: event.attribution_end, classes: ["attribution"], title: "attribution" });
    }
    let time = null;
    if (event.time_text && sentence && typeof sentence.text === "string") {
      const at = sentence.text.indexOf(event.time_text);
      if (at >= 0) {
        time = { start: sentence.start + at, end: sentence.start + at + event.time_text.length };
        spans.push({ ...time, classes: ["time"], title: "time" });
      }
    }

    const { fragment, byRange } = highlight(text, spans);
    clear(textEl).append(fragment);

    const at = (span) => (span ? byRange.get(`${span.start}:${span.end}`) : undefined);
    const inSentence = (m) => sentence && m.start >= sentence.start && m.end <= sentence.end;
    const mention = (list, id) => {
      const item = (list || []).find((x) => x.id === id);
      if (!item || !item.mentions || !item.mentions.length) return undefined;
      return at(item.mentions.find(inSentence) || item.mentions[0]);
    };
    return {
      trigger: at(trigger),
      sentence: at(sentence),
      actor1: event.actor1 ? mention(report.actors, event.actor1) : undefined,
      actor2: event.actor2 ? mention(report.actors, event.actor2) : undefined,
      place: event.place_id ? mention(report.places, event.place_id) : undefined,
      time: at(time) || at(sentence),
      attribution: sameDoc ? at({ start: event.attribution_start, end: event.attribution_end }) : undefined,
    };
  }

  function renderFields(event, targets) {
    clear(fieldsEl);
    const field = (name, value, target, testid) => {
      if (value === null || value === undefined || value === "") return;
      fieldsEl.append(h("dt", {}, name));
      fieldsEl.append(h("dd", {}, target
        ? h("button", { type: "button", class: "evidence-link", "data-testid": `field-${testid}`, title: "show the evidence", onclick: () => flash(target) }, String(value))
        : h("span", { "data-testid": `field-${testid}` }, String(value))));
    };
    field("Type", `${label(event.type)} (${label(event.category)})`, targets.trigger, "type");
    field("Actor 1", actorLabel(event.actor1_name, event.actor1), targets.actor1 || targets.sentence, "actor1");
    field("Actor 2", actorLabel(event.actor2_name, event.actor2), targets.actor2 || targets.sentence, "actor2");
    field("Place", [event.place_name, event.country_code].filter(Boolean).join(", ") + (event.location_precision ? ` (${label(event.location_precision)})` : ""), targets.place || targets.sentence, "place");
    field("Time", [dateRange(event.time_start, event.time_end), event.time_text ? `“${event.time_text}”` : ""].filter(Boolean).join(" "), targets.time, "time");
    field("Modality", event.modality, targets.attribution || targets.sentence, "modality");
    field("Attribution", event.attribution_text, targets.attribution || targets.sentence, "attribution");
    field("Fatalities", event.fatalities, targets.sentence, "fatalities");
    field("Confidence", typeof event.confidence === "number" ? event.confidence.toFixed(2) : null, null, "confidence");
  }

  return { openEvent, openIncident, close };
}
