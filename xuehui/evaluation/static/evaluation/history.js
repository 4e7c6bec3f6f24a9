// A society's total score by year, from #evaluation-history-data.
(() => {
  const source = document.getElementById("evaluation-history-data");
  const element = document.getElementById("evaluation-history");
  if (!source || !element || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  if (!data.years.length) return;
  const chart = echarts.init(element);
  chart.setOption({
    tooltip: { trigger: "axis", formatter: (p) => `${p[0].name}年度：${p[0].value}分，第${data.ranks[p[0].dataIndex]}名` },
    grid: { left: 8, right: 16, top: 24, bottom: 24, containLabel: true },
    xAxis: { type: "category", data: data.years.map(String) },
    yAxis: { type: "value", name: "总分" },
    series: [{ type: "line", data: data.scores, symbolSize: 8 }],
  });
  window.addEventListener("resize", () => chart.resize());
})();
