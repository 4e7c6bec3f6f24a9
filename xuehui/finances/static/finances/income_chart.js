// The finance list's stacked bar chart of income by source and year (data from a json_script).
(function () {
  var source = document.getElementById("income-chart-data");
  var target = document.getElementById("income-chart");
  if (!source || !target || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(target);
  chart.setOption({
    tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
    legend: {top: 0},
    grid: {left: 80, right: 20, top: 40, bottom: 30},
    xAxis: {type: "category", data: data.years},
    yAxis: {type: "value", name: "元"},
    series: data.series.map(function (s) { return {name: s.name, type: "bar", stack: "income", data: s.data}; })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
