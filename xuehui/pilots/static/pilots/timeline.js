// A batch's phases as a timeline: one bar per phase from its start to its end, coloured by its
// state, today marked; from #batch-timeline-data.
(() => {
  const source = document.getElementById("batch-timeline-data");
  const element = document.getElementById("batch-timeline");
  if (!source || !element || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const day = (text) => Date.parse(`${text}T00:00:00`);
  const colours = { 已完成: "#198754", 进行中: "#0d6efd", 已逾期: "#dc3545", 未开始: "#adb5bd" };
  const first = Math.min(...data.starts.map(day));
  const chart = echarts.init(element);
  chart.setOption({
    tooltip: {
      formatter: (p) => `${data.names[p.dataIndex]}<br>${data.starts[p.dataIndex]} 至 ${data.ends[p.dataIndex]}<br>${data.states[p.dataIndex]}`,
    },
    grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: "time", min: first },
    yAxis: { type: "category", data: data.names, inverse: true },
    series: [
      { type: "bar", stack: "phase", silent: true, itemStyle: { color: "transparent" },
        data: data.starts.map(day), tooltip: { show: false } },
      { type: "bar", stack: "phase",
        data: data.starts.map((s, i) => ({
          value: day(data.ends[i]) + 86400000 - day(s),
          itemStyle: { color: colours[data.states[i]] || "#0d6efd" },
        })),
        markLine: { symbol: "none", label: { formatter: "今天" },
          lineStyle: { color: "#fd7e14" }, data: [{ xAxis: day(data.today) }] } },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
