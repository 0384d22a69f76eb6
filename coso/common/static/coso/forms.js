/* Cơ Sở: date pickers and searchable pickers of every form (issue 8, "forms that fit the hand").

   <input data-datepicker>: a text box people type into as they like (10122026, 10/12/2026, 10.12.26 —
   the server reads it, coso.common.dates.read_typed_date) with a calendar button beside it
   (vanillajs-datepicker, Vietnamese). The calendar is an inline picker in a pop-over, never attached
   to the text box itself, so nothing the person typed is rewritten or erased behind their back.

   <select data-picker="local|remote">: Tom Select. "local" searches the options of the page (a small
   list, which works as a plain select without JavaScript); "remote" asks data-picker-url (the scoped
   search of coso.common.pickers) as the person types. Matching ignores diacritics on both sides.

   Everything starts from data attributes, in a static file: the Content-Security-Policy refuses inline
   scripts. Content swapped in by htmx is set up too. */
(function () {
  "use strict";

  function fold(text) {
    return String(text || "").replace(/đ/g, "d").replace(/Đ/g, "d").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  // The same rules as coso.common.dates.read_typed_date, only to open the calendar on the typed date.
  function readTypedDate(text, latestYear) {
    text = String(text || "").trim();
    if (!text || !/^[\d\s\/.\-,]+$/.test(text)) { return null; }
    var parts = text.split(/[\s\/.\-,]+/).filter(Boolean);
    if (parts.length === 1) {
      var digits = parts[0];
      if (digits.length !== 6 && digits.length !== 8) { return null; }
      parts = [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4)];
    }
    if (parts.length !== 3) { return null; }
    var d = parts[0], m = parts[1], y = parts[2];
    if (parts[0].length === 4 && parts[1].length <= 2 && parts[2].length <= 2) { y = parts[0]; d = parts[2]; }
    if (d.length > 2 || m.length > 2 || (y.length !== 2 && y.length !== 4)) { return null; }
    var year = parseInt(y, 10);
    if (y.length === 2) { year = latestYear - ((latestYear - year) % 100 + 100) % 100; }
    var date = new Date(year, parseInt(m, 10) - 1, parseInt(d, 10));
    if (date.getFullYear() !== year || date.getMonth() !== parseInt(m, 10) - 1 || date.getDate() !== parseInt(d, 10)) {
      return null;
    }
    return date;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function display(date) { return pad(date.getDate()) + "/" + pad(date.getMonth() + 1) + "/" + date.getFullYear(); }

  function language() {
    var lang = (document.documentElement.lang || "vi").slice(0, 2);
    return window.Datepicker && window.Datepicker.locales[lang] ? lang : "en";
  }

  function setUpDate(input) {
    if (input.dataset.datepickerReady || !window.Datepicker) { return; }
    input.dataset.datepickerReady = "1";
    var latestYear = parseInt(input.dataset.latestYear || "", 10) || new Date().getFullYear() + 5;
    var group = document.createElement("div");
    group.className = "input-group coso-date";
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary coso-date-button";
    button.setAttribute("aria-label", document.documentElement.lang === "en" ? "Calendar" : "Lịch");
    button.setAttribute("aria-expanded", "false");
    button.innerHTML = '<i class="bi bi-calendar3" aria-hidden="true"></i>';
    if (input.disabled || input.readOnly) { button.disabled = true; }
    group.appendChild(button);
    var pop = document.createElement("div");
    pop.className = "coso-date-pop shadow border rounded";
    pop.hidden = true;
    group.appendChild(pop);
    var picker = null;
    var quiet = false;  // setting the calendar to the typed date is not a pick

    function close() { pop.hidden = true; button.setAttribute("aria-expanded", "false"); }
    function open() {
      if (!picker) {
        picker = new window.Datepicker(pop, {
          language: language(), weekStart: 1, buttonClass: "btn", todayHighlight: true, todayButton: true, todayButtonMode: 1,
          maxDate: new Date(latestYear, 11, 31), minDate: new Date(1930, 0, 1)
        });
        pop.addEventListener("changeDate", function (event) {
          if (quiet || !event.detail.date) { return; }
          input.value = display(event.detail.date);
          input.dispatchEvent(new Event("change", {bubbles: true}));
          close();
          input.focus();
        });
      }
      var typed = readTypedDate(input.value, latestYear);
      quiet = true;
      picker.setDate(typed ? typed : {clear: true});
      if (typed) { picker.setFocusedDate(typed); }
      quiet = false;
      pop.hidden = false;
      button.setAttribute("aria-expanded", "true");
    }
    button.addEventListener("click", function () { if (pop.hidden) { open(); } else { close(); } });
    document.addEventListener("click", function (event) { if (!group.contains(event.target)) { close(); } });
    group.addEventListener("keydown", function (event) { if (event.key === "Escape" && !pop.hidden) { close(); button.focus(); } });
  }

  function setUpPicker(select) {
    if (select.tomselect || !window.TomSelect) { return; }
    var remote = select.dataset.picker === "remote";
    var empty = select.dataset.pickerEmpty || "—";
    // The empty choice ("—", "All") becomes the placeholder; an optional field gets a clear button.
    var blank = select.querySelector('option[value=""]');
    var blankText = blank ? blank.textContent.trim() : "";
    var clearText = select.dataset.pickerClear || "×";
    var plugins = {};
    if (select.multiple) { plugins.remove_button = {title: clearText}; }
    if (!select.multiple && !select.required) { plugins.clear_button = {title: clearText}; }
    var options = {
      maxOptions: remote ? 50 : null,
      allowEmptyOption: false,
      placeholder: /^-+$/.test(blankText) || !blankText ? (select.dataset.pickerPlaceholder || "") : blankText,
      plugins: plugins,
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      // Diacritic-insensitive: every typed word must be in the folded label.
      score: function (search) {
        var words = fold(search).split(" ").filter(Boolean);
        return function (item) {
          if (remote) { return 1; }  // the server already matched
          var text = fold(item.text);
          for (var i = 0; i < words.length; i++) { if (text.indexOf(words[i]) < 0) { return 0; } }
          return 1;
        };
      },
      render: {
        no_results: function () { var div = document.createElement("div"); div.className = "no-results"; div.textContent = empty; return div; }
      }
    };
    if (remote) {
      var url = select.dataset.pickerUrl;
      options.preload = "focus";
      options.loadThrottle = 250;
      options.shouldLoad = function () { return true; };
      options.load = function (query, callback) {
        var picker = this;
        var sep = url.indexOf("?") < 0 ? "?" : "&";
        fetch(url + sep + "q=" + encodeURIComponent(query), {credentials: "same-origin", headers: {"Accept": "application/json"}})
          .then(function (response) { return response.ok ? response.json() : {results: []}; })
          .then(function (data) {
            // An answer to an earlier keystroke (or to the preload on focus) that arrives after the
            // user typed on or picked must not bring back its list over the form.
            if (fold(picker.inputValue()) !== fold(query)) { callback(); return; }
            callback(data.results);
            if (!picker.isFocused) { picker.close(); }
          })
          .catch(function () { callback(); });
      };
    }
    new window.TomSelect(select, options);
  }

  function setUp(root) {
    (root || document).querySelectorAll("input[data-datepicker]").forEach(setUpDate);
    (root || document).querySelectorAll("select[data-picker]").forEach(setUpPicker);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  } else {
    setUp(document);
  }
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });

  window.cosoForms = {readTypedDate: readTypedDate, fold: fold};
})();
