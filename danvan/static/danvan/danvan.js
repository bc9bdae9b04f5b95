/* Page behaviour bound from data- attributes, so no page needs an inline script or on…= handler
   (the Content-Security-Policy allows scripts from this site's files only).
   - <select data-autosubmit>: submits its form when changed (language, dashboard period).
   - <form data-confirm="…"> / <button data-confirm="…">: asks before submitting.
   - <a data-back href="…">: goes back in history when there is one, else follows the link.
   - [data-percent]: the width of a progress bar (a style attribute would be an inline style).
   - list pages: export links take the filters at click time; filter inputs get Bootstrap's classes. */
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

  setUp(document);
  document.addEventListener('htmx:load', function (event) { setUp(event.target); });
})();
