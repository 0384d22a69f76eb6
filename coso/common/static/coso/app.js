/* Cơ Sở: behaviour every page shares. A static file, so the Content-Security-Policy can refuse every
   inline script and event handler (config/settings.py, CONTENT_SECURITY_POLICY). */
(function () {
  "use strict";
  // <select data-autosubmit>: choosing a value submits its form (the language menu).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
  });
  // <form data-confirm="question">: ask before an irreversible step (closing minutes, removing a meeting).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); event.stopImmediatePropagation(); }
  }, true);
})();
