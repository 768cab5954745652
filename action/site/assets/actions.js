/* minutes-ci: filters of the action items page (person, series, year, words). A file, not inline
 * script (the CSP allows none). It only hides list items; it never builds markup from data. */
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("action-filters");
    var list = document.getElementById("action-list");
    if (!box || !list) { return; }
    var owner = document.getElementById("f-owner"), series = document.getElementById("f-series");
    var year = document.getElementById("f-year"), text = document.getElementById("f-text");
    var count = document.getElementById("f-count");
    var items = list.querySelectorAll(":scope > li");
    var params = new URLSearchParams(window.location.search);
    if (params.get("owner")) { owner.value = params.get("owner").toLowerCase(); }
    if (params.get("series")) { series.value = params.get("series"); }
    if (params.get("year")) { year.value = params.get("year"); }
    function apply() {
      var o = owner.value, s = series.value, y = year.value, t = text.value.trim().toLowerCase();
      var shown = 0;
      for (var i = 0; i < items.length; i++) {
        var li = items[i];
        var ok = (!o || (" " + li.getAttribute("data-owners") + " ").indexOf(" " + o + " ") >= 0) &&
          (!s || li.getAttribute("data-series") === s) && (!y || li.getAttribute("data-year") === y) &&
          (!t || li.textContent.toLowerCase().indexOf(t) >= 0);
        li.hidden = !ok;
        if (ok) { shown++; }
      }
      count.textContent = shown + " of " + items.length + " shown";
    }
    [owner, series, year].forEach(function (el) { el.addEventListener("change", apply); });
    text.addEventListener("input", apply);
    box.hidden = false;
    apply();
  }
  if (document.readyState === "loading") {
    window.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
