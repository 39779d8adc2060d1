/* The header's search box, driven by Pagefind (generator/search.py builds the index).
 *
 * Nothing of Pagefind is fetched with the page: its script, its WebAssembly and
 * the index chunks a query needs load only once the reader focuses the box or
 * types in it (or opens a page with ?q=). Results show the guide's title, its
 * vendor and status (Pagefind metadata from the guide's header line) and a
 * snippet with the matched words marked.
 *
 * The markup and classes are Material's (overrides/partials/search.html), so the
 * box looks and opens like Material's search did: "/", "s" or "f" focus it,
 * arrows move through the results, Enter opens the first, Escape closes it.
 */
(function () {
  "use strict";

  var LIMIT = 10;
  var WORDS = 6;
  var MESSAGE_WORDS = 4;
  var SHORTCUTS = ["/", "s", "f"];
  var root = document.querySelector("[data-eg-search]");
  if (!root) return;
  var toggle = document.getElementById("__search");
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector("form");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var loading = null;
  var latest = 0;
  var timer = null;

  function load() {
    if (!loading) {
      var bundle = new URL(root.dataset.bundle, window.location.href);
      loading = import(bundle.href + "pagefind.js").then(function (pagefind) {
        // Result URLs are relative to the site's root, which may be a sub-path.
        // Guides differ much in length; a long guide that says "529" throughout must not lose to
        // a short one that mentions it once, so page length counts for little.
        return pagefind.options({
          baseUrl: new URL("..", bundle).pathname,
          excerptLength: 24,
          ranking: { pageLength: 0.1 },
        }).then(function () {
          return pagefind;
        });
      });
      loading.catch(function () {
        loading = null;
      });
    }
    return loading;
  }

  function open() {
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change")); // Material locks the page's scrolling on small screens
    }
  }

  function close() {
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    input.blur();
  }

  function count(n) {
    if (n === 0) return root.dataset.none;
    return n === 1 ? root.dataset.one : root.dataset.other.replace("#", String(n));
  }

  // Pagefind's excerpt is HTML with <mark> around the matched words. It is parsed
  // in an inert document and rebuilt from its text and marks alone, so nothing
  // from the indexed pages can ever become markup here.
  function snippet(excerpt) {
    var paragraph = document.createElement("p");
    var parsed = new DOMParser().parseFromString(excerpt, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = data.meta.title || data.url;
    article.appendChild(title);
    var facts = [data.meta.vendor, data.meta.status].filter(Boolean);
    if (facts.length) {
      var line = document.createElement("p");
      line.className = "eg-search__meta";
      line.textContent = facts.join(" · ");
      article.appendChild(line);
    }
    article.appendChild(snippet(data.excerpt || ""));
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function show(query) {
    var ticket = ++latest;
    if (!query.trim()) {
      meta.textContent = root.dataset.placeholder;
      list.replaceChildren();
      return;
    }
    load()
      .then(function (pagefind) {
        return pagefind.search(telling(query));
      })
      .then(function (search) {
        if (ticket !== latest) return null;
        var found = search.results.length;
        return Promise.all(search.results.slice(0, LIMIT).map(function (result) {
          return result.data();
        })).then(function (pages) {
          return [found, pages];
        });
      })
      .then(function (answer) {
        if (!answer || ticket !== latest) return;
        meta.textContent = count(answer[0]);
        list.replaceChildren.apply(list, exactFirst(query, answer[1]).map(item));
        list.dataset.query = query; // what the results are for (tests wait for it)
      })
      .catch(function () {
        if (ticket === latest) meta.textContent = root.dataset.none;
      });
  }

  function words(text) {
    return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) || [];
  }

  // A pasted message is long, and Pagefind fetches the index of every word in a
  // query, the commonest ("your", "the") weighing most. Up to WORDS of its most
  // telling words find the same guides: those with digits or underscores (codes,
  // error names), then the longest, kept in their order.
  function telling(query) {
    var all = words(query);
    if (all.length <= WORDS) return query;
    var rank = function (word) {
      return (/[\d_]/.test(word) ? 100 : 0) + word.length;
    };
    var kept = all
      .map(function (word, at) {
        return [word, at];
      })
      .sort(function (a, b) {
        return rank(b[0]) - rank(a[0]) || a[1] - b[1];
      })
      .slice(0, WORDS)
      .sort(function (a, b) {
        return a[1] - b[1];
      });
    return kept
      .map(function (pair) {
        return pair[0];
      })
      .join(" ");
  }

  // Pages holding the whole query, word for word (an exact message), come first. A short
  // query with a status code in it ("Anthropic 529") names a vendor and a status, not a
  // message: other guides link it by that name, so Pagefind's own order stands.
  function exactFirst(query, pages) {
    var asked = words(query);
    if (asked.length < MESSAGE_WORDS && asked.some(function (word) { return /^\d+$/.test(word); })) return pages;
    var wanted = " " + words(query).join(" ") + " ";
    var holds = function (page) {
      return (" " + words(page.content || "").join(" ") + " ").indexOf(wanted) !== -1;
    };
    return pages.filter(holds).concat(pages.filter(function (page) {
      return !holds(page);
    }));
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }

  function move(step) {
    var all = [input].concat(links());
    var at = all.indexOf(document.activeElement);
    all[(Math.max(at, 0) + step + all.length) % all.length].focus();
  }

  input.addEventListener("focus", function () {
    open();
    load().catch(function () {}); // fetch Pagefind while the reader starts typing
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      show(input.value);
    }, 120);
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () {
      show("");
      input.focus();
    });
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });

  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(event.key === "ArrowDown" ? 1 : -1);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey || SHORTCUTS.indexOf(event.key) === -1) return;
    var target = event.target;
    var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (typing) return;
    event.preventDefault();
    input.focus();
  });

  // The label beside the box and the overlay close the search by unticking the toggle.
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked && document.activeElement !== input) input.focus();
    });
  }

  // /any-page/?q=<text> opens the search with that text, as Material's search did.
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    input.focus();
    show(query);
  }
})();
