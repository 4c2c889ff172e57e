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

  // A changed page (sent with the event, else fetched) is laid over the
  // one on screen, node by node: what did not change stays as it is, with
  // its state (scroll, typed text, scripts' handlers), and the change
  // shows without loading the page's styles and scripts again. A page
  // whose scripts or style sheets changed, or that cannot be fetched,
  // reloads.
  var patching = 0;

  // kopij's own elements (the hints panel, its style, the error overlay)
  // are left where they are.
  var ownIDs = { "kopij-hints": true, "kopij-hints-style": true, "kopij-error-overlay": true };
  function own(n) { return n.nodeType === 1 && ownIDs[n.id] === true; }

  function plainHref(h) {
    var u = new URL(h, location.href);
    u.searchParams.delete("kopij"); // the stylesheet swap's mark
    return u.href;
  }

  // The scripts and style sheets of a document, which a patch cannot
  // run or load again.
  function resources(doc) {
    var out = [];
    doc.querySelectorAll("script").forEach(function (s) {
      var t = (s.getAttribute("type") || "").toLowerCase();
      if (t && t !== "module" && t.indexOf("javascript") < 0) return; // data, such as JSON-LD
      out.push(s.hasAttribute("src") ? "src " + plainHref(s.getAttribute("src")) : "inline " + s.textContent);
    });
    doc.querySelectorAll('link[rel~="stylesheet"]').forEach(function (l) {
      out.push("css " + plainHref(l.getAttribute("href") || ""));
    });
    doc.querySelectorAll("style").forEach(function (st) {
      if (!own(st)) out.push("style " + st.textContent);
    });
    return out.join("\n");
  }

  function morphAttrs(from, to) {
    var keepHref = from.tagName === "LINK" && to.hasAttribute("href") &&
      plainHref(from.getAttribute("href") || "") === plainHref(to.getAttribute("href"));
    for (var i = from.attributes.length - 1; i >= 0; i--) {
      var name = from.attributes[i].name;
      if (!to.hasAttribute(name)) from.removeAttribute(name);
    }
    for (var j = 0; j < to.attributes.length; j++) {
      var a = to.attributes[j];
      if (a.name === "href" && keepHref) continue;
      if (from.getAttribute(a.name) !== a.value) from.setAttribute(a.name, a.value);
    }
  }

  // morph makes from, in this document, equal to to, of the fetched one.
  function morph(from, to) {
    if (from.nodeType !== 1) {
      if (from.nodeValue !== to.nodeValue) from.nodeValue = to.nodeValue;
      return;
    }
    morphAttrs(from, to);
    var olds = Array.prototype.filter.call(from.childNodes, function (n) { return !own(n); });
    var news = Array.prototype.slice.call(to.childNodes);
    for (var i = 0; i < news.length; i++) {
      var o = olds[i], n = news[i];
      if (!o) from.appendChild(n);
      else if (o.nodeType !== n.nodeType || o.nodeName !== n.nodeName) o.replaceWith(n);
      else morph(o, n);
    }
    for (var k = news.length; k < olds.length; k++) olds[k].remove();
  }

  // patch lays the page at url (this one when there is none) over this
  // one; another page, such as a new post, becomes the page shown. The
  // server sends the page with the event when it can (sent), and it is
  // fetched when not.
  function patch(url, sent) {
    var mine = ++patching;
    var other = url && new URL(url, location.href).pathname !== location.pathname;
    var fail = function () { if (other) location.href = url; else location.reload(); };
    var page = sent ? Promise.resolve(sent) : fetch(url || location.href, { cache: "no-store" })
      .then(function (r) {
        if (!r.ok || (r.headers.get("Content-Type") || "").indexOf("text/html") !== 0) throw new Error(r.status);
        return r.text();
      });
    page
      .then(function (html) {
        if (mine !== patching) return; // a newer change is on its way
        var next = new DOMParser().parseFromString(html, "text/html");
        if (resources(next) !== resources(document)) { fail(); return; }
        ["lang", "dir"].forEach(function (a) {
          var v = next.documentElement.getAttribute(a);
          if (v === null) document.documentElement.removeAttribute(a);
          else if (document.documentElement.getAttribute(a) !== v) document.documentElement.setAttribute(a, v);
        });
        morph(document.head, next.head);
        morph(document.body, next.body);
        if (other) {
          history.pushState(null, "", url);
          shown = location.pathname;
          window.scrollTo(0, 0);
          listen();
        }
        document.dispatchEvent(new CustomEvent("kopij:patched"));
      })
      .catch(fail);
  }

  // The server renders the page on screen first after a change: it is
  // told which page that is, again after a patch opened another.
  var es = null;
  function listen() {
    if (es) es.close();
    delete document.documentElement.dataset.kopijLive;
    es = new EventSource("/_kopij/events?page=" + encodeURIComponent(location.pathname));
    // Marks the page as listening, for tests and curious readers.
    es.addEventListener("open", function () { document.documentElement.dataset.kopijLive = "on"; });
    es.addEventListener("reload", function (ev) {
      var d = JSON.parse(ev.data);
      hideErrors();
      if (d.new) { patch(d.new, d.html); return; }
      var paths = d.paths || [];
      var css = false, other = false;
      paths.forEach(function (p) {
        if (/\.css$/.test(p)) css = true;
        else if (!/\.(html|xml|json|txt)$/.test(p)) other = true;
      });
      if (other) { location.reload(); return; }
      if (paths.indexOf(outputPath(d.base || "/")) >= 0) patch(null, d.html);
      if (css) swapCSS();
    });
    es.addEventListener("error", function (ev) {
      if (ev.data) showErrors(JSON.parse(ev.data));
    });
    es.addEventListener("ok", hideErrors);
  }
  listen();
  // Back to a page a patch replaced: load it.
  var shown = location.pathname;
  window.addEventListener("popstate", function () {
    if (location.pathname !== shown) location.reload();
  });
})();
