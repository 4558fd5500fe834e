/* 统计 pages: the charts, drawn with ECharts (static/vendor/echarts.min.js) from each
   element's data-chart JSON, which the server made from the figures service's answer
   (console/pages/statistics_charts.py). No inline scripts: the console's CSP allows only our
   own files. "打印" buttons (data-print) open the print dialog; the charts are redrawn at the
   paper's width before printing and back after. */
(function () {
  "use strict";
  var charts = [];
  var NOW = "#1f5fa8", BEFORE = "#b8c2cc", VALID = "#2e8b57";

  function signed(value) {
    if (value === null || value === undefined) { return "—"; }
    var text = Math.abs(value).toFixed(2).replace(/\.?0+$/, "") + "%";
    return value > 0 ? "+" + text : (value < 0 ? "−" + text : text);
  }

  function legend(spec, names) {
    return { top: 0, right: 0, data: names, textStyle: { fontSize: 12 } };
  }

  function bars(spec) {
    return {
      animation: false,
      title: { text: spec.title, left: 0, top: 0, textStyle: { fontSize: 14 } },
      legend: legend(spec, [spec.before_name, spec.now_name]),
      grid: { left: 48, right: 12, top: 56, bottom: 28 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "category", data: spec.labels, axisLabel: { interval: 0, fontSize: 12 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: spec.before_name, type: "bar", data: spec.before, itemStyle: { color: BEFORE },
          label: { show: true, position: "top", fontSize: 11, color: "#667" } },
        { name: spec.now_name, type: "bar", data: spec.now, itemStyle: { color: NOW },
          label: {
            show: true, position: "top", fontSize: 11, color: "#123",
            formatter: function (p) { return p.value + "\n" + signed(spec.change[p.dataIndex]); }
          } }
      ]
    };
  }

  function lines(spec) {
    return {
      animation: false,
      title: { text: spec.title, left: 0, top: 0, textStyle: { fontSize: 14 } },
      legend: legend(spec, [spec.before_name, spec.now_name, spec.valid_name]),
      grid: { left: 48, right: 16, top: 48, bottom: 28 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: spec.labels, boundaryGap: false },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: spec.before_name, type: "line", data: spec.before, symbolSize: 5,
          lineStyle: { type: "dashed", color: BEFORE }, itemStyle: { color: "#8a96a3" } },
        { name: spec.now_name, type: "line", data: spec.now, symbolSize: 6,
          label: { show: true, fontSize: 11 }, lineStyle: { width: 3, color: NOW },
          itemStyle: { color: NOW } },
        { name: spec.valid_name, type: "line", data: spec.valid, symbolSize: 5,
          lineStyle: { color: VALID }, itemStyle: { color: VALID } }
      ]
    };
  }

  function draw(element) {
    var spec;
    try { spec = JSON.parse(element.getAttribute("data-chart")); } catch (e) { return; }
    if (!window.echarts) { element.textContent = "图表组件未能加载，请刷新页面。"; return; }
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(spec.kind === "lines" ? lines(spec) : bars(spec));
    element.setAttribute("data-drawn", "true");
    charts.push(chart);
  }

  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);
    window.addEventListener("resize", resizeAll);
    window.addEventListener("beforeprint", resizeAll);
    window.addEventListener("afterprint", resizeAll);
    if (window.matchMedia) {
      var media = window.matchMedia("print");
      if (media.addEventListener) { media.addEventListener("change", resizeAll); }
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) { event.preventDefault(); window.print(); }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
