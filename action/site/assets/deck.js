/* minutes-ci deck bootstrap: what HedgeDoc's slide.js and reveal-markdown do in the browser.
 * The slides are already rendered and sanitised; this applies <!-- .element: --> attribute
 * comments (reveal-markdown's rule: the previous element sibling, skipping <br>, else the parent)
 * and starts reveal.js with the allowlisted slideOptions. */
(function () {
  "use strict";
  var ELEMENT = /\.element\s*?(.+?)$/;
  var PAIR = /([^"= ]+?)="([^"=]+?)"/g;
  // reveal.js loads these as URLs: only same-site relative ones are accepted
  var URL_ATTRS = /^data-(background(-image|-video|-iframe)?|src|preview-(link|image|video))$/i;

  function allowed(name, value) {
    if (/^on/i.test(name)) { return false; }
    if (!/^(data-[a-z0-9_.-]+|id|class|style)$/i.test(name)) { return false; }
    if (URL_ATTRS.test(name)) { return !/^\s*([a-z][a-z0-9+.-]*:|\/\/)/i.test(value); }
    if (/^style$/i.test(name)) { return !/url\s*\(|expression\s*\(|@import/i.test(value); }
    return true;
  }

  function target(comment) {
    var node = comment.previousSibling;
    while (node) {
      if (node.nodeType === 1 && node.tagName !== "BR") { return node; }
      node = node.previousSibling;
    }
    return comment.parentNode;
  }

  function applyElementComments(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT, null);
    var comments = [];
    while (walker.nextNode()) { comments.push(walker.currentNode); }
    comments.forEach(function (comment) {
      var m = ELEMENT.exec(comment.nodeValue.trim());
      if (!m) { return; }
      var el = target(comment);
      if (!el || el.nodeType !== 1) { return; }
      var pair;
      PAIR.lastIndex = 0;
      while ((pair = PAIR.exec(m[1])) !== null) {
        if (allowed(pair[1], pair[2])) { el.setAttribute(pair[1], pair[2]); }
      }
    });
  }

  var options = JSON.parse(document.getElementById("deck-options").textContent || "{}");
  applyElementComments(document.querySelector(".reveal .slides"));
  options.plugins = window.RevealNotes ? [window.RevealNotes] : [];
  window.minutesDeck = Reveal.initialize(options).then(function () {
    document.documentElement.setAttribute("data-deck-ready", "1");
  });
})();
