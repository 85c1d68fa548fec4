// sitrep dashboard: filters -> /api/events + /api/stats -> map, timeline, actor network, table;
// rows and map popups open the document view.
import "leaflet/dist/leaflet.css";
import "leaflet.markercluster/dist/MarkerCluster.css";
import "./app.css";

import { filterParams, getJSON } from "./api.js";
import { createDocView } from "./docview.js";
import { label } from "./dom.js";
import { createMap } from "./map.js";
import { createNetwork } from "./network.js";
import { createTable } from "./table.js";
import { createTimeline } from "./timeline.js";

const SELECTS = ["type", "category", "actor", "country", "modality", "source"];
const byId = (id) => document.getElementById(id);

const state = {
  filters: { type: "", category: "", actor: "", country: "", modality: "", source: "", from: "", to: "" },
  mode: "events",
  seq: 0,
};

const statusEl = byId("status");
function setStatus(message, kind = "") {
  statusEl.textContent = message;
  statusEl.className = kind;
}
function showError(error) {
  setStatus(error.message || String(error), "error");
}

const docView = createDocView(byId("doc-view"), { onError: showError });
const map = createMap(byId("map"), { onOpenEvent: (id) => docView.openEvent(id), onOpenIncident: (id) => docView.openIncident(id) });
const table = createTable(byId("table"), byId("table-count"), { onOpenEvent: (id) => docView.openEvent(id) });
const network = createNetwork(byId("network"), {
  onActor: (id) => {
    setFilter("actor", state.filters.actor === id ? "" : id);
  },
});
const timeline = createTimeline(byId("timeline"), {
  onRange: (range) => {
    state.filters.from = range ? range.from : "";
    state.filters.to = range ? range.to : "";
    refresh();
  },
});

function setFilter(key, value) {
  state.filters[key] = value;
  const select = byId(`filter-${key}`);
  if (select) {
    if (value && ![...select.options].some((o) => o.value === value)) select.append(new Option(value, value));
    select.value = value;
  }
  refresh();
}

function fillSelect(key, values) {
  const select = byId(`filter-${key}`);
  const keep = select.value;
  while (select.options.length > 1) select.remove(1);
  for (const value of values) {
    const [val, text] = typeof value === "object" && value !== null ? [value.id, value.name || value.id] : [value, value];
    if (val === null || val === undefined || val === "") continue;
    select.append(new Option(key === "type" || key === "category" ? label(text) : String(text), String(val)));
  }
  select.value = keep;
}

async function loadFilters() {
  const f = await getJSON("/api/filters");
  fillSelect("type", f.types || []);
  fillSelect("category", f.categories || []);
  fillSelect("actor", f.actors || []);
  fillSelect("country", f.countries || []);
  fillSelect("modality", f.modalities || []);
  fillSelect("source", f.sources || []);
}

let lastTimeline = null;
async function refresh() {
  const mine = ++state.seq;
  document.body.dataset.state = "loading";
  setStatus("loading…");
  const params = filterParams(state.filters);
  const dated = Boolean(state.filters.from || state.filters.to);
  const undated = filterParams({ ...state.filters, from: "", to: "" });
  try {
    const [events, stats, timelineStats, incidents] = await Promise.all([
      getJSON("/api/events", filterParams(state.filters, { limit: 1000 })),
      getJSON("/api/stats", params),
      dated ? getJSON("/api/stats", undated) : null,
      state.mode === "incidents" ? getJSON("/api/incidents", filterParams(state.filters, { limit: 1000 })) : null,
    ]);
    if (mine !== state.seq) return;
    table.render(events);
    map.render(state.mode === "incidents" ? incidents.items : events.items, state.mode === "incidents" ? "incident" : "event");
    lastTimeline = (timelineStats || stats).by_month || [];
    renderTimeline();
    network.render(stats.by_actor_pair || [], state.filters.actor);
    const shown = state.mode === "incidents" ? `${incidents.total} incidents · ` : "";
    byId("summary").textContent = `${shown}${stats.total} event${stats.total === 1 ? "" : "s"}`;
    setStatus("");
    document.body.dataset.state = "ready";
  } catch (error) {
    if (mine !== state.seq) return;
    document.body.dataset.state = "error";
    showError(error);
  }
}

function renderTimeline() {
  const { from, to } = state.filters;
  timeline.render(lastTimeline, from || to ? { from, to } : null);
  byId("timeline-range").textContent = from || to ? `${from || "…"} – ${to || "…"}` : "";
  byId("timeline-clear").hidden = !(from || to);
}

for (const key of SELECTS) {
  byId(`filter-${key}`).addEventListener("change", (event) => {
    state.filters[key] = event.target.value;
    refresh();
  });
}
byId("filter-reset").addEventListener("click", () => {
  for (const key of Object.keys(state.filters)) state.filters[key] = "";
  for (const key of SELECTS) byId(`filter-${key}`).value = "";
  refresh();
});
byId("timeline-clear").addEventListener("click", () => {
  state.filters.from = "";
  state.filters.to = "";
  refresh();
});
for (const input of document.querySelectorAll('input[name="map-mode"]')) {
  input.addEventListener("change", () => {
    state.mode = input.value === "incidents" ? "incidents" : "events";
    refresh();
  });
}
let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (lastTimeline) renderTimeline();
    map.map.invalidateSize();
  }, 150);
});

loadFilters().catch(showError);
refresh();
