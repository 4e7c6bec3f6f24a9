// The 工作台's chart: each campaign's societies by state, from #campaign-summary-chart.
(() => {
  const source = document.getElementById("campaign-summary-chart");
  const element = document.getElementById("chart-campaigns");
  if (!source || !element || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  // The badges' colours, in the states' order.
  const colours = ["#6c757d", "#0d6efd", "#0dcaf0", "#ffc107", "#6610f2", "#198754", "#dc3545"];
  const chart = echarts.init(element);
  chart.setOption({
    color: colours,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { bottom: 0, type: "scroll" },
    grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: data.campaigns, axisLabel: { width: 140, overflow: "truncate" } },
    series: data.series.map((s) => ({ name: s.label, type: "bar", stack: "state", data: s.data })),
  });
  window.addEventListener("resize", () => chart.resize());
})();
