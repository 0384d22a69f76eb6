/* The fact form: show only the fields the chosen kind of fact uses (static, for the CSP). */
(function () {
  // Show only the fields the chosen kind of fact uses; with no script every field stays visible.
  var rules = JSON.parse(document.getElementById("kind-fields").textContent);
  var kind = document.getElementById("id_kind");
  function update() {
    Object.keys(rules).forEach(function (name) {
      var box = document.querySelector('[data-field="' + name + '"]');
      if (!box) return;
      var used = !kind.value || rules[name].indexOf(kind.value) !== -1;
      var hasValue = box.querySelector("input, select, textarea").value;
      box.hidden = !used && !hasValue;
    });
  }
  kind.addEventListener("change", update);
  update();
})();
