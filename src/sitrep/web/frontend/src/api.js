// GET helpers for the sitrep HTTP API (same origin only).

export const FILTER_KEYS = ["type", "category", "actor", "country", "modality", "source", "from", "to"];

export function filterParams(filters, extra = {}) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.append(key, value);
  }
  for (const [key, value] of Object.entries(extra)) params.append(key, String(value));
  return params;
}

/** Path segment for an id that may contain ':' (kept literal) or other characters (escaped). */
export function idPath(id) {
  return encodeURIComponent(id).replace(/%3A/gi, ":");
}

export async function getJSON(path, params) {
  const query = params && [...params].length ? `?${params}` : "";
  const response = await fetch(`${path}${query}`, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    let detail = "";
    try {
      const body = await response.json();
      detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail ?? body);
    } catch {
      detail = response.statusText;
    }
    throw new Error(`${path}: HTTP ${response.status} ${detail}`.trim());
  }
  return response.json();
}
