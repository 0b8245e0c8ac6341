// Watch mode (kb serve --watch): reload a document page when its file changes.
(function () {
  "use strict";
  var marker = document.querySelector("[data-watch-url]");
  if (!marker || !window.fetch) return;
  var url = marker.getAttribute("data-watch-url");
  var stamp = marker.getAttribute("data-watch-stamp");

  function later(ms) { window.setTimeout(poll, ms); }

  function poll() {
    fetch(url, { cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 404) { window.location.reload(); return null; }
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (state && state.stamp !== stamp) { window.location.reload(); return; }
        later(1000);
      })
      .catch(function () { later(3000); });  // the server restarts: try again
  }
  later(1000);
})();
