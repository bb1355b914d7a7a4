// Draws the leadership dashboard from the JSON the page carries; a click on a bar drills down.
(function () {
  var node = document.getElementById("dashboard-data");
  if (!node || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  var trend = echarts.init(document.getElementById("chart-trend"));
  trend.setOption({
    title: { text: "月度趋势", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    legend: { top: 24 },
    grid: { top: 60, left: 40, right: 20, bottom: 30 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value" },
    series: data.trends.map(function (s) { return { name: s.name, type: "line", smooth: true, data: s.data }; })
  });
  var breakdown = echarts.init(document.getElementById("chart-breakdown"));
  breakdown.setOption({
    title: { text: "分区划情况（点击下钻）", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    legend: { top: 24 },
    grid: { top: 60, left: 40, right: 20, bottom: 60 },
    xAxis: { type: "category", data: data.children.map(function (c) { return c.name; }), axisLabel: { rotate: 30 } },
    yAxis: { type: "value" },
    series: data.breakdown.map(function (s) { return { name: s.name, type: "bar", data: s.data }; })
  });
  breakdown.on("click", function (params) {
    var child = data.children[params.dataIndex];
    if (child) { window.location.search = "?area=" + encodeURIComponent(child.code); }
  });
  window.addEventListener("resize", function () { trend.resize(); breakdown.resize(); });
})();
