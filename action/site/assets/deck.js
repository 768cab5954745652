/* minutes-ci deck bootstrap: starts reveal.js with the allowlisted slideOptions.
 * The slides are rendered and sanitised at build time, <!-- .element: --> comments included (they
 * are applied in Python and removed), so nothing here interprets text the minutes wrote.
 * The options come from <html data-deck-options>, read through Document/Element prototypes:
 * content cannot create that element or shadow document.documentElement (DOM clobbering). */
(function () {
  "use strict";
  var rootGetter = Object.getOwnPropertyDescriptor(Document.prototype, "documentElement").get;
  var getAttr = Element.prototype.getAttribute;
  var setAttr = Element.prototype.setAttribute;
  var html = rootGetter.call(document);
  var options = {};
  try { options = JSON.parse(getAttr.call(html, "data-deck-options") || "{}"); } catch (e) { options = {}; }
  if (!options || typeof options !== "object" || Array.isArray(options)) { options = {}; }
  // reveal.js 5 turns a deck narrower than 435 px into a scrolling page and drops the URL's
  // #/3/0 there; reveal.js 3.9 (HedgeDoc) had no such view: a phone shows the linked slide
  options.scrollActivationWidth = 0;
  options.plugins = typeof window.RevealNotes === "function" || (window.RevealNotes && window.RevealNotes.id)
    ? [window.RevealNotes] : [];
  window.minutesDeck = Reveal.initialize(options).then(function () {
    setAttr.call(html, "data-deck-ready", "1");
  });
})();
