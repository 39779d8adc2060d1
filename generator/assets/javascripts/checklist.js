/* Interactive diagnostic checklists.
 *
 * Without JavaScript a guide's checklist is a plain list of links (the
 * checkboxes are disabled). This enables the checkboxes, remembers which are
 * ticked per page in localStorage, and adds an "n of m checked" count and a
 * reset button.
 */
(function () {
  "use strict";

  var PREFIX = "errorguides:checklist:";

  function load(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "[]");
    } catch (error) {
      return [];
    }
  }

  function save(key, ticked) {
    try {
      window.localStorage.setItem(key, JSON.stringify(ticked));
    } catch (error) {
      /* storage full or disabled: ticking still works for this visit */
    }
  }

  function enhance(list) {
    if (list.dataset.ready) return;
    list.dataset.ready = "true";
    var key = PREFIX + window.location.pathname;
    var boxes = Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox]"));
    var saved = load(key);
    var progress = document.createElement("p");
    progress.className = "eg-checklist__progress";
    progress.setAttribute("role", "status");
    progress.setAttribute("aria-live", "polite");
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button eg-checklist__reset";
    reset.textContent = "Reset checklist";

    function update() {
      var ticked = [];
      boxes.forEach(function (box, index) {
        if (box.checked) ticked.push(index);
      });
      progress.textContent = ticked.length + " of " + boxes.length + " checked";
      save(key, ticked);
    }

    boxes.forEach(function (box, index) {
      var item = box.closest("li");
      box.disabled = false;
      box.removeAttribute("disabled");
      box.checked = saved.indexOf(index) !== -1;
      box.setAttribute("aria-label", item ? item.textContent.trim() : "Check " + (index + 1));
      box.addEventListener("change", update);
    });
    reset.addEventListener("click", function () {
      boxes.forEach(function (box) {
        box.checked = false;
      });
      update();
    });
    var toolbar = document.createElement("div");
    toolbar.className = "eg-checklist__toolbar";
    toolbar.appendChild(progress);
    toolbar.appendChild(reset);
    list.appendChild(toolbar);
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".eg-checklist"), enhance);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
