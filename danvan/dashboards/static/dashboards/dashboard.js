/* Dashboard charts: Chart.js (vendored), data and drill-down links from the page (json_script).
   Clicking a bar or a slice opens the list of the records behind it. */
(function () {
  var source = document.getElementById('dashboard-charts');
  if (!source || typeof Chart === 'undefined') { return; }
  var charts = JSON.parse(source.textContent);
  var dot = function (v) { return String(v).replace(/\B(?=(\d{3})+(?!\d))/g, '.'); };
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.animation = false;  // draw at once: slow phones, and no half-drawn charts

  // Long category names ("Xây dựng hệ thống chính trị") break into lines of about 16 characters.
  var wrap = function (label) {
    var lines = [], line = '';
    String(label).split(' ').forEach(function (word) {
      if (line && (line + ' ' + word).length > 16) { lines.push(line); line = word; } else { line = line ? line + ' ' + word : word; }
    });
    if (line) { lines.push(line); }
    return lines.length > 1 ? lines : label;
  };
  // The value axis shows 1.234 (Vietnamese grouping); the category axis keeps Chart.js' own labels.
  // On a phone (<= 576 px): smaller type, every label of a horizontal chart on its own row (the box grows
  // with the number of labels instead of squeezing them), and a vertical chart skips labels rather than overlap.
  var narrow = window.matchMedia && window.matchMedia('(max-width: 576px)').matches;
  if (narrow) { Chart.defaults.font.size = 11; }
  var scales = function (horizontal, count) {
    var value = {beginAtZero: true, ticks: {precision: 0, callback: function (v) { return dot(v); }}};
    var category = {ticks: {autoSkip: !horizontal && (count > 8 || (narrow && count > 5)), maxRotation: 0}};
    return horizontal ? {x: value, y: category} : {x: category, y: value};
  };

  Object.keys(charts).forEach(function (name) {
    var canvas = document.getElementById('chart-' + name);
    if (!canvas) { return; }
    var spec = charts[name];
    var total = spec.datasets.reduce(function (s, d) { return s + d.data.reduce(function (a, b) { return a + b; }, 0); }, 0);
    if (!spec.labels.length || total === 0) {
      canvas.parentNode.classList.add('chart-empty');
      canvas.replaceWith(Object.assign(document.createElement('p'), {className: 'text-muted small mb-0', textContent: canvas.dataset.empty || '—'}));
      return;
    }
    var isDoughnut = spec.type === 'doughnut';
    if (spec.horizontal) {
      var rows = spec.labels.length * (spec.datasets.length * 9 + (narrow ? 16 : 12)) + 70;
      canvas.parentNode.style.height = Math.max(canvas.parentNode.clientHeight || 0, rows) + 'px';
    }
    new Chart(canvas, {
      type: spec.type,
      data: {labels: spec.wrap ? spec.labels.map(wrap) : spec.labels, datasets: spec.datasets.map(function (d) {
        return {label: d.label, data: d.data, backgroundColor: d.backgroundColor, urls: d.urls, borderWidth: isDoughnut ? 1 : 0};
      })},
      options: {
        responsive: true, maintainAspectRatio: false, indexAxis: spec.horizontal ? 'y' : 'x',
        plugins: {
          legend: {position: 'bottom', labels: {boxWidth: narrow ? 10 : 12, padding: narrow ? 6 : 10}},
          tooltip: {callbacks: {label: function (ctx) {
            return (isDoughnut ? ctx.label : ctx.dataset.label) + ': ' + dot(ctx.raw);
          }}}
        },
        scales: isDoughnut ? {} : scales(spec.horizontal, spec.labels.length),
        onHover: function (evt, elements) { evt.native.target.style.cursor = elements.length ? 'pointer' : 'default'; },
        onClick: function (evt, elements) {
          if (!elements.length) { return; }
          var el = elements[0];
          var url = this.data.datasets[el.datasetIndex].urls[el.index];
          if (url) { window.location.href = url; }
        }
      }
    });
  });
})();
