// Phase moves of a round ask first, saying what the move does (data-confirm); the server checks the move anyway.
(function () {
  document.querySelectorAll('form.move[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      if (!window.confirm(form.getAttribute('data-confirm'))) {
        e.preventDefault();
      }
    });
  });
})();

// The round-creation form: only the chosen system's points and rounds are offered; more group rows on demand.
// Without script every list shows and the server still takes only the chosen system's points.
(function () {
  var form = document.querySelector('form.round-form');
  if (!form) {
    return;
  }
  var system = form.querySelector('#rf-system');
  var scopeSelected = form.querySelector('input[name=pointScope][value=selected]');
  var policySource = form.querySelector('select[name=policyFrom]');

  function showSystem() {
    form.querySelectorAll('details.point-list').forEach(function (list) {
      var chosen = list.getAttribute('data-system') === system.value;
      list.hidden = !chosen;
      list.querySelectorAll('input[type=checkbox]').forEach(function (box) { box.disabled = !chosen; });
      if (chosen && scopeSelected.checked) {
        list.open = true;
      }
    });
    policySource.querySelectorAll('option[data-system]').forEach(function (option) {
      option.hidden = option.getAttribute('data-system') !== system.value;
      if (option.hidden && option.selected) {
        policySource.value = '';
      }
    });
  }
  system.addEventListener('change', showSystem);
  form.querySelectorAll('input[name=pointScope]').forEach(function (radio) {
    radio.addEventListener('change', showSystem);
  });
  policySource.addEventListener('change', function () {
    if (policySource.value) {
      form.querySelector('input[name=policy][value=copy]').checked = true;
    }
  });

  form.querySelectorAll('fieldset.area-points').forEach(function (area) {
    function tick(value) {
      area.querySelectorAll('input[type=checkbox]').forEach(function (box) { box.checked = value; });
      scopeSelected.checked = true;
    }
    area.querySelector('button.tick-all').addEventListener('click', function () { tick(true); });
    area.querySelector('button.tick-none').addEventListener('click', function () { tick(false); });
  });
  form.querySelectorAll('label.point-choice input').forEach(function (box) {
    box.addEventListener('change', function () { scopeSelected.checked = true; });
  });

  var rows = form.querySelector('table.group-rows tbody');
  form.querySelector('button.add-group').addEventListener('click', function () {
    var last = rows.lastElementChild;
    var row = last.cloneNode(true);
    var index = rows.children.length;
    row.querySelectorAll('input, select').forEach(function (field) {
      field.name = field.name.replace(/groups\[\d+]/, 'groups[' + index + ']');
      field.id = field.name.replace(/[\[\].]/g, '');
      field.setAttribute('aria-label', field.getAttribute('aria-label').replace(/第 \d+ 组/, '第 ' + (index + 1) + ' 组'));
      if (field.tagName === 'INPUT') {
        field.value = '';
      }
    });
    rows.appendChild(row);
    row.querySelector('input').focus();
  });
  showSystem();
})();
