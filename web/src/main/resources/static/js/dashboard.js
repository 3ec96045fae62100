// Leader dashboard: draws every chart from /api/v1/rounds/{id}/dashboard. No inline scripts (CSP script-src 'self').
(function () {
  'use strict';
  var root = document.getElementById('dashboard-root');
  var roundSelect = document.getElementById('round');
  if (roundSelect) {
    roundSelect.addEventListener('change', function () { roundSelect.form.submit(); });
  }
  var charts = [];
  var projector = document.getElementById('projector-toggle');
  if (projector) {
    projector.addEventListener('click', function () {
      document.body.classList.toggle('projector');
      projector.textContent = document.body.classList.contains('projector') ? '普通模式' : '投影模式';
      charts.forEach(function (c) { c.resize(); });
      redrawAll();
    });
  }
  if (!root) { return; }

  // Colours by grade as the round's policy names them (the API's grades, best first); these stand in before it answers.
  var GRADE_COLOURS = { '优秀': '#2e7d32', '良好': '#1565c0', '合格': '#f9a825', '待改进': '#ef6c00', '不合格': '#9e9e9e' };
  function useGrades(grades) {
    if (!grades || !grades.length) { return; }
    GRADE_COLOURS = {};
    grades.forEach(function (g) { GRADE_COLOURS[g.label] = g.colour; });
  }
  var NEGATIVE = '#c62828';
  var data = null;
  var redrawers = [];

  function fontSize() { return document.body.classList.contains('projector') ? 18 : 13; }
  // Tooltip formatters return HTML: every name that came from data (units, areas, reasons) goes through this.
  function esc(v) { return echarts.format.encodeHTML(String(v)); }
  function num(v) { return v === null || v === undefined ? null : Number(v); }
  // SVG rather than canvas: text stays sharp when a phone zooms, and labels are real text elements.
  function chartOn(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'svg' });
    if (charts.indexOf(chart) < 0) { charts.push(chart); }
    return chart;
  }
  // Titles are HTML captions above the charts, not drawn in them: a caption wraps on a phone instead of being cut.
  function caption(id, text) {
    var el = document.getElementById(id);
    if (el) { el.textContent = text; }
  }
  // A chart narrower than this (a phone, or half a small window) gets shorter axis labels, rotated category labels
  // and its legends and scales below the plot instead of beside it.
  var NARROW = 560;
  function narrow(chart) { return chart.getWidth() < NARROW; }
  // Room for unit names on a category axis: cut to this width with an ellipsis (the tooltip has the whole name).
  function nameWidth(chart) { return narrow(chart) ? Math.max(64, Math.round(chart.getWidth() * 0.28)) : 150; }
  function redrawAll() {
    redrawers.forEach(function (f) { f(); });
    layoutDrawn();
  }
  // Which layout the charts were last drawn for (tests and styles can tell the phone layout is in place).
  function layoutDrawn() { if (charts.length) { root.setAttribute('data-layout', narrow(charts[0]) ? 'narrow' : 'wide'); } }
  var wasNarrow = null;
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
    // Crossing the narrow width changes the layout, not only the size: draw the charts again.
    var now = charts.length ? narrow(charts[0]) : null;
    if (wasNarrow !== null && now !== wasNarrow) { redrawAll(); }
    wasNarrow = now;
  });

  // A category axis of unit names: cut to the room the chart has, and thinned out (every n-th name) when rows are
  // too close for all of them; the tooltips carry every full name.
  function unitAxis(chart, names) {
    return { type: 'category', inverse: true, data: names,
             axisLabel: { fontSize: fontSize(), width: nameWidth(chart), overflow: 'truncate', hideOverlap: true } };
  }

  // "信息公开" as "信息\n公开": Chinese names wrapped two characters a line for narrow columns.
  function twoPerLine(name) { return String(name).replace(/(..)(?=.)/g, '$1\n'); }

  // Charts with a row per unit grow with their units (up to the 30 rows a zoom window shows) so that names, a
  // font's height apart at least, never run into each other; the CSS height is the least they get.
  function fitRows(chart, rows) {
    var el = chart.getDom();
    el.style.height = '';
    var least = el.clientHeight;
    var height = Math.max(least, Math.min(rows, 30) * (fontSize() + 9) + 90);
    el.style.height = height + 'px';
    chart.resize();
  }

  function rankingChart(group, index) {
    var chart = chartOn('chart-rank-' + index);
    var names = group.units.map(function (u) { return u.name; });
    caption('title-rank-' + index, group.name + '总分与等次');
    fitRows(chart, names.length);
    var negative = group.units.filter(function (u) { return u.negativeList; });
    chart.setOption({
      tooltip: { trigger: 'item', formatter: function (p) {
        // the marker series lists the negative-list units only: its indexes are into that list
        var u = p.seriesIndex === 1 ? negative[p.dataIndex] : group.units[p.dataIndex];
        return esc(u.name) + '<br>第 ' + u.rank + ' 名 · ' + Number(u.total).toFixed(2) + ' 分 · ' + esc(u.grade) +
          (u.negativeList ? '<br>负面清单：' + esc(u.negativeReasons) : '');
      } },
      legend: { bottom: 0, data: ['总分', '负面清单'], textStyle: { fontSize: fontSize() } },
      grid: { left: 8, right: names.length > 30 ? 70 : 48, top: 16, bottom: 44, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100, name: '分', axisLabel: { fontSize: fontSize() } },
      yAxis: unitAxis(chart, names),
      dataZoom: names.length > 30 ? [{ type: 'slider', yAxisIndex: 0, start: 0, end: Math.min(100, 3000 / names.length) }] : [],
      series: [{
        name: '总分', type: 'bar',
        label: { show: names.length <= 30, position: 'right', fontSize: fontSize(), formatter: function (p) { return Number(p.value).toFixed(2); } },
        data: group.units.map(function (u) {
          return { value: num(u.total), grade: u.grade,
                   itemStyle: { color: u.negativeList ? NEGATIVE : (GRADE_COLOURS[u.grade] || '#607d8b') } };
        })
      }, {
        // a diamond centred on the bar's end: a pin stands above its point and seemed to mark the unit above
        name: '负面清单', type: 'scatter', symbol: 'diamond', symbolSize: 14,
        itemStyle: { color: NEGATIVE, borderColor: '#ffffff', borderWidth: 1 },
        data: negative.map(function (u) { return [num(u.total), u.name]; })
      }]
    }, true);
  }

  function uncertaintyChart(group, index) {
    var chart = chartOn('chart-uncertainty-' + index);
    var withInterval = group.units.filter(function (u) { return u.p05Rank !== null; });
    var names = group.units.map(function (u) { return u.name; });
    caption('title-uncertainty-' + index, withInterval.length ? '名次不确定性（5%–95% 区间）' : '名次不确定性（本轮未计算）');
    fitRows(chart, names.length);
    chart.setOption({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (ps) {
        var u = group.units[ps[0].dataIndex];
        return esc(u.name) + '<br>实际名次 ' + u.rank + (u.p05Rank !== null ?
          '<br>中位名次 ' + u.medianRank + '<br>90% 区间 ' + u.p05Rank + '–' + u.p95Rank : '');
      } },
      legend: { bottom: 0, data: ['名次区间', '中位名次', '实际名次'], textStyle: { fontSize: fontSize() } },
      grid: { left: 8, right: names.length > 30 ? 70 : 40, top: 16, bottom: 44, containLabel: true },
      xAxis: { type: 'value', min: 0, max: names.length + 1, name: '名次', minInterval: 1, axisLabel: { fontSize: fontSize() } },
      yAxis: unitAxis(chart, names),
      dataZoom: names.length > 30 ? [{ type: 'slider', yAxisIndex: 0, start: 0, end: Math.min(100, 3000 / names.length) }] : [],
      series: [
        { name: '区间起点', type: 'bar', stack: 'interval', silent: true, itemStyle: { color: 'transparent' },
          data: group.units.map(function (u) { return u.p05Rank === null ? null : u.p05Rank - 0.2; }) },
        { name: '名次区间', type: 'bar', stack: 'interval', barWidth: 10, itemStyle: { color: '#90a4ae' },
          data: group.units.map(function (u) { return u.p05Rank === null ? null : u.p95Rank - u.p05Rank + 0.4; }) },
        { name: '中位名次', type: 'scatter', symbol: 'diamond', symbolSize: 12, itemStyle: { color: '#37474f' },
          data: group.units.map(function (u) { return [num(u.medianRank), u.name]; }) },
        { name: '实际名次', type: 'scatter', symbolSize: 10, itemStyle: { color: '#b71c1c' },
          data: group.units.map(function (u) { return [u.rank, u.name]; }) }
      ]
    }, true);
  }

  function selectedGroup() {
    var select = document.getElementById('group-select');
    return data.groups[Number(select.value) || 0];
  }

  function fillUnits() {
    var select = document.getElementById('unit-select');
    select.textContent = '';
    selectedGroup().units.forEach(function (u, i) {
      var option = document.createElement('option');
      option.value = String(i);
      option.textContent = u.rank + '. ' + u.name;
      select.appendChild(option);
    });
  }

  function radarChart() {
    var group = selectedGroup();
    var unit = group.units[Number(document.getElementById('unit-select').value) || 0];
    var zero = function (values) { return values.map(function (v) { return v === null ? 0 : Number(v); }); };
    var chart = chartOn('chart-radar');
    caption('title-radar', unit.name + '：各领域得分率（%）');
    chart.setOption({
      tooltip: {},
      legend: { type: 'scroll', bottom: 0, data: [unit.name, '组平均', '组最佳'], textStyle: { fontSize: fontSize() } },
      radar: { radius: narrow(chart) ? '55%' : '65%', center: ['50%', '48%'],
               indicator: data.areas.map(function (a) { return { name: a.name, max: 100 }; }),
               axisName: { fontSize: fontSize(), color: '#1f2d3d' } },
      series: [{ name: '领域得分率', type: 'radar', data: [
        { name: unit.name, value: zero(unit.areaPercents), areaStyle: { opacity: 0.25 }, itemStyle: { color: '#b71c1c' } },
        { name: '组平均', value: zero(group.areaAverage), itemStyle: { color: '#1565c0' } },
        { name: '组最佳', value: zero(group.areaBest), itemStyle: { color: '#2e7d32' }, lineStyle: { type: 'dashed' } }
      ] }]
    }, true);
  }

  function heatmapChart() {
    var group = selectedGroup();
    var cells = [];
    group.units.forEach(function (u, y) {
      u.areaPercents.forEach(function (v, x) { cells.push([x, y, v === null ? '-' : Number(v)]); });
    });
    var names = group.units.map(function (u) { return u.name; });
    var chart = chartOn('chart-heatmap');
    var small = narrow(chart);
    var zoom = names.length > 25;
    caption('title-heatmap', group.name + '：领域 × 单位得分率（%）');
    fitRows(chart, names.length);
    chart.setOption({
      tooltip: { formatter: function (p) {
        return esc(names[p.value[1]]) + '<br>' + esc(data.areas[p.value[0]].name) + '：' + esc(p.value[2]) + '%';
      } },
      // On a phone the colour scale goes below the plot and the area names wrap two characters a line (信息/公开),
      // so five names share ~220 px side by side.
      grid: { left: zoom ? 36 : 8, right: small ? 12 : 90, top: 12, bottom: small ? 64 : 16, containLabel: true },
      xAxis: { type: 'category', data: data.areas.map(function (a) { return a.name; }),
               axisLabel: { fontSize: fontSize(), interval: 0, hideOverlap: true, lineHeight: Math.round(fontSize() * 1.5),
                            formatter: small ? twoPerLine : null } },
      yAxis: unitAxis(chart, names),
      visualMap: small
        ? { min: 0, max: 100, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 160,
            inRange: { color: ['#c62828', '#fff59d', '#2e7d32'] } }
        : { min: 0, max: 100, calculable: true, orient: 'vertical', right: 0, top: 'middle',
            inRange: { color: ['#c62828', '#fff59d', '#2e7d32'] } },
      dataZoom: zoom ? [{ type: 'slider', yAxisIndex: 0, left: 0, width: 20, start: 0, end: Math.min(100, 2500 / names.length) }] : [],
      series: [{ name: '领域得分率', type: 'heatmap', data: cells,
                 label: { show: names.length <= 25, fontSize: fontSize() - 1 } }]
    }, true);
  }

  function movementChart() {
    var group = selectedGroup();
    var chart = chartOn('chart-movement');
    var title = data.previousRound
      ? '与' + data.previousRound.name + '相比的名次变化' + (group.kendallTau !== null ? '（Kendall τ = ' + Number(group.kendallTau).toFixed(2) + '）' : '')
      : '没有可比较的上一轮次';
    var units = group.units.filter(function (u) { return u.rankChange !== null; });
    caption('title-movement', title);
    fitRows(chart, units.length);
    chart.setOption({
      tooltip: { trigger: 'axis', formatter: function (ps) {
        var u = units[ps[0].dataIndex];
        return esc(u.name) + '<br>名次变化 ' + (u.rankChange > 0 ? '上升 ' : u.rankChange < 0 ? '下降 ' : '持平 ') +
          Math.abs(u.rankChange) + '<br>总分变化 ' + Number(u.totalChange).toFixed(2);
      } },
      grid: { left: 8, right: 24, top: 16, bottom: 36, containLabel: true },
      xAxis: { type: 'value', name: '名次变化（正为上升）', nameLocation: 'middle', nameGap: 26, minInterval: 1,
               axisLabel: { fontSize: fontSize() } },
      yAxis: unitAxis(chart, units.map(function (u) { return u.name; })),
      series: [{ name: '名次变化', type: 'bar', data: units.map(function (u) {
        return { value: u.rankChange, itemStyle: { color: u.rankChange >= 0 ? '#2e7d32' : '#c62828' } };
      }) }]
    }, true);
  }

  function distributionChart() {
    var chart = chartOn('chart-distribution');
    var small = narrow(chart);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', bottom: 0, data: data.groups.map(function (g) { return g.name; }), textStyle: { fontSize: fontSize() } },
      grid: { left: 8, right: small ? 16 : 40, top: 32, bottom: 40, containLabel: true },
      // Ten bins of "90–100" do not fit side by side on a phone: each breaks after its dash, every one still shown.
      xAxis: { type: 'category', name: small ? '' : '总分', data: data.distributionBins,
               axisLabel: { fontSize: fontSize(), interval: 0, hideOverlap: true, lineHeight: Math.round(fontSize() * 1.5),
                            formatter: small ? function (v) { return v.replace('–', '–\n'); } : null } },
      yAxis: { type: 'value', name: '单位数', minInterval: 1, axisLabel: { fontSize: fontSize() } },
      series: data.groups.map(function (g) { return { name: g.name, type: 'bar', data: g.distribution }; })
    }, true);
  }

  function drawSelected() { radarChart(); heatmapChart(); movementChart(); }

  function draw() {
    data.groups.forEach(function (group, index) {
      rankingChart(group, index);
      uncertaintyChart(group, index);
      chartOn('chart-rank-' + index).on('click', function (p) {
        var u = group.units[p.dataIndex];
        if (p.seriesName === '总分' && u) { window.location.href = root.getAttribute('data-unit-base') + u.unitId; }
      });
    });
    var groupSelect = document.getElementById('group-select');
    data.groups.forEach(function (g, i) {
      var option = document.createElement('option');
      option.value = String(i);
      option.textContent = g.name;
      groupSelect.appendChild(option);
    });
    fillUnits();
    groupSelect.addEventListener('change', function () { fillUnits(); drawSelected(); });
    document.getElementById('unit-select').addEventListener('change', radarChart);
    drawSelected();
    distributionChart();
    redrawers = [function () {
      data.groups.forEach(function (group, index) { rankingChart(group, index); uncertaintyChart(group, index); });
      drawSelected(); distributionChart();
    }];
    wasNarrow = charts.length ? narrow(charts[0]) : null;
    layoutDrawn();
    root.setAttribute('data-rendered', 'true');
  }

  fetch(root.getAttribute('data-api'), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
    .then(function (response) {
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      return response.json();
    })
    .then(function (json) { data = json; useGrades(json.grades); draw(); })
    .catch(function (error) {
      var p = document.createElement('p');
      p.className = 'negative';
      p.textContent = '图表数据加载失败：' + error.message;
      root.prepend(p);
      root.setAttribute('data-rendered', 'error');
    });
})();
