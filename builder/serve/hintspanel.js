// kopij serve only: a small panel with the retention hints of the post on
// screen, refreshed after every rebuild, and a mark in the text itself on
// every sentence or paragraph a hint is about. Never part of a built site.
(function () {
  "use strict";
  var onHintsPage = location.pathname.indexOf("/_kopij/hints/") === 0;
  var panel;

  // The panel speaks the language the hints are written in.
  var texts = {
    en: {
      none: "No hints: this post is in good shape.", hint: " hint", hints: " hints", words: " words",
      focus: "reader focus", line: "line ", all: "All posts", subject: "As newsletter subject:",
      info: "info", warn: "warn", error: "error", label: "Retention hints (kopij serve)", show: "Show in the text",
      email: "Email preview", emailTitle: "This post as kopij newsletter send mails it"
    },
    nl: {
      none: "Geen hints: dit stuk staat er goed voor.", hint: " hint", hints: " hints", words: " woorden",
      focus: "lezersgericht", line: "regel ", all: "Alle stukken", subject: "Als onderwerp van de nieuwsbrief:",
      info: "info", warn: "let op", error: "fout", label: "Hints voor je lezers (kopij serve)", show: "Toon in de tekst",
      email: "Voorbeeld van de mail", emailTitle: "Dit stuk zoals kopij newsletter send het mailt"
    }
  };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function style() {
    var s = document.createElement("style");
    s.id = "kopij-hints-style";
    s.textContent =
      "#kopij-hints{position:fixed;right:1rem;bottom:1rem;z-index:2147483000;max-width:24rem;max-height:50vh;overflow:auto;" +
      "font:13px/1.45 system-ui,sans-serif;background:#fff;color:#1c1e21;border:1px solid #d0d4da;border-radius:8px;" +
      "box-shadow:0 4px 18px rgba(0,0,0,.18);padding:.6rem .8rem}" +
      "@media (prefers-color-scheme:dark){#kopij-hints{background:#202328;color:#e6e6e6;border-color:#3a3f46}}" +
      "#kopij-hints summary{cursor:pointer;font-weight:600}#kopij-hints ul{margin:.4rem 0 0;padding-left:1rem}" +
      "#kopij-hints li{margin:.3rem 0}#kopij-hints li.has-mark{cursor:pointer}#kopij-hints li.has-mark:hover{text-decoration:underline dotted}" +
      "#kopij-hints .s-error{color:#dc2626}#kopij-hints .s-warn{color:#d97706}" +
      "#kopij-hints .s-info{color:#3b82f6}#kopij-hints .fix{display:block;opacity:.75}#kopij-hints q{display:block;font-style:italic;opacity:.85}" +
      "#kopij-hints a{color:inherit}" +
      "mark.kopij-hint{background:rgba(250,204,21,.35);color:inherit;border-radius:2px}" +
      "mark.kopij-hint[data-hint=passive-voice]{background:rgba(96,165,250,.3)}" +
      ".kopij-hint-block{box-shadow:-4px 0 0 rgba(217,119,6,.55)}" +
      ".kopij-hint-focus{outline:3px solid #d97706;outline-offset:2px;background:rgba(250,204,21,.6)!important}";
    document.head.appendChild(s);
  }

  // Text is compared with spaces collapsed and quotes and dashes of every
  // kind made one, as Markdown's typographer may have changed them.
  var same = { "\u201c": "\"", "\u201d": "\"", "\u201e": "\"", "\u00ab": "\"", "\u00bb": "\"", "\u2018": "'", "\u2019": "'",
    "\u201a": "'", "\u2013": "-", "\u2014": "-", "\u00a0": " " };
  function norm(ch) {
    if (same[ch]) return same[ch];
    if (/\s/.test(ch)) return " ";
    return ch;
  }
  function normText(s) {
    var out = "", space = true;
    s = s.replace(/\u2026/g, "...");
    for (var i = 0; i < s.length; i++) {
      var c = norm(s[i]);
      if (c === " ") { if (!space) out += " "; space = true; continue; }
      if (c === "-" && out[out.length - 1] === "-") continue; // "--" is the typographer's "–"
      out += c; space = false;
    }
    return out.trim();
  }

  // The text of root as one string, with for every character the text
  // node and offset it comes from. Code, scripts and the panel are left
  // out, as the hints leave code out.
  function textMap(root) {
    var text = "", at = [], space = true;
    var skip = /^(SCRIPT|STYLE|PRE|CODE|NOSCRIPT|TEMPLATE|TEXTAREA)$/;
    var w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        for (var p = n.parentNode; p && p !== root; p = p.parentNode) {
          if (skip.test(p.nodeName) || p.id === "kopij-hints") return NodeFilter.FILTER_REJECT;
          if (p.nodeName === "SUP" && p.querySelector("a[href^='#fn']")) return NodeFilter.FILTER_REJECT; // a footnote mark
        }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var prev = null, prevBlock = null;
    for (var n = w.nextNode(); n; n = w.nextNode()) {
      var v = n.nodeValue, blk = blockOf(n, root);
      // Blocks, and lines a <br> breaks, meet without a space in the
      // DOM's text; keep their words apart as the hints do.
      if (prev && !space && (blk !== prevBlock || (n.previousSibling && n.previousSibling.nodeName === "BR"))) {
        text += " ";
        at.push([prev, prev.nodeValue.length]);
        space = true;
      }
      prev = n;
      prevBlock = blk;
      for (var i = 0; i < v.length; i++) {
        var c = v[i];
        if (c === "\u2026") {
          for (var k = 0; k < 3; k++) { text += "."; at.push([n, i]); }
          space = false;
          continue;
        }
        c = norm(c);
        if (c === " ") {
          if (space) continue;
          space = true;
        } else if (c === "-" && text[text.length - 1] === "-") {
          continue;
        } else space = false;
        text += c;
        at.push([n, i]);
      }
    }
    return { text: text, at: at };
  }

  function blockOf(node, root) {
    for (var p = node.parentNode; p && p !== root; p = p.parentNode) {
      if (/^(P|LI|H[1-6]|TD|TH|DD|DT|FIGCAPTION)$/.test(p.nodeName)) return p;
    }
    return node.parentNode;
  }

  // wrap puts the characters [a, b) of the map in <mark> elements, one per
  // text node they cross, and returns the first.
  function wrap(m, a, b, id) {
    var first = null, i = a;
    while (i < b) {
      var node = m.at[i][0], start = m.at[i][1], end = start;
      var j = i;
      while (j < b && m.at[j][0] === node) { end = m.at[j][1] + 1; j++; }
      end = Math.min(end, node.nodeValue.length);
      if (end > start) {
        var r = document.createRange();
        r.setStart(node, start);
        r.setEnd(node, end);
        var mk = el("mark", "kopij-hint");
        mk.dataset.hint = id;
        r.surroundContents(mk);
        if (!first) first = mk;
      }
      i = j;
    }
    return first;
  }

  // container is the element that holds the post's text: the default
  // theme's, else the likeliest of other themes'.
  function container() {
    var sel = ["article .content", ".post-content", "article", "main"];
    for (var i = 0; i < sel.length; i++) {
      var e = document.querySelector(sel[i]);
      if (e) return e;
    }
    return document.body;
  }

  // markPassage marks one passage of hint id and returns the element to
  // scroll to, or null when its text is not on the page.
  function markPassage(root, p, id, from) {
    var m = textMap(root);
    var needle = normText(p.text || "");
    if (!needle) return null;
    var a = m.text.indexOf(needle, from.at);
    if (a < 0) a = m.text.indexOf(needle);
    if (a < 0) return null;
    from.at = a + needle.length;
    if (!p.blocks) return wrap(m, a, a + needle.length, id);
    // Whole blocks: the one holding the sentence and the blocks of prose
    // after it, as the hints count them (paragraphs, list items, headings).
    var first = blockOf(m.at[a][0], root), blocks = [first];
    var w = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    w.currentNode = first;
    for (var e = w.nextNode(); e && blocks.length < p.blocks; e = w.nextNode()) {
      if (isProseBlock(e)) blocks.push(e);
    }
    blocks.forEach(function (b) {
      b.classList.add("kopij-hint-block");
      b.dataset.hint = b.dataset.hint ? b.dataset.hint + " " + id : id;
    });
    return first;
  }

  // isProseBlock reports an element the hints count as a block of prose:
  // a paragraph, a heading, or a list item whose text is not in a
  // paragraph of its own.
  function isProseBlock(e) {
    if (/^(P|H[1-6])$/.test(e.nodeName)) return !e.closest("pre, table, #kopij-hints");
    if (e.nodeName !== "LI") return false;
    for (var c = e.firstElementChild; c; c = c.nextElementSibling) if (c.nodeName === "P") return false;
    return true;
  }

  // mark marks every passage of every hint and returns, per hint, the
  // element a click on it scrolls to.
  function mark(post) {
    var root = container(), targets = [];
    post.hints.forEach(function (h) {
      var from = { at: 0 }, target = null;
      (h.passages || []).forEach(function (p) {
        var t = markPassage(root, p, h.id, from);
        if (t && !target) target = t;
      });
      targets.push(target);
    });
    return targets;
  }

  function focus(target) {
    target.scrollIntoView({ block: "center" });
    document.querySelectorAll(".kopij-hint-focus").forEach(function (e) { e.classList.remove("kopij-hint-focus"); });
    target.classList.add("kopij-hint-focus");
    setTimeout(function () { target.classList.remove("kopij-hint-focus"); }, 2500);
  }

  function render(post) {
    var tx = texts[post.hints_lang] || texts.en;
    var targets = mark(post);
    if (!panel) {
      if (!document.getElementById("kopij-hints-style")) style();
      panel = el("aside");
      panel.id = "kopij-hints";
      document.body.appendChild(panel);
    }
    panel.setAttribute("aria-label", tx.label);
    panel.setAttribute("lang", post.hints_lang || "en");
    panel.textContent = "";
    var d = el("details");
    var n = post.hints.length;
    var m = post.metrics;
    var sum = el("summary", null, n === 0 ? tx.none : n + (n === 1 ? tx.hint : tx.hints));
    d.appendChild(sum);
    d.appendChild(el("div", null, m.words + tx.words + " · Flesch " + Math.round(m.flesch) + " · " + tx.focus + " " + Math.round(m.reader_focus * 100) + "%"));
    var ul = el("ul");
    post.hints.forEach(function (h, i) {
      var li = el("li");
      li.dataset.hint = h.id;
      li.appendChild(el("strong", "s-" + h.severity, (tx[h.severity] || h.severity) + " "));
      li.appendChild(document.createTextNode(tx.line + h.line + ": " + h.message));
      if (h.text) li.appendChild(el("q", null, h.text.length > 120 ? h.text.slice(0, 119) + "\u2026" : h.text));
      li.appendChild(el("span", "fix", h.fix));
      if (targets[i]) {
        li.classList.add("has-mark");
        li.title = tx.show;
        li.tabIndex = 0;
        var go = function () { focus(targets[i]); };
        li.addEventListener("click", go);
        li.addEventListener("keydown", function (ev) { if (ev.key === "Enter") go(); });
      }
      ul.appendChild(li);
    });
    d.appendChild(ul);
    if (post.subject && post.subject.length) {
      d.appendChild(el("div", null, tx.subject + " \u201c" + post.title + "\u201d"));
      var su = el("ul");
      post.subject.forEach(function (h) {
        var li = el("li");
        li.dataset.hint = h.id;
        li.appendChild(el("strong", "s-" + h.severity, (tx[h.severity] || h.severity) + " "));
        li.appendChild(document.createTextNode(h.message));
        li.appendChild(el("span", "fix", h.fix));
        su.appendChild(li);
      });
      d.appendChild(su);
    }
    var all = el("a", null, tx.all);
    all.href = "/_kopij/hints/";
    d.appendChild(all);
    d.appendChild(document.createTextNode(" · "));
    var email = el("a", null, tx.email);
    email.href = "/_kopij/email" + location.pathname;
    email.title = tx.emailTitle;
    d.appendChild(email);
    if (sessionStorage.getItem("kopij-hints-open") === "1") d.open = true;
    d.addEventListener("toggle", function () {
      sessionStorage.setItem("kopij-hints-open", d.open ? "1" : "0");
    });
    panel.appendChild(d);
    document.documentElement.dataset.kopijHints = "ready";
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
  // The live-reload script laid a changed version of the page over this
  // one: its hints may have changed, and its marks are gone.
  document.addEventListener("kopij:patched", load);
})();
