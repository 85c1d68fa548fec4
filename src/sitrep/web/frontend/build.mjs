// Builds the dashboard into ../static: index.html, app.js, app.css (esbuild) and countries.json
// (Natural Earth 1:110m country shapes from world-atlas, converted to GeoJSON with topojson-client).
// Everything the page needs is written here; nothing is fetched from the internet at run time.
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as esbuild from "esbuild";
import { feature } from "topojson-client";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, "..", "static");

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

await esbuild.build({
  absWorkingDir: here,
  entryPoints: { app: "src/main.js" },
  outdir: out,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  loader: { ".png": "dataurl", ".svg": "dataurl" },
  legalComments: "eof",
  logLevel: "warning",
});

// Country shapes. Leaflet draws on a plane, so rings crossing the antimeridian (Russia, Fiji) are
// unwrapped eastwards, and Antarctica (a ring around the pole) is dropped.
const topo = JSON.parse(await readFile(path.join(here, "node_modules/world-atlas/countries-110m.json"), "utf8"));
const countries = feature(topo, topo.objects.countries);
const round = (v) => Math.round(v * 100) / 100;
const fixRing = (ring) => {
  let crosses = false;
  for (let i = 1; i < ring.length; i++) if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) crosses = true;
  return ring.map(([lon, lat]) => [round(crosses && lon < 0 ? lon + 360 : lon), round(lat)]);
};
countries.features = countries.features
  .filter((f) => f.id !== "010" && f.geometry)
  .map((f) => {
    const g = f.geometry;
    const coordinates = g.type === "Polygon"
      ? g.coordinates.map(fixRing)
      : g.coordinates.map((poly) => poly.map(fixRing));
    return { type: "Feature", id: f.id, properties: { name: f.properties.name }, geometry: { type: g.type, coordinates } };
  });
await writeFile(path.join(out, "countries.json"), JSON.stringify(countries));

// index.html with cache-busting versions of the bundle.
const version = async (name) => createHash("sha1").update(await readFile(path.join(out, name))).digest("hex").slice(0, 10);
let html = await readFile(path.join(here, "src/index.html"), "utf8");
html = html.replace("app.css?v=dev", `app.css?v=${await version("app.css")}`)
  .replace("app.js?v=dev", `app.js?v=${await version("app.js")}`);
await writeFile(path.join(out, "index.html"), html);

for (const name of ["index.html", "app.js", "app.css", "countries.json"]) {
  const size = (await readFile(path.join(out, name))).length;
  console.log(`  ${path.relative(process.cwd(), path.join(out, name))}  ${(size / 1024).toFixed(1)} KiB`);
}
