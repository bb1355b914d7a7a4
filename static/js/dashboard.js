// Draws the leadership dashboard from the JSON the page carries; a click on a bar drills down.
(function () {
  var node = document.getElementById("dashboard-data");
  if (!node || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  // The current month, not over yet (partial_last), is left out of the line and shown as a point
  // of its own labelled 至今: its figure so far is no fall.
  function trendSeries(data) {
    var last = data.months.length - 1;
    var series = [];
    data.trends.forEach(function (s) {
      var line = s.data.slice();
      if (data.partial_last) { line[last] = "-"; }
      series.push({ name: s.name, type: "line", smooth: true, data: line });
      if (data.partial_last) {
        var point = s.data.map(function () { return "-"; });
        point[last] = s.data[last];
        series.push({ name: s.name, type: "scatter", symbolSize: 9, data: point,
                      label: { show: true, position: "top", formatter: "至今{c}" } });
      }
    });
    return series;
  }
  var trend = echarts.init(document.getElementById("chart-trend"));
  trend.setOption({
    title: { text: "月度趋势", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    legend: { top: 24 },
    grid: { top: 60, left: 40, right: 20, bottom: 30 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value" },
    series: trendSeries(data)
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
