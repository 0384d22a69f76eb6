/* The roll's search box: a long cell's roll narrowed to the names typed (static, for the CSP).
   Without the script the box stays hidden and every row shows. Vietnamese names are matched
   without their tone marks ("nguyen van" finds "Nguyễn Văn"), so a secretary can type fast. */
(function () {
  var box = document.querySelector("[data-roll-search]");
  if (!box) return;
  var input = box.querySelector("input");
  var counter = box.querySelector("[data-roll-shown]");
  box.hidden = false;

  function fold(text) {
    return (text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  function apply() {
    var words = fold(input.value).split(" ").filter(Boolean);
    var shown = 0;
    var rows = document.querySelectorAll("[data-testid=roll-row]");
    rows.forEach(function (row) {
      var name = fold(row.getAttribute("data-member"));
      var match = words.every(function (w) { return name.indexOf(w) !== -1; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    if (counter) counter.textContent = words.length ? shown + "/" + rows.length : "";
  }

  input.addEventListener("input", apply);
  // A row marked through htmx is swapped in anew: keep the filter on it.
  document.body.addEventListener("htmx:afterSwap", apply);
  box.addEventListener("submit", function (event) { event.preventDefault(); });
})();
