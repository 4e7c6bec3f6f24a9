// A batch's phases as a timeline: one bar per phase from its start to its end (days from the
// first phase's start, labelled as dates), coloured by its state, today marked; from
// #batch-timeline-data.
(() => {
  const source = document.getElementById("batch-timeline-data");
  const element = document.getElementById("batch-timeline");
  if (!source || !element || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  if (!data.starts.length) return;
  const DAY = 86400000;
  const day = (text) => Date.parse(`${text}T00:00:00Z`);
  const first = Math.min(...data.starts.map(day));
  const offset = (text) => Math.round((day(text) - first) / DAY);
  const label = (days) => {
    const date = new Date(first + days * DAY);
    return `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月`;
  };
  const colours = { 已完成: "#198754", 进行中: "#0d6efd", 已逾期: "#dc3545", 未开始: "#adb5bd" };
  const last = Math.max(...data.ends.map(offset)) + 1;
  const today = offset(data.today);
  const chart = echarts.init(element);
  chart.setOption({
    tooltip: {
      formatter: (p) => `${data.names[p.dataIndex]}<br>${data.starts[p.dataIndex]} 至 ${data.ends[p.dataIndex]}<br>${data.states[p.dataIndex]}`,
    },
    grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: "value", min: 0, max: Math.max(last, today + 1), axisLabel: { formatter: label } },
    yAxis: { type: "category", data: data.names, inverse: true },
    series: [
      { type: "bar", stack: "phase", silent: true, itemStyle: { color: "transparent" },
        tooltip: { show: false }, data: data.starts.map(offset) },
      { type: "bar", stack: "phase",
        data: data.starts.map((s, i) => ({
          value: offset(data.ends[i]) + 1 - offset(s),
          itemStyle: { color: colours[data.states[i]] || "#0d6efd" },
        })),
        markLine: { symbol: "none", label: { formatter: "今天" }, lineStyle: { color: "#fd7e14" },
          data: today >= 0 && today <= last ? [{ xAxis: today }] : [] } },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
