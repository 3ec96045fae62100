// Draws the ranking bar chart of the page's units; bars are coloured by grade, negative-list units in red.
(function () {
  const data = document.getElementById('ranking-data');
  const groups = data ? JSON.parse(data.getAttribute('data-groups') || '{}') : {};
  const roundSelect = document.getElementById('round');
  if (roundSelect) {
    roundSelect.addEventListener('change', function () { roundSelect.form.submit(); });
  }
  // Colours by grade as the round's policy names them (GradeScale), so a round's own labels are coloured too.
  const gradeColours = data ? JSON.parse(data.getAttribute('data-colours') || '{}') : {};
  Object.keys(groups).forEach(function (groupName, index) {
    const element = document.getElementById('chart-' + index);
    if (!element) { return; }
    const rows = groups[groupName];
    // One bar per unit on the page: the chart grows with the page so that every unit's name stays readable.
    element.style.height = Math.max(240, rows.length * 22 + 70) + 'px';
    const chart = echarts.init(element);
    chart.setOption({
      title: { text: groupName + '总分', left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 140, right: 40, top: 40, bottom: 30 },
      xAxis: { type: 'value', min: 0, max: 100, name: '分' },
      yAxis: { type: 'category', inverse: true, data: rows.map(function (r) { return r.unitName; }) },
      series: [{
        name: '总分',
        type: 'bar',
        label: { show: true, position: 'right', formatter: function (p) { return Number(p.value).toFixed(2); } },
        data: rows.map(function (r) {
          return {
            value: Number(r.total),
            itemStyle: { color: r.negativeList ? '#c62828' : (gradeColours[r.grade] || '#607d8b') }
          };
        })
      }]
    });
    window.addEventListener('resize', function () { chart.resize(); });
  });
})();
