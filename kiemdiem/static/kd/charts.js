// Draws every <canvas data-chart="id-of-json"> with Chart.js (shipped in static/vendor).
// The same figures are in the table beside each chart, for screen readers and printing.
(function () {
  "use strict";
  var palette = ["#1b7a3e", "#4f9fd6", "#e0a526", "#c0392b", "#7f8c8d", "#8e44ad"];
  function draw(canvas) {
    var spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    var stacked = spec.kind === "stacked";
    new window.Chart(canvas, {
      type: spec.kind === "line" ? "line" : "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          return { label: s.name, data: s.values, backgroundColor: palette[i % palette.length],
                   borderColor: palette[i % palette.length], tension: 0.2 };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { title: { display: true, text: spec.title }, legend: { position: "bottom" } },
        scales: { x: { stacked: stacked, ticks: { autoSkip: false, maxRotation: 60 } },
                  y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
    canvas.dataset.drawn = "1";
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
