// Timeline histogram (events per month) with a d3-brush; the brushed months become from/to filters.
import { max } from "d3-array";
import { axisBottom, axisLeft } from "d3-axis";
import { brushX } from "d3-brush";
import { scaleLinear, scaleUtc } from "d3-scale";
import { select } from "d3-selection";
import { utcMonth } from "d3-time";
import { utcFormat } from "d3-time-format";

const monthKey = utcFormat("%Y-%m");

function parseKey(key) {
  // "YYYY-MM" from /api/stats; "YYYY" (year-only dates) counts in January.
  const match = /^(\d{4})(?:-(\d{2}))?/.exec(key || "");
  if (!match) return null;
  return new Date(Date.UTC(Number(match[1]), match[2] ? Number(match[2]) - 1 : 0, 1));
}

export function createTimeline(el, { onRange }) {
  const margin = { top: 8, right: 12, bottom: 22, left: 34 };
  let current = null; // {from, to} as YYYY-MM

  function render(byMonth, range) {
    current = range;
    select(el).selectAll("*").remove();
    const width = Math.max(el.clientWidth, 300);
    const height = Math.max(el.clientHeight, 120);
    const innerW = width - margin.left - margin.right;
    const innerH = height - margin.top - margin.bottom;

    const counts = new Map();
    for (const { key, count } of byMonth || []) {
      const date = parseKey(key);
      if (!date) continue;
      counts.set(+date, (counts.get(+date) || 0) + count);
    }
    const bins = [...counts].map(([t, count]) => ({ date: new Date(t), count })).sort((a, b) => a.date - b.date);
    el.dataset.bins = String(bins.length);

    const svg = select(el).append("svg").attr("width", width).attr("height", height).attr("role", "img")
      .attr("aria-label", "events per month");
    if (!bins.length) {
      svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle").attr("class", "empty")
        .text("no dated events");
      return;
    }
    let start = bins[0].date;
    let end = utcMonth.offset(bins[bins.length - 1].date, 1);
    if (utcMonth.count(start, end) < 12) { // at least a year wide, so single months stay readable
      const pad = Math.ceil((12 - utcMonth.count(start, end)) / 2);
      start = utcMonth.offset(start, -pad);
      end = utcMonth.offset(end, pad);
    }
    const x = scaleUtc().domain([start, end]).range([0, innerW]);
    const y = scaleLinear().domain([0, max(bins, (d) => d.count)]).nice().range([innerH, 0]);
    const g = svg.append("g").attr("transform", `translate(${margin.left},${margin.top})`);

    g.append("g").attr("class", "axis x").attr("transform", `translate(0,${innerH})`)
      .call(axisBottom(x).ticks(Math.max(2, Math.floor(innerW / 80))).tickSizeOuter(0));
    g.append("g").attr("class", "axis y").call(axisLeft(y).ticks(3).tickFormat((v) => (Number.isInteger(v) ? v : "")));

    const bars = g.append("g").attr("class", "bars").selectAll("rect").data(bins).join("rect")
      .attr("class", "bar")
      .attr("data-key", (d) => monthKey(d.date))
      .attr("data-count", (d) => d.count)
      .attr("x", (d) => x(d.date) + 0.5)
      .attr("width", (d) => Math.max(1, x(utcMonth.offset(d.date, 1)) - x(d.date) - 1))
      .attr("y", (d) => y(d.count))
      .attr("height", (d) => innerH - y(d.count));
    bars.append("title").text((d) => `${monthKey(d.date)}: ${d.count} event${d.count === 1 ? "" : "s"}`);

    const mark = (lo, hi) => bars.classed("selected", (d) => lo !== null && d.date >= lo && d.date < hi);
    const snap = (selection) => {
      const [a, b] = selection.map((px) => utcMonth.round(x.invert(px)));
      return a < b ? [a, b] : null;
    };

    const brush = brushX().extent([[0, 0], [innerW, innerH]])
      .on("brush", (event) => {
        if (!event.selection) return mark(null);
        const months = snap(event.selection);
        return months ? mark(...months) : mark(null);
      })
      .on("end", (event) => {
        if (!event.sourceEvent) return; // moved by code, not by the user
        const months = event.selection && snap(event.selection);
        if (!months) {
          if (event.selection) brushG.call(brush.move, null);
          mark(null);
          if (current) onRange(null);
          return;
        }
        brushG.call(brush.move, months.map(x));
        mark(...months);
        const next = { from: monthKey(months[0]), to: monthKey(utcMonth.offset(months[1], -1)) };
        if (!current || current.from !== next.from || current.to !== next.to) onRange(next);
      });
    const brushG = g.append("g").attr("class", "brush").attr("data-testid", "timeline-brush").call(brush);

    if (range) {
      const lo = parseKey(range.from);
      const hi = range.to ? utcMonth.offset(parseKey(range.to), 1) : end;
      if (lo && hi && lo < hi) {
        const clamp = (d) => Math.max(0, Math.min(innerW, x(d)));
        if (clamp(lo) < clamp(hi)) brushG.call(brush.move, [clamp(lo), clamp(hi)]);
        mark(lo, hi);
      }
    }
  }

  return { render };
}
