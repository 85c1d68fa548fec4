// leaflet.markercluster is a UMD plugin that extends the global `L`; expose it before the plugin runs.
import L from "leaflet";

window.L = L;
export default L;
