// Keeps the street team's contact page and its styles and scripts on the phone, so that the page
// opens with no signal; contacts written then wait in static/js/street.js's queue. Pages come
// from the network when there is one (they carry the session's form token), else from here.
'use strict';
var CACHE = 'coprog-street-v1';
self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (ev) { ev.waitUntil(self.clients.claim()); });
self.addEventListener('fetch', function (ev) {
  var req = ev.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  var page = url.pathname === '/street/contacts';
  if (!page && url.pathname.indexOf('/static/') !== 0) return;
  ev.respondWith(
    fetch(req).then(function (res) {
      if (res.ok) {
        var copy = res.clone();
        caches.open(CACHE).then(function (c) { c.put(page ? '/street/contacts' : req, copy); });
      }
      return res;
    }).catch(function () {
      return caches.match(page ? '/street/contacts' : req).then(function (hit) {
        return hit || Response.error();
      });
    })
  );
});
