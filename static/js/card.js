// The access card's QR code opens /card#CODE: the code after '#' never reaches the server or
// its logs. This puts it in the field and takes it out of the address bar and the history.
(function () {
  'use strict';
  var field = document.getElementById('code');
  var code = decodeURIComponent(location.hash.slice(1));
  if (!field || !document.getElementById('card-form') || !/^[A-Za-z0-9-]{12,20}$/.test(code)) return;
  field.value = code;
  history.replaceState(null, '', location.pathname);
  field.focus();
})();
