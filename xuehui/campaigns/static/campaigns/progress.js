// The campaign page's two charts, drawn from the data the page carries in #campaign-charts.
(() => {
  const source = document.getElementById("campaign-charts");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  // One colour per state (as the badges), whichever states have societies.
  const colours = ["#6c757d", "#0d6efd", "#0dcaf0", "#ffc107", "#6610f2", "#198754", "#dc3545"];
  const colourOf = Object.fromEntries(data.states.map((s, i) => [s.label, colours[i]]));
  const draw = (id, option) => {
    const element = document.getElementById(id);
    if (!element) return;
    const chart = echarts.init(element);
    chart.setOption(option);
    window.addEventListener("resize", () => chart.resize());
  };
  draw("chart-states", {
    tooltip: { trigger: "item", formatter: "{b}：{c}个（{d}%）" },
    legend: { bottom: 0, type: "scroll" },
    series: [{
      type: "pie",
      radius: ["35%", "65%"],
      center: ["50%", "45%"],
      data: data.states
        .filter((s) => s.count > 0)
        .map((s) => ({ name: s.label, value: s.count, itemStyle: { color: colourOf[s.label] } })),
    }],
  });
  draw("chart-federations", {
    color: colours,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { bottom: 0, type: "scroll" },
    grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: data.federations },
    series: data.series.map((s) => ({ name: s.label, type: "bar", stack: "state", data: s.data })),
  });
})();
