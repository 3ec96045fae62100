// Refreshes the crawl progress table from the API every 3 seconds (no inline scripts: CSP script-src 'self').
(function () {
  'use strict';
  var table = document.getElementById('progress');
  if (!table) { return; }
  var labels = { RUNNING: '采集中', DONE: '已完成', INCOMPLETE: '未完成', FAILED: '失败' };
  function set(row, cls, value) { row.querySelector('.' + cls).textContent = String(value); }
  function refresh() {
    fetch(table.getAttribute('data-api'), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (sites) {
        sites.forEach(function (s) {
          var row = table.querySelector('tr[data-channel="' + s.channelId + '"]');
          if (!row) { return; }
          var total = s.done + s.queued + s.failed + s.skipped;
          var bar = row.querySelector('progress');
          bar.max = Math.max(total, 1);
          bar.value = s.done;
          set(row, 'status', s.status ? (labels[s.status] || s.status) : '未开始');
          set(row, 'done', s.done); set(row, 'queued', s.queued); set(row, 'failed', s.failed);
          set(row, 'skipped', s.skipped); set(row, 'bytes', s.bytes);
        });
        table.setAttribute('data-refreshed', new Date().toISOString());
      })
      .catch(function () { /* keep the last figures; the next tick tries again */ });
  }
  refresh();
  setInterval(refresh, 3000);
})();
