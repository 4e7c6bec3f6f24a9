// A year's scores as a bar per ten points, from #score-distribution-data.
(() => {
  const source = document.getElementById("score-distribution-data");
  const element = document.getElementById("score-distribution");
  if (!source || !element || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const chart = echarts.init(element);
  chart.setOption({
    tooltip: { formatter: (p) => `${p.name}分：${p.value}个学会` },
    grid: { left: 8, right: 16, top: 24, bottom: 24, containLabel: true },
    xAxis: { type: "category", data: data.labels, name: "总分" },
    yAxis: { type: "value", minInterval: 1, name: "学会数" },
    series: [{ type: "bar", data: data.counts, itemStyle: { color: "#0d6efd" } }],
  });
  window.addEventListener("resize", () => chart.resize());
})();
