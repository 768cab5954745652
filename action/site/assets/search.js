/* minutes-ci: the Pagefind search box on the index page. baseUrl is computed here so the same
 * site works under /REPO/ and from any folder. A file, not inline script: the CSP allows no inline. */
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
    new window.PagefindUI({ element: "#search-ui", showSubResults: true, showImages: false,
                            baseUrl: new URL(".", window.location.href).pathname });
  }
  if (document.readyState === "loading") {
    window.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
