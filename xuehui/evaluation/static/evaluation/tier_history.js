// Societies per class in each published year, stacked, from #tier-history-data.
(() => {
  const source = document.getElementById("tier-history-data");
  const element = document.getElementById("tier-history");
  if (!source || !element || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const colours = { key_support: "#198754", cultivate: "#0dcaf0", restructure: "#dc3545", "": "#adb5bd" };
  const chart = echarts.init(element);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 24, containLabel: true },
    xAxis: { type: "category", data: data.years.map((y) => `${y}年度`) },
    yAxis: { type: "value", minInterval: 1, name: "学会数" },
    series: data.series.map((s) => ({
      name: s.name, type: "bar", stack: "tiers", data: s.data, itemStyle: { color: colours[s.tier] },
    })),
  });
  window.addEventListener("resize", () => chart.resize());
})();
