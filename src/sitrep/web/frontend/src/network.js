// Actor network from /api/stats by_actor_pair: directed edges actor1 -> actor2, width = events.
import { max } from "d3-array";
import { drag } from "d3-drag";
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from "d3-force";
import { scaleSqrt } from "d3-scale";
import { select } from "d3-selection";

import { actorLabel } from "./dom.js";

export function createNetwork(el, { onActor }) {
  let simulation = null;

  function render(pairs, selectedActor) {
    if (simulation) simulation.stop();
    select(el).selectAll("*").remove();
    const width = Math.max(el.clientWidth, 200);
    const height = Math.max(el.clientHeight, 200);

    const nodes = new Map();
    const links = [];
    for (const pair of pairs || []) {
      if (!pair.actor1 || !pair.actor2 || pair.actor1 === pair.actor2) continue;
      for (const [id, name] of [[pair.actor1, pair.actor1_name], [pair.actor2, pair.actor2_name]]) {
        if (!nodes.has(id)) {
          const full = actorLabel(name, id);
          nodes.set(id, { id, name: full, label: full.length > 24 ? `${full.slice(0, 22)}…` : full, weight: 0 });
        }
        nodes.get(id).weight += pair.count;
      }
      links.push({ source: pair.actor1, target: pair.actor2, count: pair.count });
    }
    el.dataset.nodes = String(nodes.size);
    el.dataset.links = String(links.length);

    const svg = select(el).append("svg").attr("width", width).attr("height", height).attr("role", "img")
      .attr("aria-label", "actor network");
    if (!nodes.size) {
      svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle").attr("class", "empty")
        .text("no actor pairs for these filters");
      return;
    }
    const nodeList = [...nodes.values()];
    const crowded = nodeList.length > 25;
    el.classList.toggle("crowded", crowded);
    const radius = scaleSqrt().domain([0, max(nodeList, (d) => d.weight)]).range([4, 16]);
    const stroke = scaleSqrt().domain([0, max(links, (d) => d.count)]).range([1, 6]);

    svg.append("defs").append("marker").attr("id", "arrow").attr("viewBox", "0 -4 8 8").attr("refX", 8)
      .attr("markerUnits", "userSpaceOnUse").attr("markerWidth", 9).attr("markerHeight", 9).attr("orient", "auto")
      .append("path").attr("d", "M0,-4L8,0L0,4").attr("class", "arrow");

    simulation = forceSimulation(nodeList)
      .force("link", forceLink(links).id((d) => d.id).distance(Math.max(30, Math.min(90, 1800 / nodeList.length))))
      .force("charge", forceManyBody().strength(-Math.max(40, Math.min(300, 4000 / nodeList.length))))
      .force("x", forceX(width / 2).strength(0.07))
      .force("y", forceY(height / 2).strength(0.1))
      .force("collide", forceCollide((d) => Math.max(radius(d.weight) + 6, Math.min(d.label.length * (crowded ? 2.4 : 3.2), 44))).iterations(2))
      .stop();
    const pad = Math.min(70, width / 6); // room for the labels, centred on their nodes
    const clampX = (v) => Math.max(pad, Math.min(width - pad, v));
    const clampY = (v) => Math.max(30, Math.min(height - 12, v));
    const clampAll = () => { for (const d of nodeList) { d.x = clampX(d.x); d.y = clampY(d.y); } };
    for (let i = 0; i < 300; i++) { simulation.tick(); clampAll(); } // settle before drawing: stable layout

    const link = svg.append("g").attr("class", "links").selectAll("line").data(links).join("line")
      .attr("class", "link")
      .attr("stroke-width", (d) => stroke(d.count))
      .attr("marker-end", "url(#arrow)");
    link.append("title").text((d) => `${d.source.name} → ${d.target.name}: ${d.count} event${d.count === 1 ? "" : "s"}`);

    const node = svg.append("g").attr("class", "nodes").selectAll("g").data(nodeList).join("g")
      .attr("class", (d) => (d.id === selectedActor || `actor:${selectedActor}` === d.id ? "node selected" : "node"))
      .attr("data-actor", (d) => d.id)
      .on("click", (event, d) => { if (!event.defaultPrevented) onActor(d.id); });
    node.append("circle").attr("r", (d) => radius(d.weight));
    node.append("text").attr("class", "node-label").attr("dy", (d) => -radius(d.weight) - 3).attr("text-anchor", "middle")
      .text((d) => d.label);
    node.append("title").text((d) => `${d.name}: ${d.weight} event${d.weight === 1 ? "" : "s"} in pairs`);

    function update() {
      clampAll();
      link.each(function (d) {
        const dx = d.target.x - d.source.x;
        const dy = d.target.y - d.source.y;
        const len = Math.hypot(dx, dy) || 1;
        const r = radius(d.target.weight) + 2;
        select(this).attr("x1", d.source.x).attr("y1", d.source.y)
          .attr("x2", d.target.x - (dx / len) * r).attr("y2", d.target.y - (dy / len) * r);
      });
      node.attr("transform", (d) => `translate(${d.x},${d.y})`);
    }
    update();
    simulation.on("tick", update);
    node.call(drag()
      .on("start", (event, d) => { if (!event.active) simulation.alphaTarget(0.2).restart(); d.fx = d.x; d.fy = d.y; })
      .on("drag", (event, d) => { d.fx = clampX(event.x); d.fy = clampY(event.y); })
      .on("end", (event, d) => { if (!event.active) simulation.alphaTarget(0); d.fx = null; d.fy = null; }));
  }

  return { render };
}
