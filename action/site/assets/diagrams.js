/* minutes-ci: mermaid code blocks become diagrams when the pinned mermaid is on the page.
 * The code stays in the page (and is what search indexes); a diagram that mermaid cannot parse
 * keeps showing its code. In decks, diagrams are drawn when their slide is shown, because
 * mermaid measures text and hidden slides have no size. */
(function () {
  "use strict";
  if (!window.mermaid) { return; }
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
  var serial = 0;

  function draw(scope) {
    var blocks = scope.querySelectorAll("figure.diagram-source code.language-mermaid:not([data-drawn])");
    Array.prototype.forEach.call(blocks, function (code) {
      code.setAttribute("data-drawn", "1");
      var figure = code.closest("figure");
      var id = "mermaid-diagram-" + (++serial);
      mermaid.parse(code.textContent, { suppressErrors: true }).then(function (ok) {
        if (!ok) { return; }
        return mermaid.render(id, code.textContent).then(function (out) {
          var holder = document.createElement("div");
          holder.className = "diagram";
          holder.innerHTML = out.svg;
          figure.insertBefore(holder, figure.querySelector("pre"));
          figure.classList.add("drawn");
        });
      }).catch(function () { /* leave the readable code */ });
    });
  }

  if (window.Reveal && document.querySelector(".reveal")) {
    Reveal.on("ready", function (e) { draw(e.currentSlide); });
    Reveal.on("slidechanged", function (e) { draw(e.currentSlide); });
  } else {
    draw(document);
  }
})();
