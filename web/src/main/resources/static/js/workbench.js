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
