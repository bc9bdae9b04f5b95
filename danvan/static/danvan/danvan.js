/* Page behaviour bound from data- attributes, so no page needs an inline script or on…= handler
   (the Content-Security-Policy allows scripts from this site's files only).
   - <select data-autosubmit>: submits its form when changed (language, dashboard period).
   - <form data-confirm="…"> / <button data-confirm="…">: asks before submitting.
   - <a data-back href="…">: goes back in history when there is one, else follows the link.
   - [data-percent]: the width of a progress bar (a style attribute would be an inline style).
   - list pages: export links take the filters at click time; filter inputs get Bootstrap's classes.
   - <a data-lightbox="group" href="photo">: opens the photo full size in the page (<dialog id="lightbox">),
     with the previous / next photo of its group (buttons, arrow keys); Escape or "Đóng" closes it. */
(function () {
  'use strict';

  function each(root, selector, fn) {
    if (root.matches && root.matches(selector)) { fn(root); }
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }

  function setUp(root) {
    each(root, '[data-percent]', function (el) {
      var p = Math.max(0, Math.min(100, parseFloat(el.dataset.percent) || 0));
      el.style.width = p + '%';
    });
    each(root, '.filter-form input:not([type=hidden]):not([type=checkbox]), .filter-form select', function (el) {
      el.classList.add(el.tagName === 'SELECT' ? 'form-select' : 'form-control');
      el.classList.add('form-control-sm');
    });
  }

  document.addEventListener('change', function (event) {
    var el = event.target;
    if (el.matches && el.matches('select[data-autosubmit]') && el.form) { el.form.submit(); }
  });

  document.addEventListener('submit', function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.dataset && submitter.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);

  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a[data-back], a.export-link') : null;
    if (!link) { return; }
    if (link.hasAttribute('data-back')) {
      if (window.history.length > 1) { event.preventDefault(); window.history.back(); }
      return;
    }
    // Filters change the address bar (hx-push-url), so an export link takes the filters at click time.
    var params = new URLSearchParams(window.location.search);
    params.delete('page');
    params.set('export', link.dataset.export);
    link.href = window.location.pathname + '?' + params.toString();
  });

  // The photo lightbox: a <dialog> (no library; the photos come from this site, nothing is downloaded).
  var lightbox = { group: [], index: 0 };

  function showPhoto(index) {
    var dialog = document.getElementById('lightbox');
    var group = lightbox.group;
    if (!dialog || !group.length) { return; }
    lightbox.index = (index + group.length) % group.length;
    var link = group[lightbox.index];
    var img = document.getElementById('lightbox-image');
    img.src = link.getAttribute('href');
    img.alt = link.dataset.caption || '';
    document.getElementById('lightbox-caption').textContent = link.dataset.caption || '';
    document.getElementById('lightbox-position').textContent = group.length > 1 ? (lightbox.index + 1) + '/' + group.length : '';
    Array.prototype.forEach.call(dialog.querySelectorAll('[data-lightbox-step]'), function (b) { b.hidden = group.length < 2; });
    if (!dialog.open) { dialog.showModal(); }
  }

  document.addEventListener('click', function (event) {
    if (!event.target.closest) { return; }
    var link = event.target.closest('a[data-lightbox]');
    var dialog = document.getElementById('lightbox');
    if (link && dialog && typeof dialog.showModal === 'function') {
      event.preventDefault();
      var name = link.dataset.lightbox;
      lightbox.group = Array.prototype.filter.call(document.querySelectorAll('a[data-lightbox]'), function (a) {
        return a.dataset.lightbox === name;
      });
      showPhoto(lightbox.group.indexOf(link));
      return;
    }
    if (!dialog || !dialog.open) { return; }
    var step = event.target.closest('[data-lightbox-step]');
    if (step) { showPhoto(lightbox.index + parseInt(step.dataset.lightboxStep, 10)); return; }
    if (event.target.closest('[data-lightbox-close]') || event.target === dialog) { dialog.close(); }
  });

  document.addEventListener('keydown', function (event) {
    var dialog = document.getElementById('lightbox');
    if (!dialog || !dialog.open) { return; }
    if (event.key === 'ArrowRight') { showPhoto(lightbox.index + 1); }
    if (event.key === 'ArrowLeft') { showPhoto(lightbox.index - 1); }
  });

  setUp(document);
  document.addEventListener('htmx:load', function (event) { setUp(event.target); });
})();
