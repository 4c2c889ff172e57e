// kopij serve only: a small panel with the retention hints of the post on
// screen, refreshed after every rebuild. Never part of a built site.
(function () {
  "use strict";
  var onHintsPage = location.pathname.indexOf("/_kopij/hints/") === 0;
  var panel;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function style() {
    var s = document.createElement("style");
    s.textContent =
      "#kopij-hints{position:fixed;right:1rem;bottom:1rem;z-index:2147483000;max-width:24rem;max-height:50vh;overflow:auto;" +
      "font:13px/1.45 system-ui,sans-serif;background:#fff;color:#1c1e21;border:1px solid #d0d4da;border-radius:8px;" +
      "box-shadow:0 4px 18px rgba(0,0,0,.18);padding:.6rem .8rem}" +
      "@media (prefers-color-scheme:dark){#kopij-hints{background:#202328;color:#e6e6e6;border-color:#3a3f46}}" +
      "#kopij-hints summary{cursor:pointer;font-weight:600}#kopij-hints ul{margin:.4rem 0 0;padding-left:1rem}" +
      "#kopij-hints li{margin:.3rem 0}#kopij-hints .s-error{color:#dc2626}#kopij-hints .s-warn{color:#d97706}" +
      "#kopij-hints .s-info{color:#3b82f6}#kopij-hints .fix{display:block;opacity:.75}#kopij-hints a{color:inherit}";
    document.head.appendChild(s);
  }

  function render(post) {
    if (!panel) {
      style();
      panel = el("aside");
      panel.id = "kopij-hints";
      panel.setAttribute("aria-label", "Retention hints (kopij serve)");
      document.body.appendChild(panel);
    }
    panel.textContent = "";
    var d = el("details");
    var n = post.hints.length;
    var m = post.metrics;
    var sum = el("summary", null, n === 0 ? "No hints: in good shape" : n + (n === 1 ? " hint" : " hints"));
    d.appendChild(sum);
    d.appendChild(el("div", null, m.words + " words · Flesch " + Math.round(m.flesch) + " · reader focus " + Math.round(m.reader_focus * 100) + "%"));
    var ul = el("ul");
    post.hints.forEach(function (h) {
      var li = el("li");
      li.appendChild(el("strong", "s-" + h.severity, h.severity + " "));
      li.appendChild(document.createTextNode("line " + h.line + ": " + h.message));
      li.appendChild(el("span", "fix", h.fix));
      ul.appendChild(li);
    });
    d.appendChild(ul);
    var all = el("a", null, "All posts");
    all.href = "/_kopij/hints/";
    d.appendChild(all);
    d.appendChild(document.createTextNode(" · "));
    var email = el("a", null, "Email preview");
    email.href = "/_kopij/email" + location.pathname;
    email.title = "This post as kopij newsletter send mails it";
    d.appendChild(email);
    if (sessionStorage.getItem("kopij-hints-open") === "1") d.open = true;
    d.addEventListener("toggle", function () {
      sessionStorage.setItem("kopij-hints-open", d.open ? "1" : "0");
    });
    panel.appendChild(d);
  }

  function load() {
    fetch("/_kopij/hints.json?url=" + encodeURIComponent(location.pathname), { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        if (j.posts && j.posts.length) render(j.posts[0]);
        else if (panel) { panel.remove(); panel = null; }
      })
      .catch(function () {});
  }

  if (onHintsPage) {
    var es = new EventSource("/_kopij/events");
    es.addEventListener("reload", function () { location.reload(); });
    return;
  }
  load();
})();
