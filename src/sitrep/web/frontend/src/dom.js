// Tiny DOM helpers. Text always goes in as text nodes: nothing here parses HTML, because names,
// titles and document text come from untrusted documents.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export const CATEGORIES = [
  "battles",
  "explosions_remote_violence",
  "violence_against_civilians",
  "protests",
  "riots",
  "strategic_developments",
  "non_acled",
];

export const CATEGORY_COLORS = {
  battles: "#d62728",
  explosions_remote_violence: "#ff7f0e",
  violence_against_civilians: "#9467bd",
  protests: "#2ca02c",
  riots: "#8c564b",
  strategic_developments: "#1f77b4",
  non_acled: "#7f7f7f",
};

/** A category name safe to use in a class name ("other" for anything unknown). */
export function categoryClass(category) {
  return CATEGORIES.includes(category) ? category : "other";
}

export function label(value) {
  return value === null || value === undefined || value === "" ? "" : String(value).replace(/_/g, " ");
}

export function actorLabel(name, id) {
  if (name) return name;
  if (!id) return "";
  return String(id).replace(/^actor:/, "");
}

export function dateRange(start, end) {
  if (!start) return "";
  return end && end !== start ? `${start} – ${end}` : start;
}
