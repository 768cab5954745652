/* minutes-ci: ids written in the minutes are namespaced ("user-content-"), as on GitHub, so they
 * cannot shadow anything the site's scripts or the browser look up. A link to page.html#topic
 * still lands on the topic: this scrolls to #user-content-topic when #topic itself is not there. */
(function () {
  "use strict";
  var PREFIX = "user-content-";
  function go() {
    var name;
    try { name = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return; }
    if (!name || name.indexOf(PREFIX) === 0 || name.charAt(0) === "/") { return; }
    var el = document.getElementById(PREFIX + name);
    if (el) { el.scrollIntoView(); }
  }
  window.addEventListener("hashchange", go);
  if (document.readyState === "loading") {
    window.addEventListener("DOMContentLoaded", go);
  } else {
    go();
  }
})();
