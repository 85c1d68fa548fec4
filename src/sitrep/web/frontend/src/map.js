// Event / incident map: Leaflet over Natural Earth country shapes (no tile layer), markers
// coloured by category and clustered with leaflet.markercluster.
import L from "./leaflet-global.js";
import "leaflet.markercluster";

import { CATEGORIES, CATEGORY_COLORS, actorLabel, categoryClass, dateRange, h, label } from "./dom.js";

export function createMap(el, { onOpenEvent, onOpenIncident }) {
  const map = L.map(el, { worldCopyJump: false, minZoom: 1, maxZoom: 12, zoomSnap: 0.5, maxBoundsViscosity: 0.8 });
  map.setMaxBounds([[-85, -240], [85, 240]]);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Country shapes: Natural Earth");
  map.setView([20, 20], 1.5);

  fetch("/static/countries.json")
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`countries.json: HTTP ${response.status}`))))
    .then((geo) => {
      L.geoJSON(geo, {
        interactive: false,
        style: () => ({ className: "country", color: "#9aa3ad", weight: 0.6, fillColor: "#eeeae0", fillOpacity: 1 }),
      }).addTo(map);
      el.dataset.basemap = "ready";
    })
    .catch((error) => {
      el.dataset.basemap = "failed";
      console.warn(error.message);
    });

  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => h("div", { class: "map-legend", "data-testid": "map-legend" },
    CATEGORIES.map((cat) => h("div", {}, h("span", { class: `swatch cat-${cat}` }), label(cat))));
  legend.addTo(map);

  const cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    spiderfyOnMaxZoom: true,
    iconCreateFunction(group) {
      const counts = {};
      for (const marker of group.getAllChildMarkers()) counts[marker.options.category] = (counts[marker.options.category] || 0) + 1;
      const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
      const n = group.getChildCount();
      const size = n < 10 ? 30 : n < 100 ? 36 : 44;
      return L.divIcon({
        html: h("span", {}, String(n)),
        className: `cluster cat-${categoryClass(top)}`,
        iconSize: L.point(size, size),
      });
    },
  });
  map.addLayer(cluster);

  function popup(row, kind) {
    const actors = [actorLabel(row.actor1_name, row.actor1), actorLabel(row.actor2_name, row.actor2)].filter(Boolean);
    const lines = [
      h("div", { class: "popup-type" }, h("span", { class: `swatch cat-${categoryClass(row.category)}` }), label(row.type)),
      h("div", {}, h("b", {}, "Date: "), dateRange(row.time_start, row.time_end) || "unknown"),
      h("div", {}, h("b", {}, "Actors: "), actors.length ? actors.join(" → ") : "unknown"),
      h("div", {}, h("b", {}, "Place: "), row.place_name || row.place_id || "unknown"),
    ];
    if (kind === "incident") {
      lines.push(h("div", {}, `${row.events} reports from ${row.sources} source${row.sources === 1 ? "" : "s"}`));
      const fatalities = Array.isArray(row.fatalities_reported) ? row.fatalities_reported : [];
      if (fatalities.length) lines.push(h("div", {}, h("b", {}, "Fatalities reported: "), fatalities.join(", ")));
    } else {
      if (row.fatalities !== null && row.fatalities !== undefined) lines.push(h("div", {}, h("b", {}, "Fatalities: "), row.fatalities));
      if (row.source) lines.push(h("div", {}, h("b", {}, "Source: "), row.source));
    }
    const open = h("button", {
      type: "button", class: "popup-open", "data-testid": "popup-open",
      onclick: () => (kind === "incident" ? onOpenIncident(row.id) : onOpenEvent(row.id)),
    }, "Open evidence");
    return h("div", { class: "popup", "data-testid": "popup" }, lines, open);
  }

  function render(rows, kind) {
    cluster.clearLayers();
    const markers = [];
    for (const row of rows) {
      if (typeof row.lat !== "number" || typeof row.lon !== "number") continue;
      const cat = categoryClass(row.category);
      const marker = L.marker([row.lat, row.lon], {
        category: cat,
        icon: L.divIcon({ className: `ev-marker ${kind} cat-${cat}`, iconSize: [14, 14] }),
        title: `${label(row.type)} · ${row.time_start || ""}`,
        keyboard: true,
      });
      marker.bindPopup(() => popup(row, kind), { maxWidth: 320 });
      markers.push(marker);
    }
    cluster.addLayers(markers);
    el.dataset.markers = String(markers.length);
    if (markers.length) map.fitBounds(cluster.getBounds(), { padding: [30, 30], maxZoom: 6 });
  }

  return { render, map, colors: CATEGORY_COLORS };
}
