/* Error lookup: rank guides for pasted error text, in the browser.
 *
 * The ranking rules are data, written by the generator to api/lookup.json
 * (generator/lookup.py). This applies them exactly as lookup.py does:
 *   1. lower-case the text and terms, collapse runs of whitespace;
 *   2. a term matches where it occurs, unless it is glued to a word character there;
 *   3. a term does not count for a guide (vendor) where a longer term of another guide
 *      (vendor) covers every place it occurs;
 *   4. a guide's score is the sum of the weights of its matching terms, plus its
 *      vendor's matching terms (at most vendor_cap); best first, ties by key;
 *   5. the best match is confident when its terms other than the status are worth
 *      at least `confident`, or its status and its vendor both occur.
 * Keep the two in step: a browser test compares this page's ranking with Python's.
 */
(function () {
  "use strict";

  var LIMIT = 5;
  var WORD = /[\p{L}\p{N}_]/u;

  function normalise(text) {
    return text.toLowerCase().replace(/\s+/g, " ").trim();
  }

  // Where `term` occurs in `text`, skipping places where it is glued to a word character.
  function spans(term, text) {
    var found = [];
    var start = text.indexOf(term);
    while (start !== -1) {
      var end = start + term.length;
      var gluedBefore = WORD.test(term[0]) && start > 0 && WORD.test(text[start - 1]);
      var gluedAfter = WORD.test(term[term.length - 1]) && end < text.length && WORD.test(text[end]);
      if (!gluedBefore && !gluedAfter) found.push([start, end]);
      start = text.indexOf(term, start + 1);
    }
    return found;
  }

  // Each owner's terms that occur in `text`; a term does not count for an owner where a
  // longer term of another owner covers every place it occurs (lookup.py: matching_terms).
  function matchingTerms(owners, text) {
    var where = {};
    var holders = {};
    Object.keys(owners).forEach(function (owner) {
      owners[owner].forEach(function (term) {
        if (!(term[0] in where)) where[term[0]] = spans(term[0], text);
        if (where[term[0]].length) (holders[term[0]] = holders[term[0]] || {})[owner] = true;
      });
    });
    var matchedTexts = Object.keys(holders);
    function covered(term, owner) {
      var wider = matchedTexts.filter(function (other) {
        return other.length > term.length && !holders[other][owner];
      });
      return where[term].every(function (span) {
        return wider.some(function (other) {
          return where[other].some(function (w) { return w[0] <= span[0] && span[1] <= w[1]; });
        });
      });
    }
    var result = {};
    Object.keys(owners).forEach(function (owner) {
      result[owner] = owners[owner].filter(function (term) {
        return holders[term[0]] && !covered(term[0], owner);
      });
    });
    return result;
  }

  function sum(terms, evidenceOnly) {
    return terms.reduce(function (total, term) {
      return total + (evidenceOnly && term[2] ? 0 : term[1]);
    }, 0);
  }

  function rank(text, index) {
    var pasted = normalise(text);
    var vendors = matchingTerms(index.vendors, pasted);
    var byKey = {};
    index.guides.forEach(function (guide) { byKey[guide.key] = guide.terms; });
    var guides = matchingTerms(byKey, pasted);
    var matches = [];
    index.guides.forEach(function (guide) {
      var matched = guides[guide.key];
      if (!matched.length) return;
      var points = sum(matched, false);
      var evidence = sum(matched, true);
      var vendor = sum(vendors[guide.product] || [], false);
      matches.push({
        guide: guide,
        score: points + Math.min(vendor, index.vendor_cap),
        confident: evidence >= index.confident || (points > evidence && vendor > 0),
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
