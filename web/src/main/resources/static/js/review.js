// The review queue: keyboard shortcuts (j/k move, x tick, c confirm, o override), the ticked count, "select the
// page", and a confirmation naming how many findings a bulk action will change. Shortcuts never fire while the
// evaluator types in a field.
(function () {
  const rows = Array.prototype.slice.call(document.querySelectorAll('tr.finding-row'));
  const bulk = document.getElementById('bulk');
  const selectedCount = document.getElementById('selected-count');
  const selectPage = document.getElementById('select-page');
  let current = -1;

  function ticks() {
    return Array.prototype.slice.call(document.querySelectorAll('input.pick-row'));
  }

  function updateCount() {
    if (selectedCount) {
      selectedCount.textContent = String(ticks().filter(function (c) { return c.checked; }).length);
    }
  }

  function focusRow(index) {
    if (rows.length === 0) { return; }
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (r, i) { r.classList.toggle('current', i === current); });
    rows[current].focus({ preventScroll: true });
    rows[current].scrollIntoView({ block: 'nearest' });
  }

  // Back from an action the page is at the row it came from (#f-…): that row is the current one.
  if (location.hash.indexOf('#f-') === 0) {
    const at = rows.findIndex(function (r) { return '#' + r.id === location.hash; });
    if (at >= 0) { focusRow(at); }
  }

  function typing(target) {
    if (!target || !target.tagName) { return false; }
    const tag = target.tagName.toUpperCase();
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
  }

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || rows.length === 0) { return; }
    const row = current >= 0 ? rows[current] : null;
    switch (e.key) {
      case 'j': focusRow(current + 1); break;
      case 'k': focusRow(current < 0 ? 0 : current - 1); break;
      case 'x': {
        if (!row) { return; }
        const tick = row.querySelector('input.pick-row');
        tick.checked = !tick.checked;
        updateCount();
        break;
      }
      case 'c':
        if (!row) { return; }
        row.querySelector('form.confirm-form').requestSubmit();
        break;
      case 'o':
        if (!row) { return; }
        row.querySelector('input.override-reason').focus();
        break;
      default: return;
    }
    e.preventDefault();
  });

  rows.forEach(function (r, i) {
    r.addEventListener('click', function () { current = i; rows.forEach(function (o, j) { o.classList.toggle('current', j === i); }); });
  });
  ticks().forEach(function (c) { c.addEventListener('change', updateCount); });
  if (selectPage) {
    selectPage.addEventListener('change', function () {
      ticks().forEach(function (c) { c.checked = selectPage.checked; });
      updateCount();
    });
  }
  updateCount();

  if (bulk) {
    bulk.addEventListener('submit', function (e) {
      const all = document.getElementById('scope-all').checked;
      const count = all ? Number(bulk.getAttribute('data-total'))
        : ticks().filter(function (c) { return c.checked; }).length;
      const override = e.submitter && e.submitter.value === 'OVERRIDE';
      if (count === 0) {
        e.preventDefault();
        window.alert('请先勾选要处理的检查结果，或选择筛选结果中的全部');
        return;
      }
      const what = override ? '改判为「' + bulk.querySelector('select[name=status]').selectedOptions[0].text + '」'
        : '确认';
      if (!window.confirm('将对 ' + count + ' 条检查结果批量' + what + '，每条都记入操作日志。确定吗？')) {
        e.preventDefault();
      }
    });
  }
})();
