// Progressive enhancement of the menu's groups (<details>, which work without this): one group
// open at a time, closed by Escape or a click elsewhere. Nothing here is needed to navigate.
(function () {
  'use strict';
  var groups = document.querySelectorAll('.nav-group > details');
  function closeAll(except) {
    for (var i = 0; i < groups.length; i++) {
      if (groups[i] !== except) groups[i].removeAttribute('open');
    }
  }
  for (var i = 0; i < groups.length; i++) {
    groups[i].addEventListener('toggle', function (e) {
      if (e.target.open) closeAll(e.target);
    });
  }
  document.addEventListener('click', function (e) {
    if (!e.target.closest || !e.target.closest('.nav-group')) closeAll(null);
  });
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    for (var i = 0; i < groups.length; i++) {
      if (groups[i].open) {
        groups[i].removeAttribute('open');
        groups[i].querySelector('summary').focus();
      }
    }
  });
})();
