// Repeated groups of fields (partners, target groups, budget lines, areas, criteria, ...): with
// this script a person adds and removes rows; without it the form shows a few blank rows and
// still posts, blank rows being ignored by the server. Rows are numbered 1, 2, ... in their
// labels and ids, and renumbered after a removal.
(function () {
  'use strict';
  function isEmpty(row) {
    var fields = row.querySelectorAll('input, select, textarea');
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === 'checkbox' || f.type === 'radio') { if (f.checked) return false; }
      else if (f.tagName === 'SELECT') { if (f.selectedIndex > 0) return false; }
      else if (f.value.trim() !== '') return false;
    }
    return true;
  }
  function renumber(row, from, to) {
    if (from === to) return;
    var tail = new RegExp(from + '$');
    var word = new RegExp('(^|\\s)' + from + '(?=\\s|$)');
    var all = row.querySelectorAll('[id], [for], label, input[type=checkbox]');
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (el.id) el.id = el.id.replace(tail, to);
      if (el.htmlFor) el.htmlFor = el.htmlFor.replace(tail, to);
      if (el.tagName === 'LABEL') {
        for (var k = 0; k < el.childNodes.length; k++) {
          var t = el.childNodes[k];
          if (t.nodeType === 3) t.nodeValue = t.nodeValue.replace(word, '$1' + to);
        }
      }
      if (el.type === 'checkbox' && el.value === String(from)) el.value = String(to);
    }
    row.setAttribute('data-n', to);
  }
  function rowsOf(set) { return set.querySelectorAll('.repeat-row'); }
  function renumberAll(set) {
    var rows = rowsOf(set);
    for (var i = 0; i < rows.length; i++) renumber(rows[i], Number(rows[i].getAttribute('data-n')), i + 1);
  }
  function addRemove(set, row) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn btn-outline-secondary btn-xs mb-3 remove-row';
    b.textContent = set.getAttribute('data-remove');
    b.addEventListener('click', function () {
      if (rowsOf(set).length > 1) row.remove();
      else {
        var fs = row.querySelectorAll('input, textarea');
        for (var i = 0; i < fs.length; i++) { if (fs[i].type === 'checkbox') fs[i].checked = false; else fs[i].value = ''; }
      }
      renumberAll(set);
      var first = set.querySelector('.repeat-row input, .repeat-row select');
      if (first) first.focus();
    });
    var box = document.createElement('div');
    box.className = 'col-12';
    box.appendChild(b);
    row.appendChild(box);
  }
  var sets = document.querySelectorAll('fieldset[data-rows]');
  for (var s = 0; s < sets.length; s++) {
    (function (set) {
      var rows = rowsOf(set);
      var keptEmpty = false;
      for (var i = 0; i < rows.length; i++) {
        rows[i].setAttribute('data-n', i + 1);
        if (isEmpty(rows[i])) {
          if (keptEmpty) { rows[i].remove(); continue; }
          keptEmpty = true;
        }
      }
      renumberAll(set);
      rows = rowsOf(set);
      for (var j = 0; j < rows.length; j++) addRemove(set, rows[j]);
      var add = document.createElement('button');
      add.type = 'button';
      add.className = 'btn btn-outline-primary btn-sm mb-3 add-row';
      add.textContent = set.getAttribute('data-add');
      add.addEventListener('click', function () {
        var all = rowsOf(set);
        var last = all[all.length - 1];
        var copy = last.cloneNode(true);
        var old = copy.querySelector('.remove-row');
        if (old) old.parentNode.remove();
        var fs = copy.querySelectorAll('input, textarea, select');
        for (var i = 0; i < fs.length; i++) {
          if (fs[i].type === 'checkbox') fs[i].checked = false;
          else if (fs[i].tagName === 'SELECT') fs[i].selectedIndex = 0;
          else fs[i].value = '';
        }
        last.parentNode.insertBefore(copy, last.nextSibling);
        renumber(copy, Number(last.getAttribute('data-n')), all.length + 1);
        addRemove(set, copy);
        var first = copy.querySelector('input, select, textarea');
        if (first) first.focus();
      });
      set.appendChild(add);
    })(sets[s]);
  }
})();
