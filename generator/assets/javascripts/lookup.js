/* Error lookup: rank guides for pasted error text, in the browser.
 *
 * The ranking rules are data, written by the generator to api/lookup.json
 * (generator/lookup.py). This applies them exactly as lookup.py does:
 *   1. lower-case the text and terms, collapse runs of whitespace;
 *   2. a term matches where it occurs, unless a term that starts (ends) with a
 *      letter or digit is glued to another letter or digit there;
 *   3. a guide's score is the sum of the weights of its matching terms; best
 *      first, ties by key.
 * Keep the two in step: a browser test compares this page's ranking with Python's.
 */
(function () {
  "use strict";

  var LIMIT = 5;
  var ALNUM = /[\p{L}\p{N}]/u;

  function normalise(text) {
    return text.toLowerCase().replace(/\s+/g, " ").trim();
  }

  function occurs(term, text) {
    var start = text.indexOf(term);
    while (start !== -1) {
      var end = start + term.length;
      var gluedBefore = ALNUM.test(term[0]) && start > 0 && ALNUM.test(text[start - 1]);
      var gluedAfter = ALNUM.test(term[term.length - 1]) && end < text.length && ALNUM.test(text[end]);
      if (!gluedBefore && !gluedAfter) return true;
      start = text.indexOf(term, start + 1);
    }
    return false;
  }

  function rank(text, guides) {
    var pasted = normalise(text);
    var matches = [];
    guides.forEach(function (guide) {
      var score = 0;
      guide.terms.forEach(function (term) {
        if (occurs(term[0], pasted)) score += term[1];
      });
      if (score > 0) matches.push({ guide: guide, score: score });
    });
    matches.sort(function (a, b) {
      return b.score - a.score || (a.guide.key < b.guide.key ? -1 : a.guide.key > b.guide.key ? 1 : 0);
    });
    return matches.slice(0, LIMIT);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function show(matches, root, list, status) {
    list.textContent = "";
    if (!matches.length) {
      status.textContent = "No guide matches yet. Paste more of the error: the status line, the message, the host.";
      return;
    }
    status.textContent = matches.length === 1 ? "1 matching guide" : matches.length + " matching guides, best first";
    matches.forEach(function (match) {
      var guide = match.guide;
      var item = element("li", "eg-lookup__result");
      item.dataset.key = guide.key;
      item.dataset.score = String(match.score);
      var link = element("a", "eg-lookup__title", guide.title);
      link.href = new URL(guide.path, root).href;
      var heading = element("p", "eg-lookup__heading");
      heading.appendChild(link);
      item.appendChild(heading);
      item.appendChild(element("p", "eg-lookup__meta", guide.vendor + " · HTTP " + guide.status + " · " + guide.error));
      item.appendChild(element("p", "eg-lookup__summary", guide.summary));
      list.appendChild(item);
    });
  }

  function start() {
    var box = document.getElementById("eg-lookup");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "loading";
    var input = document.getElementById("eg-lookup-input");
    var list = document.getElementById("eg-lookup-results");
    var status = document.getElementById("eg-lookup-status");
    var root = new URL(box.dataset.siteRoot, window.location.href);
    fetch(new URL(box.dataset.index, window.location.href))
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (index) {
        var update = function () {
          if (!normalise(input.value)) {
            list.textContent = "";
            status.textContent = "";
            return;
          }
          show(rank(input.value, index.guides), root, list, status);
        };
        input.addEventListener("input", update);
        var query = new URLSearchParams(window.location.search).get("q");
        if (query) input.value = query;
        update();
        box.dataset.ready = "true";
      })
      .catch(function (error) {
        status.textContent = "The lookup index could not be loaded (" + error.message + ").";
      });
  }

  // Material's instant navigation swaps pages without reloading scripts.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  window.errorguidesLookup = { rank: rank, normalise: normalise };
})();
