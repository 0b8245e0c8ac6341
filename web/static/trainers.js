// Trainers' tools, as progressive enhancement: every link works without this file.
// A reading list kept in this browser (localStorage), "Add to list" buttons, a bar that
// links to the list's handout, copy-to-clipboard on section links, and print.
(function () {
  "use strict";
  var KEY = "kb.readingList";
  var MAX_ITEMS = 50;
  var bar = document.getElementById("listbar");

  function load() {
    try {
      var items = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items.filter(function (i) { return typeof i === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }

  function save(items) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(items.slice(0, MAX_ITEMS)));
    } catch (error) { /* storage refused: the list lives only in this page */ }
    refresh();
  }

  // cases/slug#anchor → cases/slug%23anchor, items joined with commas.
  function encode(items) {
    return items.map(function (item) {
      return encodeURIComponent(item).replace(/%2F/g, "/");
    }).join(",");
  }

  function refresh() {
    var items = load();
    document.querySelectorAll("button.add-to-list").forEach(function (button) {
      button.hidden = false;
      button.classList.toggle("in", items.indexOf(button.getAttribute("data-item")) >= 0);
    });
    if (!bar) return;
    bar.hidden = items.length === 0;
    bar.querySelector(".listbar-count").textContent = String(items.length);
    bar.querySelector(".listbar-open").href =
      bar.getAttribute("data-list-url") + (items.length ? "?items=" + encode(items) : "");
  }

  function copyLink(link) {
    if (!navigator.clipboard || !window.isSecureContext) return false;
    navigator.clipboard.writeText(link.href).then(function () {
      var label = link.firstChild;
      var before = label.textContent;
      label.textContent = link.getAttribute("data-copied") || before;
      link.setAttribute("data-done", "true");
      window.setTimeout(function () {
        label.textContent = before;
        link.removeAttribute("data-done");
      }, 2000);
    });
    return true;
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target.closest("button.add-to-list");
    if (button) {
      var items = load();
      var item = button.getAttribute("data-item");
      var at = items.indexOf(item);
      if (at >= 0) items.splice(at, 1);
      else if (items.length < MAX_ITEMS) items.push(item);
      save(items);
      return;
    }
    var link = target.closest("a.permalink");
    if (link && copyLink(link)) {
      event.preventDefault();
      return;
    }
    if (target.closest(".listbar-clear")) save([]);
    if (target.closest("button.print-page")) window.print();
    var adopt = target.closest("button.list-adopt");
    if (adopt) {
      save(adopt.getAttribute("data-items").split(",").filter(Boolean));
      adopt.setAttribute("data-done", "true");
    }
  });

  document.querySelectorAll("button.print-page, button.list-adopt").forEach(function (button) {
    button.hidden = false;
  });
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) refresh();
  });
  refresh();
})();
