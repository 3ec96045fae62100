// A unit's page without this script works in full (filters and search are links and a GET form). With it: copy
// buttons for digests, and the search narrows the list while typing (the form still submits to the server).
(function () {
  'use strict';

  function copyText(text, button) {
    function done() {
      var label = button.textContent;
      button.textContent = '已复制';
      setTimeout(function () { button.textContent = label; }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text) && done(); });
    } else if (fallback(text)) {
      done();
    }
  }

  // Plain http outside localhost has no Clipboard API: copy through a selected, off-screen text area.
  function fallback(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.left = '-9999px';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  document.querySelectorAll('button.copy[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.setAttribute('aria-label', '复制摘要');
    button.addEventListener('click', function () { copyText(button.getAttribute('data-copy'), button); });
  });

  var search = document.getElementById('point-search');
  if (!search) { return; }
  search.addEventListener('input', function () {
    var needle = search.value.trim().toLowerCase();
    document.querySelectorAll('li.point').forEach(function (item) {
      var name = (item.getAttribute('data-name') || '').toLowerCase();
      item.hidden = needle !== '' && name.indexOf(needle) < 0;
    });
    document.querySelectorAll('details.area-group').forEach(function (group) {
      var shown = group.querySelectorAll('li.point:not([hidden])').length;
      group.hidden = shown === 0;
      if (needle !== '') { group.open = shown > 0; }
    });
  });
}());
