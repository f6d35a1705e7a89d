// Progress for large uploads (the housing company's file): forms marked data-progress send
// with XMLHttpRequest, show how much has gone up, then that the server is checking and
// importing, and finally show the answer page. Without JavaScript the form posts as usual.
(function () {
  'use strict';
  document.querySelectorAll('form[data-progress]').forEach(function (form) {
    var box = document.getElementById(form.getAttribute('data-progress'));
    if (!box || !window.FormData || !window.XMLHttpRequest) return;
    var bar = box.querySelector('progress');
    var text = box.querySelector('[data-progress-text]');
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var xhr = new XMLHttpRequest();
      var started = Date.now();
      box.hidden = false;
      form.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) return;
        var pct = Math.round((e.loaded * 100) / e.total);
        bar.value = pct;
        text.textContent = box.getAttribute('data-sending').replace('%', pct + '%');
      });
      xhr.upload.addEventListener('load', function () {
        bar.removeAttribute('value');
        text.textContent = box.getAttribute('data-working');
        var tick = setInterval(function () {
          if (xhr.readyState === 4) { clearInterval(tick); return; }
          text.textContent = box.getAttribute('data-working') + ' (' + Math.round((Date.now() - started) / 1000) + ' s)';
        }, 1000);
      });
      xhr.addEventListener('load', function () {
        var type = xhr.getResponseHeader('Content-Type') || '';
        if (type.indexOf('text/html') === 0) {
          document.open();
          document.write(xhr.responseText);
          document.close();
          return;
        }
        // A download (the codes as CSV): hand it over as a file.
        var blob = new Blob([xhr.response], { type: type });
        var a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = 'codici-invito.csv';
        document.body.appendChild(a);
        a.click();
        text.textContent = box.getAttribute('data-done');
        form.querySelectorAll('button').forEach(function (b) { b.disabled = false; });
      });
      xhr.addEventListener('error', function () {
        text.textContent = box.getAttribute('data-failed');
        form.querySelectorAll('button').forEach(function (b) { b.disabled = false; });
      });
      xhr.open('POST', form.action);
      xhr.send(new FormData(form));
    });
  });
})();
