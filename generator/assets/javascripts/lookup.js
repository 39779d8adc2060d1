/* Error lookup: rank guides for pasted error text, in the browser.
 *
 * The ranking rules are data, written by the generator to api/lookup/
 * (generator/lookup.py). This applies them exactly as lookup.py does:
 *   1. lower-case the text and terms, collapse runs of whitespace (and box-drawing frames);
 *   2. a term matches where it occurs, unless it is glued to a word character there;
 *   3. a term does not count for a guide (vendor) where a longer term of another guide
 *      (vendor) covers every place it occurs;
 *   4. a guide's score is the sum of the weights of its matching terms, plus its
 *      vendor's matching terms (at most vendor_cap); best first, then guides whose
 *      vendor the text names, then by key;
 *   5. the best match is confident when its terms other than the status are worth
 *      at least `confident`, or its status and its vendor both occur.
 * Keep the two in step: a browser test compares this page's ranking with Python's.
 */
(function () {
  "use strict";

  var LIMIT = 5;
  var WORD = /[\p{L}\p{N}_]/u;
  // A term is [text, weight, flags, exact] (export.py): the flags' low two bits are its
  // strength, and 4 marks part of an exact message; `exact` is the text as written.
  var STRONG = 0, STATUS = 1, WEAK = 2, CODE = 3, MESSAGE = 4;

  function strengthOf(term) {
    return (term[2] || 0) & 3;
  }

  // Runs of whitespace, and terminal frames drawn with box-drawing characters, as one space.
  function collapsed(text) {
    return text.replace(/[\u2500-\u257f]/g, " ").split(/\s+/).filter(Boolean).join(" ");
  }

  // Whether the paste has the term in the letter case it is written in at `start`.
  function asWritten(term, original, start) {
    if (original.length !== original.toLowerCase().length) return original.indexOf(term[3]) !== -1;
    return original.substr(start, term[3].length) === term[3];
  }

  // Where the term occurs in `text`, skipping places where it is glued to a word character;
  // a code counts only where the paste has it in the case it is written in.
  function spans(term, text, original) {
    var needle = term[0];
    var found = [];
    var start = text.indexOf(needle);
    while (start !== -1) {
      var end = start + needle.length;
      var gluedBefore = WORD.test(needle[0]) && start > 0 && WORD.test(text[start - 1]);
      var gluedAfter = WORD.test(needle[needle.length - 1]) && end < text.length && WORD.test(text[end]);
      if (!gluedBefore && !gluedAfter && (strengthOf(term) !== CODE || asWritten(term, original, start))) found.push([start, end]);
      start = text.indexOf(needle, start + 1);
    }
    return found;
  }

  function key(term) {
    return strengthOf(term) === CODE ? term[0] + "\u0000" + term[3] : term[0];
  }

  // Each owner's terms that occur in the paste (lookup.py: matching_terms): a term does not
  // count where a longer term (of any owner) covers every place it occurs, and a weak term
  // with capitals that occurs as written counts as strong.
  function matchingTerms(owners, pasted) {
    var original = collapsed(pasted);
    var text = original.toLowerCase();
    var where = {};
    var length = {};
    var holders = {};
    Object.keys(owners).forEach(function (owner) {
      owners[owner].forEach(function (term) {
        var k = key(term);
        if (!(k in where)) {
          where[k] = spans(term, text, original);
          length[k] = term[0].length;
        }
        if (where[k].length) (holders[k] = holders[k] || {})[owner] = true;
      });
    });
    var matched = Object.keys(holders);
    function covered(k) {
      var wider = matched.filter(function (other) { return length[other] > length[k]; });
      return where[k].every(function (span) {
        return wider.some(function (other) {
          return where[other].some(function (w) { return w[0] <= span[0] && span[1] <= w[1]; });
        });
      });
    }
    var result = {};
    Object.keys(owners).forEach(function (owner) {
      result[owner] = [];
      owners[owner].forEach(function (term) {
        var k = key(term);
        if (!holders[k] || covered(k)) return;
        var strength = strengthOf(term);
        // A weak term with capitals that occurs as written counts as strong, and is no longer common.
        var capitals = strength === WEAK && term[3] !== term[3].toLowerCase();
        if (capitals && where[k].some(function (span) { return asWritten(term, original, span[0]); })) {
          strength = STRONG;
        }
        var common = strength === WEAK;
        result[owner].push({ weight: term[1], strength: strength, message: ((term[2] || 0) & MESSAGE) !== 0, common: common });
      });
    });
    return result;
  }

  function total(terms, strengths) {
    return terms.reduce(function (sum, term) {
      return sum + (!strengths || strengths.indexOf(term.strength) !== -1 ? term.weight : 0);
    }, 0);
  }

  function rank(text, index) {
    var vendors = matchingTerms(index.vendors, text);
    var named = Object.keys(vendors).filter(function (id) { return vendors[id].length > 0; });
    var byKey = {};
    index.guides.forEach(function (guide) { byKey[guide.key] = guide.terms; });
    var guides = matchingTerms(byKey, text);
    var matches = [];
    index.guides.forEach(function (guide) {
      var matched = guides[guide.key];
      var products = guide.products;
      // In a paste that names other vendors, only this vendor's exact messages (and the status) count.
      if (named.length && !products.some(function (id) { return named.indexOf(id) !== -1; })) {
        matched = matched.filter(function (term) {
          return term.strength === STATUS || (term.message && !term.common);
        });
      }
      if (!matched.length) return;
      // The guide's vendor evidence: the best of its product's and those it applies to.
      var vendor = [];
      products.forEach(function (id) {
        if (total(vendors[id] || []) > total(vendor)) vendor = vendors[id];
      });
      var strong = total(matched, [STRONG, CODE]);
      var weak = matched.filter(function (term) { return term.strength === WEAK; }).length;
      var status = total(matched, [STATUS]) > 0;
      var corroborated = status || vendor.length > 0 || weak > 1;
      matches.push({
        guide: guide,
        named: vendor.length > 0,
        score: total(matched) + Math.min(total(vendor), index.vendor_cap),
        confident: strong >= index.confident || ((strong > 0 || weak > 0) && corroborated) || (status && vendor.length > 0),
      });
    });
    matches.sort(function (a, b) {
      return b.score - a.score || (b.named ? 1 : 0) - (a.named ? 1 : 0) ||
        (a.guide.key < b.guide.key ? -1 : a.guide.key > b.guide.key ? 1 : 0);
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
    var tied = matches.filter(function (match) {
      return match.score === matches[0].score && match.named === matches[0].named;
    }).length;
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

  // --- The index, loaded in pieces (lookup_files.py writes them) -------------------------------------
  // index.json holds the rules and the vendors' terms; terms/<n>.json every guide term filed
  // under one of its words, so a paste needs only the shards of its own words; guides/<n>.json
  // what a result shows, fetched for the guides shown.

  var WORDS = /[\p{L}\p{N}_]+/gu;

  function shardOf(word, count) {
    var value = 0x811c9dc5;
    new TextEncoder().encode(word).forEach(function (byte) {
      value = Math.imul(value ^ byte, 0x01000193) >>> 0;
    });
    return value % count;
  }

  function Index(url, head) {
    this.url = url;
    this.head = head;
    this.files = {};
  }

  Index.prototype.file = function (path) {
    if (!this.files[path]) {
      this.files[path] = fetch(new URL(path, this.url)).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
    }
    return this.files[path];
  };

  // What rank() needs for `text`: the rules, the vendors, and the terms that can occur in it.
  Index.prototype.forText = function (text) {
    var head = this.head;
    var shards = {};
    (collapsed(text).toLowerCase().match(WORDS) || []).forEach(function (word) {
      shards[shardOf(word, head.terms)] = true;
    });
    var self = this;
    return Promise.all(Object.keys(shards).map(function (n) { return self.file("terms/" + n + ".json"); }))
      .then(function (loaded) {
        var byKey = {};
        loaded.forEach(function (rows) {
          rows.forEach(function (row) {
            var key = row[0];
            if (!byKey[key]) {
              byKey[key] = { key: key, products: head.applies[key] || [key.split("/")[0]], terms: [] };
            }
            byKey[key].terms.push(row.slice(1));
          });
        });
        var guides = Object.keys(byKey).sort().map(function (key) { return byKey[key]; });
        return { confident: head.confident, vendor_cap: head.vendor_cap, vendors: head.vendors, guides: guides };
      });
  };

  // The result cards of `keys`, as {key: card}.
  Index.prototype.cards = function (keys) {
    var head = this.head;
    var self = this;
    return Promise.all(keys.map(function (key) {
      return self.file("guides/" + shardOf(key, head.guides) + ".json");
    })).then(function (loaded) {
      var cards = {};
      keys.forEach(function (key, position) { cards[key] = loaded[position][key]; });
      return cards;
    });
  };

  Index.prototype.rank = function (text) {
    var self = this;
    return this.forText(text).then(function (index) {
      var matches = rank(text, index);
      return self.cards(matches.map(function (match) { return match.guide.key; })).then(function (cards) {
        matches.forEach(function (match) {
          var card = cards[match.guide.key];
          Object.keys(card).forEach(function (field) { match.guide[field] = card[field]; });
        });
        return matches;
      });
    });
  };

  function openIndex(url) {
    return fetch(new URL("index.json", url))
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (head) { return new Index(url, head); });
  }

  function start() {
    var box = document.getElementById("eg-lookup");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "loading";
    var input = document.getElementById("eg-lookup-input");
    var list = document.getElementById("eg-lookup-results");
    var status = document.getElementById("eg-lookup-status");
    var root = new URL(box.dataset.siteRoot, window.location.href);
    openIndex(new URL(box.dataset.index, window.location.href))
      .then(function (index) {
        var asked = 0;
        var update = function () {
          var text = input.value;
          var ticket = ++asked;
          if (!text.trim()) {
            list.textContent = "";
            status.textContent = "";
            document.getElementById("eg-lookup-none").hidden = true;
            box.dataset.shown = "";
            return;
          }
          index.rank(text).then(function (matches) {
            if (ticket !== asked) return; // a later paste is being ranked
            show(matches, root, box, list, status);
            box.dataset.shown = text;
          }).catch(function (error) {
            status.textContent = "The lookup index could not be loaded (" + error.message + ").";
          });
        };
        input.addEventListener("input", update);
        // ?error=… pre-fills the paste (the page renames ?q=… to it before Material's search
        // can read it: overrides/main.html).
        var params = new URLSearchParams(window.location.search);
        var query = params.get("error") || params.get("q");
        if (query) input.value = query;
        update();
        window.errorguidesLookup.index = index;
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

  // For tests: rank(text, index) with an index as Index.forText builds it, and the page's index.
  window.errorguidesLookup = { rank: rank, index: null };
})();
