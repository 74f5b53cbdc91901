// Two guards on every page's forms (no inline script: the pages run under a strict CSP).
// 1. An irreversible step asks first: a form or a button with data-confirm shows its
//    summary (who is affected, what is missing) and goes on only when confirmed.
// 2. A form with data-unsaved warns before the page is left with typed, unsaved text.
// 3. A field with data-autosubmit sends its form when it changes (a filter's tick box).
(function () {
  "use strict";
  var dirty = new Set();

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var text = (button && button.dataset.confirm) || form.dataset.confirm;
    if (text && !window.confirm(text)) {
      event.preventDefault();
      return;
    }
    dirty.delete(form);
  }, true);

  function mark(event) {
    var form = event.target.form;
    if (form && form.dataset.unsaved !== undefined && !event.target.hasAttribute("form")) {
      dirty.add(form);
    }
  }
  document.addEventListener("input", mark, true);
  document.addEventListener("change", mark, true);
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.dataset && field.dataset.autosubmit !== undefined && field.form) {
      field.form.requestSubmit();
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty.size) {
      event.preventDefault();
      event.returnValue = "";  // the browser shows its own "leave the page?" question
    }
  });
})();
