// A street team's contacts with no signal: each contact gets a key made here when it is written
// down, is kept on the phone (localStorage) until the server has it, and is sent again when the
// network returns. The server keeps one contact per key, so a contact sent twice (the answer lost
// on the way back) is still one contact. Without this script the form posts as any form, with
// the key the server put in it.
(function () {
  'use strict';
  var form = document.getElementById('street-form');
  if (!form || !window.fetch || !window.localStorage) return;
  var store = form.getAttribute('data-offline-queue');
  var box = document.getElementById('street-queue');
  var lang = document.documentElement.lang === 'en' ? 'en' : 'it';
  var T = {
    it: { waiting: function (n) { return n === 1 ? '1 contatto salvato sul telefono: sarà inviato quando torna la rete.' : n + ' contatti salvati sul telefono: saranno inviati quando torna la rete.'; },
          sent: function (n) { return n === 1 ? 'Contatto registrato.' : n + ' contatti registrati.'; },
          login: 'Sessione scaduta: accedi di nuovo, i contatti restano salvati sul telefono.',
          refused: 'Un contatto è stato rifiutato: ',
          unsent: function (n) { return (n === 1 ? '1 contatto non ancora inviato' : n + ' contatti non ancora inviati') + ': uscendo sarà cancellato da questo telefono. Attendi la rete, oppure premi di nuovo «Esci» per uscire comunque.'; } },
    en: { waiting: function (n) { return n === 1 ? '1 contact kept on this phone: it will be sent when the network returns.' : n + ' contacts kept on this phone: they will be sent when the network returns.'; },
          sent: function (n) { return n === 1 ? 'Contact recorded.' : n + ' contacts recorded.'; },
          login: 'Session expired: sign in again; the contacts stay on this phone.',
          refused: 'A contact was refused: ',
          unsent: function (n) { return (n === 1 ? '1 contact not sent yet' : n + ' contacts not sent yet') + ': signing out deletes it from this phone. Wait for the network, or press «Sign out» again to sign out anyway.'; } }
  }[lang];

  function key() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    var s = '';
    for (var i = 0; i < b.length; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
    return s;
  }
  function load() {
    try { return JSON.parse(localStorage.getItem(store) || '[]'); } catch (e) { return []; }
  }
  function save(q) { localStorage.setItem(store, JSON.stringify(q)); }
  function say(text, kind) {
    box.textContent = text;
    box.className = 'alert alert-' + (kind || 'info');
  }
  function show() {
    var n = load().length;
    if (n) say(T.waiting(n)); else if (box.className.indexOf('alert-info') >= 0) box.className = 'alert alert-info d-none';
  }

  var sending = false;
  // Sends what waits, oldest first; stops at the first that cannot go now.
  function flush() {
    if (sending) return;
    var q = load();
    if (!q.length) { show(); return; }
    sending = true;
    var sent = 0;
    (function next() {
      q = load();
      if (!q.length) { sending = false; if (sent) say(T.sent(sent), 'success'); return; }
      var item = q[0], body = new URLSearchParams();
      item.fields.forEach(function (f) { body.append(f[0], f[1]); });
      body.set('_csrf', form.elements._csrf.value);
      fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin',
                           headers: { Accept: 'application/json' } })
        .then(function (res) {
          if (res.status === 401 || res.status === 403) { sending = false; say(T.login, 'warning'); return; }
          // The server is busy or down, or asks to wait: the contact stays for the next try.
          if (res.status >= 500 || res.status === 429) { sending = false; show(); return; }
          return res.json().then(function (j) {
            var rest = load().filter(function (x) { return x.key !== item.key; });
            save(rest);
            if (res.ok) sent++;
            else say(T.refused + (j && j.message ? j.message : res.status), 'danger');
            next();
          });
        })
        .catch(function () { sending = false; show(); });
    })();
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var k = key(), fields = [];
    form.elements.client_key.value = k;
    new FormData(form).forEach(function (v, name) { if (name !== '_csrf') fields.push([name, String(v)]); });
    // The time of the contact is the phone's, not the time the network came back.
    if (!form.elements.met_at.value) {
      var d = new Date(), p = function (x) { return (x < 10 ? '0' : '') + x; };
      fields = fields.filter(function (f) { return f[0] !== 'met_at'; });
      fields.push(['met_at', d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes())]);
    }
    var q = load();
    q.push({ key: k, fields: fields });
    save(q);
    form.reset();
    show();
    flush();
  });
  window.addEventListener('online', flush);
  // Signing out wipes the phone's copy of this page and what waits (the server's answer says
  // Clear-Site-Data), so the next person to pick the phone up finds no one's contacts. With
  // contacts still waiting, the first press says what would be lost and a second signs out;
  // they go by themselves meanwhile if the network returns.
  var out = document.querySelector('form[action="/logout"]'), warned = false;
  if (out) out.addEventListener('submit', function (ev) {
    var n = load().length;
    if (!n || warned) return;
    ev.preventDefault();
    warned = true;
    say(T.unsent(n), 'warning');
    box.focus();
  });
  show();
  flush();
  // The page itself is kept for when there is no signal.
  if (navigator.serviceWorker) navigator.serviceWorker.register('/street/sw.js', { scope: '/street/' }).catch(function () {});
})();
