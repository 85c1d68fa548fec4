// Event table; clicking a row opens its document view. Headers sort the loaded rows.
import { actorLabel, categoryClass, clear, dateRange, h, label } from "./dom.js";

const COLUMNS = [
  { key: "date", title: "Date", value: (r) => r.time_start || "" },
  { key: "type", title: "Type", value: (r) => label(r.type) },
  { key: "place", title: "Place", value: (r) => r.place_name || "" },
  { key: "actor1", title: "Actor 1", value: (r) => actorLabel(r.actor1_name, r.actor1) },
  { key: "actor2", title: "Actor 2", value: (r) => actorLabel(r.actor2_name, r.actor2) },
  { key: "modality", title: "Modality", value: (r) => r.modality || "" },
  { key: "fatalities", title: "Fatalities", value: (r) => r.fatalities, numeric: true },
  { key: "source", title: "Source", value: (r) => r.source || "" },
];

export function createTable(el, countEl, { onOpenEvent }) {
  let rows = [];
  let total = 0;
  let sort = { key: "date", desc: true };

  const thead = h("thead", {}, h("tr", {}, COLUMNS.map((col) => h("th", {
    scope: "col", "data-key": col.key, class: col.numeric ? "num" : null,
    onclick: () => { sort = { key: col.key, desc: sort.key === col.key ? !sort.desc : col.key === "date" }; draw(); },
  }, col.title))));
  const tbody = h("tbody", { id: "table-body", "data-testid": "table-body" });
  el.append(h("table", { id: "event-table", "data-testid": "event-table" }, thead, tbody));

  function sorted() {
    const col = COLUMNS.find((c) => c.key === sort.key);
    const dir = sort.desc ? -1 : 1;
    return rows.slice().sort((a, b) => {
      const va = col.value(a);
      const vb = col.value(b);
      const empty = (v) => v === null || v === undefined || v === "";
      if (empty(va) !== empty(vb)) return empty(va) ? 1 : -1; // blanks last either way
      if (col.numeric) return dir * ((va ?? 0) - (vb ?? 0));
      return dir * String(va).localeCompare(String(vb));
    });
  }

  function draw() {
    for (const th of thead.querySelectorAll("th")) {
      th.classList.toggle("sorted", th.dataset.key === sort.key);
      th.classList.toggle("desc", th.dataset.key === sort.key && sort.desc);
    }
    clear(tbody);
    const fragment = document.createDocumentFragment();
    for (const row of sorted()) {
      const tr = h("tr", {
        class: "event-row", tabindex: 0, "data-testid": "event-row", dataset: { eventId: row.id },
        onclick: () => onOpenEvent(row.id),
        onkeydown: (event) => { if (event.key === "Enter") onOpenEvent(row.id); },
      }, COLUMNS.map((col) => {
        const value = col.value(row);
        if (col.key === "type") {
          return h("td", { title: row.category }, h("span", { class: `swatch cat-${categoryClass(row.category)}` }), value);
        }
        if (col.key === "date") return h("td", { title: row.time_text || "" }, dateRange(row.time_start, row.time_end));
        return h("td", { class: col.numeric ? "num" : null }, value ?? "");
      }));
      fragment.append(tr);
    }
    if (!rows.length) fragment.append(h("tr", { class: "empty" }, h("td", { colspan: COLUMNS.length }, "no events match these filters")));
    tbody.append(fragment);
    countEl.textContent = rows.length < total ? `showing ${rows.length} of ${total}` : `${total} event${total === 1 ? "" : "s"}`;
  }

  function render(page) {
    rows = page.items || [];
    total = page.total ?? rows.length;
    draw();
  }

  return { render };
}
