/* Error lookup: rank guides for pasted error text, in the browser.
 *
 * The ranking rules are data, written by the generator to api/lookup.json
 * (generator/lookup.py). This applies them exactly as lookup.py does:
 *   1. lower-case the text and terms, collapse runs of whitespace;
 *   2. a term matches where it occurs, unless a term that starts (ends) with a
 *      letter or digit is glued to another letter or digit there;
 *   3. a guide's score is the sum of the weights of its matching terms, plus its
 *      vendor's matching terms (at most vendor_cap); best first, ties by key;
 *   4. the best match is confident when its terms other than the status are worth
 *      at least `confident`, or its status and its vendor both occur.
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

  // [total, evidence of the error (not the status)] of the terms that occur in `text`.
  function score(terms, text) {
    var total = 0;
    var evidence = 0;
    terms.forEach(function (term) {
      if (!occurs(term[0], text)) return;
      total += term[1];
      if (!term[2]) evidence += term[1];
    });
    return [total, evidence];
  }

  function rank(text, index) {
    var pasted = normalise(text);
    var vendors = {};
    Object.keys(index.vendors).forEach(function (id) {
      vendors[id] = score(index.vendors[id], pasted)[0];
    });
    var matches = [];
    index.guides.forEach(function (guide) {
      var own = score(guide.terms, pasted);
      if (own[0] === 0) return;
      var vendor = vendors[guide.product] || 0;
      var statusMatched = own[0] > own[1];
      matches.push({
        guide: guide,
        score: own[0] + Math.min(vendor, index.vendor_cap),
        confident: own[1] >= index.confident || (statusMatched && vendor > 0),
      });
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

  function show(matches, root, box, list, status) {
    list.textContent = "";
    var confident = matches.length > 0 && matches[0].confident;
    var tied = matches.filter(function (match) { return match.score === matches[0].score; }).length;
    box.dataset.confident = String(confident);
    document.getElementById("eg-lookup-none").hidden = confident;
    if (!matches.length) {
      status.textContent = "No guide matches this error.";
      return;
    }
    if (!confident) {
      status.textContent = "No guide matches this error. The closest guides are below, but none is a match.";
    } else if (tied > 1) {
      status.textContent = "These " + tied + " guides are equally likely: the paste does not say which one it is. Add the host, the SDK's exception or the error code to decide.";
    } else {
      status.textContent = matches.length === 1 ? "1 matching guide" : matches.length + " matching guides, best first";
    }
    matches.forEach(function (match, position) {
      var guide = match.guide;
      var item = element("li", "eg-lookup__result");
      item.dataset.key = guide.key;
      item.dataset.score = String(match.score);
      var link = element("a", "eg-lookup__title", guide.title);
      link.href = new URL(guide.path, root).href;
      var heading = element("p", "eg-lookup__heading");
      heading.appendChild(link);
      var note = !confident ? "closest, not a match" : tied > 1 && position < tied ? "equally likely" : "";
      if (note) {
        item.dataset.note = note;
        heading.appendChild(element("span", "eg-lookup__note", " (" + note + ")"));
      }
      item.appendChild(heading);
      var meta = [guide.vendor, guide.status ? "HTTP " + guide.status : "No HTTP response", guide.error];
      if (guide.retry) meta.push(guide.retry);
      item.appendChild(element("p", "eg-lookup__meta", meta.join(" · ")));
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
            document.getElementById("eg-lookup-none").hidden = true;
            return;
          }
          show(rank(input.value, index), root, box, list, status);
        };
        input.addEventListener("input", update);
        // ?error=… pre-fills the paste (the page renames ?q=… to it before Material's search
        // can read it: overrides/main.html).
        var params = new URLSearchParams(window.location.search);
        var query = params.get("error") || params.get("q");
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
