(function () {
  "use strict";
  // Live reload for kopij serve: the server sends "reload" after every
  // rebuild with the output paths that changed, "error" with the build
  // errors and "ok" once the site builds again.
  var overlay = null;

  // The output path of this page below the site's base path.
  function outputPath(base) {
    var page = location.pathname;
    if (page.indexOf(base) === 0) page = page.slice(base.length);
    else page = page.replace(/^\//, "");
    if (page === "" || page.endsWith("/")) page += "index.html";
    return page;
  }

  function showErrors(d) {
    hideErrors();
    overlay = document.createElement("div");
    overlay.id = "kopij-error-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
      "background:rgba(20,20,20,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
    var h = document.createElement("h2");
    h.textContent = "Build failed: the last good version stays served underneath";
    h.style.cssText = "color:#ff8080;font-size:16px;margin:0 0 1rem";
    overlay.appendChild(h);
    (d.errors || []).forEach(function (e) {
      var p = document.createElement("p");
      p.className = "kopij-error";
      if (e.file) {
        var where = document.createElement("strong");
        where.textContent = e.file + (e.line ? ":" + e.line : "");
        p.appendChild(where);
        p.appendChild(document.createTextNode("\n"));
      }
      p.appendChild(document.createTextNode(e.message));
      overlay.appendChild(p);
    });
    document.body.appendChild(overlay);
  }

  function hideErrors() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function swapCSS() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (l) {
      var u = new URL(l.href);
      u.searchParams.set("kopij", Date.now());
      var n = l.cloneNode();
      n.href = u.href;
      n.onload = function () { l.remove(); };
      l.after(n);
    });
  }

  // The server renders the page on screen first after a change.
  var es = new EventSource("/_kopij/events?page=" + encodeURIComponent(location.pathname));
  // Marks the page as listening, for tests and curious readers.
  es.addEventListener("open", function () { document.documentElement.dataset.kopijLive = "on"; });
  es.addEventListener("reload", function (ev) {
    var d = JSON.parse(ev.data);
    hideErrors();
    if (d.new) { location.href = d.new; return; }
    var paths = d.paths || [];
    if (paths.indexOf(outputPath(d.base || "/")) >= 0) { location.reload(); return; }
    var css = false, other = false;
    paths.forEach(function (p) {
      if (/\.css$/.test(p)) css = true;
      else if (!/\.(html|xml|json|txt)$/.test(p)) other = true;
    });
    if (other) location.reload();
    else if (css) swapCSS();
  });
  es.addEventListener("error", function (ev) {
    if (ev.data) showErrors(JSON.parse(ev.data));
  });
  es.addEventListener("ok", hideErrors);
})();
