// kopij.js enhances pages that already work without it: the newsletter form
// submits in place, the thank-you page shows the status it was sent, and the
// search page searches /search.json in the browser. No dependencies.
(function () {
  "use strict";
  var doc = document;
  doc.documentElement.classList.add("js");
  var params = new URLSearchParams(location.search);

  // Newsletter forms: pass utm_* on (also for a plain submit), post with
  // fetch and show the server's message; a network failure falls back to
  // the ordinary form submit so a signup is never lost.
  doc.querySelectorAll("form[data-kopij-subscribe]").forEach(function (form) {
    params.forEach(function (value, key) {
      if (key.indexOf("utm_") !== 0 || form.elements[key]) return;
      var input = doc.createElement("input");
      input.type = "hidden";
      input.name = key;
      input.value = value.slice(0, 200);
      form.appendChild(input);
    });
    var status = form.querySelector(".form-status");
    var button = form.querySelector("button");
    var say = function (text, state) {
      status.textContent = text;
      status.setAttribute("data-state", state);
    };
    form.addEventListener("submit", function (event) {
      if (!window.fetch) return;
      event.preventDefault();
      button.disabled = true;
      say(form.dataset.sending, "busy");
      fetch(form.action, {
        method: "POST",
        headers: { Accept: "application/json" },
        body: new URLSearchParams(new FormData(form)),
      })
        .then(function (res) {
          return res.json().then(function (data) {
            return { res: res, data: data };
          });
        })
        .then(function (r) {
          // Only a 2xx answer that says ok is a success.
          var ok = r.res.ok && r.data.ok === true;
          var key = ok ? "ok" : r.res.status === 429 ? "rate" : r.res.status >= 500 ? "error" : "invalid";
          say(r.data.message || form.dataset[key], ok ? "ok" : "bad");
          if (ok) form.reset();
          button.disabled = false;
        })
        .catch(function () {
          // Unreachable server, CORS refusal or a non-JSON answer: let the
          // browser post the form itself.
          button.disabled = false;
          form.submit();
        });
    });
  });

  // Thank-you page: show the block for ?status=, and the neutral one for
  // none or a status the page does not know: never a success by default.
  var box = doc.querySelector("[data-kopij-status]");
  if (box) {
    var want = (params.get("status") || "").replace(/[^a-z-]/g, "");
    var match = (want && box.querySelector('[data-status="' + want + '"]')) || box.querySelector('[data-status="unknown"]');
    box.querySelectorAll("[data-status]").forEach(function (el) {
      el.hidden = el !== match;
    });
  }

  // Search: load the index once, then filter on every keystroke.
  var form = doc.querySelector("form[data-kopij-search]");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var out = doc.getElementById("search-results");
  var info = doc.getElementById("search-status");
  var base = form.dataset.base || "/";
  var index = null;
  doc.querySelectorAll("[data-nojs]").forEach(function (el) {
    el.hidden = true;
  });
  var fold = function (s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  };
  var link = function (u) {
    return u.indexOf(base) === 0 ? u : base + u.replace(/^\//, "");
  };
  var show = function () {
    var q = fold(input.value).trim();
    out.textContent = "";
    if (!index) return;
    if (!q) {
      info.textContent = form.dataset.hint;
      return;
    }
    var words = q.split(/\s+/);
    var hits = [];
    index.forEach(function (p) {
      var title = fold(p.t);
      var text = title + " " + fold(p.s) + " " + fold((p.g || []).join(" "));
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        if (text.indexOf(words[i]) < 0) return;
        score += title.indexOf(words[i]) >= 0 ? 3 : 1;
      }
      hits.push({ p: p, score: score });
    });
    hits.sort(function (a, b) {
      return b.score - a.score || (a.p.d < b.p.d ? 1 : -1);
    });
    var n = hits.length;
    info.textContent = n === 0 ? form.dataset.none : n === 1 ? form.dataset.one : form.dataset.many.replace("%d", n);
    hits.slice(0, 50).forEach(function (h) {
      var p = h.p;
      var li = doc.createElement("li");
      if (p.l) li.lang = p.l;
      var a = doc.createElement("a");
      a.href = link(p.u);
      a.textContent = p.t;
      li.appendChild(a);
      if (p.d) {
        var meta = doc.createElement("p");
        meta.className = "meta";
        var time = doc.createElement("time");
        time.dateTime = p.d;
        var d = new Date(p.d + "T12:00:00");
        time.textContent = isNaN(d) ? p.d : d.toLocaleDateString(p.l || doc.documentElement.lang, { year: "numeric", month: "long", day: "numeric" });
        meta.appendChild(time);
        li.appendChild(meta);
      }
      if (p.s) {
        var s = doc.createElement("p");
        s.textContent = p.s.length > 220 ? p.s.slice(0, 217) + "…" : p.s;
        li.appendChild(s);
      }
      out.appendChild(li);
    });
  };
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show();
  });
  input.addEventListener("input", show);
  info.textContent = form.dataset.loading;
  fetch(form.dataset.index, { headers: { Accept: "application/json" } })
    .then(function (res) {
      if (!res.ok) throw new Error(res.status);
      return res.json();
    })
    .then(function (data) {
      index = Array.isArray(data) ? data : [];
      var q = params.get("q");
      if (q && !input.value) input.value = q;
      show();
    })
    .catch(function () {
      info.textContent = form.dataset.failed;
    });
})();
