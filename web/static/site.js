// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // A ticked facet applies at once (the form's action ends in #results-title, so the new
  // page comes back with the focus on the results). The sort menu waits for its button:
  // arrow keys on it must not leave the page.
  document.querySelectorAll("#facet-form input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", function () { box.form.submit(); });
  });

  // Long facets: type to filter their values, compared without case or accents ("sao"
  // finds "São Paulo"); ticked values always stay. "Show all" keeps the typed text.
  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{Mn}/gu, "").trim();
  }
  // "1 valor coincide", "2 valores coinciden": the catalog's form for 0, 1 or more.
  function countText(status, n) {
    var form = n === 0 ? "data-zero" : n === 1 ? "data-one" : "data-other";
    return status.getAttribute(form).replace("{n}", String(n));
  }
  document.querySelectorAll(".facet .facet-filter").forEach(function (box) {
    var facet = box.closest(".facet"), input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var none = facet.querySelector(".facet-none"), all = facet.querySelector(".show-all a");
    box.hidden = false;
    function apply() {
      var wanted = fold(input.value), shown = 0;
      facet.querySelectorAll("li[data-fold]").forEach(function (li) {
        var ticked = li.querySelector("input:checked") !== null;
        var show = ticked || (wanted ? li.getAttribute("data-fold").indexOf(wanted) >= 0
                                     : !li.hasAttribute("data-extra"));
        li.hidden = !show;
        if (show && (wanted === "" || !ticked)) shown += 1;
      });
      none.hidden = !wanted || shown > 0;
      status.textContent = wanted ? countText(status, shown) : "";
      var base = all.getAttribute("data-base");
      all.href = wanted ? base + (base.indexOf("?") < 0 ? "?" : "&") + "filter=" +
        encodeURIComponent(input.value.trim()) : base;
    }
    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();  // not a search: stay on the page
    });
  });

  // #t=754: scroll to the passage that contains that second and highlight it.
  function showMoment() {
    var found = /^#t=(\d+)/.exec(window.location.hash);
    if (!found) return;
    var wanted = parseInt(found[1], 10), best = null;
    document.querySelectorAll(".transcript li[data-t]").forEach(function (li) {
      if (parseInt(li.getAttribute("data-t"), 10) <= wanted) best = li;
    });
    if (!best) return;
    document.querySelectorAll(".transcript li.current").forEach(function (li) {
      li.classList.remove("current");
    });
    best.classList.add("current");
    best.setAttribute("tabindex", "-1");
    best.scrollIntoView({ block: "center" });
    best.focus({ preventScroll: true });
  }
  window.addEventListener("hashchange", showMoment);
  showMoment();

  // Copy buttons for the permanent link and citations.
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var text = source.value !== undefined ? source.value : source.textContent;
      if (navigator.clipboard) navigator.clipboard.writeText(text.trim());
      button.setAttribute("data-done", "true");
    });
  });
})();
