/* minutes-ci: the Pagefind search box on the index page. baseUrl is computed here so the same
 * site works under /REPO/ and from any folder. A file, not inline script: the CSP allows no inline.
 * Each result's title names its series and date ("which meeting?"); ?sort=newest|oldest orders the
 * results by the date the site set on every dated page (data-pagefind-sort). */
(function () {
  "use strict";
  function start() {
    var box = document.querySelector("section#search > div#search-ui");
    if (!box) { return; }
    if (window.location.protocol === "file:") {  // browsers do not let pages fetch the index from disk
      box.textContent = "Search works when the site is served over http(s), e.g. python3 -m http.server.";
      return;
    }
    if (typeof window.PagefindUI !== "function") { box.textContent = "Search index not built."; return; }
    var order = new URLSearchParams(window.location.search).get("sort");
    var options = { element: "#search-ui", showSubResults: true, showImages: false,
                    baseUrl: new URL(".", window.location.href).pathname,
                    openFilters: ["series", "year"],
                    processResult: function (result) {
                      var meta = result.meta || {};
                      var parts = [meta.series, meta.date].filter(function (x) { return !!x; });
                      // Pagefind UI shows the title as text; the values carry no markup characters
                      if (parts.length) { meta.title = parts.join(" · ") + " — " + (meta.title || ""); }
                      result.meta = meta;
                      return result;
                    } };
    if (order === "newest") { options.sort = { date: "desc" }; }
    if (order === "oldest") { options.sort = { date: "asc" }; }
    new window.PagefindUI(options);
    var sort = document.getElementById("search-sort");
    if (sort) {
      sort.hidden = false;
      var links = sort.querySelectorAll("a[data-sort]");
      for (var i = 0; i < links.length; i++) {
        if ((links[i].getAttribute("data-sort") || null) === (order || null)) { links[i].className = "current"; }
      }
    }
  }
  if (document.readyState === "loading") {
    window.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
