/* The profile edit: ask from when changed levels hold only once an education or qualification
   level is changed (static, for the CSP). With no script the question stays visible. */
(function () {
  var since = document.querySelector('[data-field="qualification_since"]');
  if (!since) return;
  var names = ["general_education", "professional_education", "political_theory", "state_management"];
  var selects = names.map(function (name) { return document.getElementById("id_" + name); }).filter(Boolean);
  var hasError = since.querySelector(".invalid-feedback");
  function update() {
    var changed = selects.some(function (s) { return s.value !== (s.dataset.saved || ""); });
    since.hidden = !changed && !hasError;
  }
  selects.forEach(function (s) { s.addEventListener("change", update); });
  update();
})();
