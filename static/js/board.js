// The operations room's board, kept current: the page asks for the board's stamp every half
// second (while it is visible) and, when something changed, fetches the board again and puts it
// in place, saying so to screen readers. Without this script the page offers to refresh itself.
(function () {
  'use strict';
  var board = document.getElementById('board');
  if (!board || !window.fetch || !window.DOMParser) return;
  var url = board.getAttribute('data-stamp-url');
  var status = document.getElementById('board-status');
  var stamp = board.getAttribute('data-stamp');
  var busy = false;
  function tick() {
    if (busy || document.hidden) return;
    busy = true;
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (j) {
        if (!j || String(j.stamp) === stamp) return null;
        return fetch(location.pathname, { credentials: 'same-origin' })
          .then(function (res) { return res.ok ? res.text() : null; })
          .then(function (html) {
            if (!html) return;
            var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('board');
            if (!fresh) return;
            board.innerHTML = fresh.innerHTML;
            stamp = fresh.getAttribute('data-stamp');
            board.setAttribute('data-stamp', stamp);
            if (status) status.textContent = document.documentElement.lang === 'en' ? 'Board updated.' : 'Tabellone aggiornato.';
          });
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }
  setInterval(tick, 500);
})();
