/* The dashboard's charts (Chart.js); a click on a bar or slice opens its list. Static, for the CSP. */
(function () {
  var charts = JSON.parse(document.getElementById("report-charts").textContent);
  var palette = ["#b3151b", "#f2c14e", "#4b5563", "#0f766e", "#7c3aed", "#c2410c", "#2563eb", "#9ca3af"];
  Object.keys(charts).forEach(function (key) {
    var c = charts[key];
    var el = document.getElementById("chart-" + key);
    if (!el) { return; }
    new Chart(el, {
      type: c.type,
      data: { labels: c.labels, datasets: [{ data: c.values, backgroundColor: c.type === "doughnut" ? palette : palette[0] }] },
      options: {
        locale: "vi-VN",
        plugins: { legend: { display: c.type === "doughnut", position: "bottom" } },
        scales: c.type === "bar" ? { y: { beginAtZero: true, ticks: { precision: 0 } } } : {},
        onClick: function (evt, elements) { if (elements.length) { window.location.href = c.urls[elements[0].index]; } },
        onHover: function (evt, elements) { evt.native.target.style.cursor = elements.length ? "pointer" : "default"; }
      }
    });
  });
})();
