/* minutes-ci: mermaid code blocks become diagrams when the pinned mermaid is on the page.
 * The code stays in the page (and is what search indexes); a diagram that mermaid cannot parse
 * keeps showing its code. In decks, diagrams are drawn when their slide is shown, because
 * mermaid measures text and hidden slides have no size. */
(function () {
  "use strict";
  if (!window.mermaid) { return; }
  // directives (%%{init}%%) and diagram front matter must not restyle or relabel with markup
  // and labels are SVG text, not HTML: mermaid draws in a live (hidden) element, so an <img> in an
  // HTML label would load before any cleaning could see it
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", htmlLabels: false,
                       flowchart: { htmlLabels: false }, class: { htmlLabels: false },
                       secure: ["secure", "securityLevel", "startOnLoad", "maxTextSize", "maxEdges",
                                "themeCSS", "themeVariables", "fontFamily", "altFontFamily", "flowchart",
                                "class", "dompurifyConfig", "htmlLabels", "arrowMarkerAbsolute",
                                "suppressErrorRendering", "markdownAutoWrap"] });
  var serial = 0;

  /* mermaid renders what the minutes wrote; its output is cleaned before it reaches the page, so a
   * diagram cannot load anything (labels with <img>, url() in themeCSS) or carry a handler. The SVG
   * is parsed in an inert document (DOMParser: nothing loads, nothing runs) and walked once. */
  var LOADS = /\\|@import|expression|image-set|image\s*\(|cross-fade|element\s*\(|src\s*\(|url\s*\(\s*['"]?\s*(?!#)/i;
  var DROP = /^(script|img|image|feimage|iframe|frame|object|embed|video|audio|source|track|picture|link|meta|base|form|input|button|textarea|select)$/i;

  function clean(svgText) {
    var doc = new DOMParser().parseFromString("<!doctype html><body>" + svgText, "text/html");
    var svg = doc.body.querySelector("svg");
    if (!svg) { return null; }
    Array.prototype.slice.call(svg.querySelectorAll("*")).forEach(function (el) {
      var tag = el.localName;
      if (DROP.test(tag) || (tag === "style" && LOADS.test(el.textContent))) { el.remove(); return; }
      Array.prototype.slice.call(el.attributes).forEach(function (attr) {
        var name = attr.name.toLowerCase(), value = attr.value;
        var link = name === "href" || name === "xlink:href";
        if (name.indexOf("on") === 0 || /^(src|srcset|poster|background|data|action|formaction|ping)$/.test(name)
            || (link && !(value.charAt(0) === "#" || (tag === "a" && /^https?:\/\//i.test(value))))
            || (name === "style" && LOADS.test(value))) {
          el.removeAttribute(attr.name);
        }
      });
    });
    return document.importNode(svg, true);
  }

  function draw(scope) {
    var blocks = scope.querySelectorAll("figure.diagram-source code.language-mermaid:not([data-drawn])");
    Array.prototype.forEach.call(blocks, function (code) {
      code.setAttribute("data-drawn", "1");
      var figure = code.closest("figure");
      var id = "mermaid-diagram-" + (++serial);
      mermaid.parse(code.textContent, { suppressErrors: true }).then(function (ok) {
        if (!ok) { return; }
        return mermaid.render(id, code.textContent).then(function (out) {
          var svg = clean(out.svg);
          if (!svg) { return; }
          var holder = document.createElement("div");
          holder.className = "diagram";
          holder.appendChild(svg);
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
