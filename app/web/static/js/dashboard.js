// The sourcing dashboard: Chart.js charts from the page's JSON; every bar links to its search.
"use strict";
(function () {
  const ANON = "#5b2a86";
  const NAMED = "#9aa7b8";
  const BAR = "#0b5cad";

  function short(label) { return label.length > 32 ? label.slice(0, 31) + "…" : label; }
  function go(url) { if (url) window.location.href = url; }
  function pointer(event, elements) { event.native.target.style.cursor = elements.length ? "pointer" : "default"; }

  function shareChart(canvas, rows, horizontal) {
    const pct = (n, t) => (t ? Math.round((1000 * n) / t) / 10 : 0);
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map((r) => short(r.label)),
        datasets: [
          { label: "anonymous (%)", data: rows.map((r) => pct(r.anonymous, r.total)), backgroundColor: ANON, counts: rows.map((r) => r.anonymous) },
          { label: "named (%)", data: rows.map((r) => pct(r.named, r.total)), backgroundColor: NAMED, counts: rows.map((r) => r.named) },
        ],
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, max: horizontal ? 100 : undefined, ticks: horizontal ? { callback: (v) => v + "%" } : {} },
          y: { stacked: true, max: horizontal ? undefined : 100, ticks: horizontal ? {} : { callback: (v) => v + "%" } },
        },
        plugins: {
          tooltip: { callbacks: { label: (c) => c.dataset.label.replace(" (%)", "") + ": " + c.dataset.counts[c.dataIndex] + " (" + c.raw + "%)" } },
        },
        onHover: pointer,
        onClick: (_, elements) => {
          if (!elements.length) return;
          const row = rows[elements[0].index];
          if (row.links) go(elements[0].datasetIndex === 0 ? row.links.anonymous : row.links.named);
        },
      },
    });
  }

  function countChart(canvas, rows, horizontal) {
    return new window.Chart(canvas, {
      type: "bar",
      data: { labels: rows.map((r) => short(r.label.replace(/_/g, " "))), datasets: [{ label: "statements", data: rows.map((r) => r.count), backgroundColor: BAR }] },
      options: {
        indexAxis: horizontal ? "y" : "x",
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { [horizontal ? "x" : "y"]: { ticks: { precision: 0 } } },
        onHover: pointer,
        onClick: (_, elements) => { if (elements.length) go(rows[elements[0].index].link); },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const data = JSON.parse(document.getElementById("dashboard-data").textContent);
    if (!window.Chart) return; // the tables below each chart still hold every number
    window.Chart.defaults.font.family = "system-ui, sans-serif";
    window.Chart.defaults.color = "#1b1d21";
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const key = canvas.dataset.chart;
      const rows = data[key] || [];
      if (!rows.length) { canvas.closest(".chart-box").hidden = true; return; }
      if (canvas.dataset.kind === "share") shareChart(canvas, rows, key === "outlets");
      else countChart(canvas, rows, key === "speakers");
    });
  });
})();
