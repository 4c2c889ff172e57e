package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kopij/kopij/builder/browsertest"
)

// browserSite is the small blog the browser test builds: three posts that
// share the tag "growth", one of them in Dutch, and one word ("zeppelin")
// that only the second post's summary holds. The first is a bundle with
// comments kept from an old blog and an old address with a query string.
var browserSite = map[string]string{
	"content/posts/newsletter/comments.yaml": `comments:
  - {id: "1", author: Ann, date: 2025-03-02T09:00:00Z, body: "Kept **every** promise?"}
  - {id: "2", parent: "1", author: Test Writer, date: 2025-03-02T10:00:00Z, body: "So far. See [the feeds post](/posts/feeds-still-matter/)."}
  - {id: "3", author: Bob, date: 2025-03-03T09:00:00Z, body: "Thanks."}
`,
	"content/posts/newsletter/index.md": `---
title: A newsletter is a promise
slug: newsletter-promise
date: 2025-03-01
tags: [newsletter, growth]
categories: [Blogging]
query_aliases: ["/?p=7"]
---
Readers who give you their address expect you to write to them on a schedule.

## Keep it

Send what you promised, when you promised it.
`,
	"content/posts/feeds.md": `---
title: Why feeds still matter
slug: feeds-still-matter
date: 2025-02-01
tags: [feeds, growth]
---
A feed reader is a zeppelin that carries your posts to readers who never open social media.

## Offer one

Every kopij site has RSS, Atom and JSON Feed.
`,
	"content/posts/lezer.md": `---
title: Schrijf voor je lezer
slug: schrijf-voor-je-lezer
date: 2025-01-15
lang: nl
tags: [schrijven, growth]
---
Een lezer komt terug als je tekst hem iets oplevert.
`,
	"content/about.md": `---
title: About
---
This blog exists to be read by a browser in a test.
`,
}

// signup is one form post the test server received.
type signup struct {
	accept string
	form   url.Values
}

// TestThemeInBrowser builds a small site with the real build command, serves
// it on 127.0.0.1 and checks with Chromium what a reader sees and does.
func TestThemeInBrowser(t *testing.T) {
	chromium := browsertest.Path(t)

	root := t.TempDir()
	out := filepath.Join(t.TempDir(), "public")

	var mu sync.Mutex
	var signups []signup
	mux := http.NewServeMux()
	mux.HandleFunc("POST /subscribe", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		signups = append(signups, signup{accept: r.Header.Get("Accept"), form: r.PostForm})
		mu.Unlock()
		if !strings.Contains(r.Header.Get("Accept"), "application/json") {
			// A plain form post, as the signup server answers it.
			http.Redirect(w, r, "/subscribed/?status=pending#status-pending", http.StatusSeeOther)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"ok":true,"message":"Welcome aboard, check your inbox."}`)
	})
	mux.Handle("/", http.FileServer(http.Dir(out)))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen on 127.0.0.1: %v", err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: mux}}
	srv.Start()
	defer srv.Close()
	base := srv.URL + "/"

	files := map[string]string{
		"kopij.toml": fmt.Sprintf(`title = "Browser test blog"
language = "en"
description = "A small blog that a real browser reads in tests."

[author]
name = "Test Writer"

[newsletter]
endpoint = %q
consent = "I agree to get new posts by email and can unsubscribe at any time."
`, srv.URL+"/subscribe"),
	}
	for name, body := range browserSite {
		files[name] = body
	}
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	var stdout, stderr bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, e, []string{"build", "--src", root, "--out", out, "--base-url", base}); err != nil {
		t.Fatalf("kopij build: %v\nstdout:\n%s\nstderr:\n%s", err, &stdout, &stderr)
	}

	bctx := browsertest.Start(t, ctx, chromium)

	// Every request and every console problem of every page, checked at the end.
	var requests, problems []string
	err = chromedp.Listen(bctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, ev.Request.URL)
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text+" "+exceptionText(ev.ExceptionDetails))
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				problems = append(problems, fmt.Sprintf("console.%s: %s", ev.Type, consoleArgs(ev.Args)))
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				problems = append(problems, fmt.Sprintf("log %s: %s %s", ev.Entry.Level, ev.Entry.Text, ev.Entry.URL))
			}
		}
	})
	if err != nil {
		t.Fatalf("listen to browser events: %v", err)
	}

	post := base + "posts/newsletter-promise/"

	t.Run("home lists the posts newest first", func(t *testing.T) {
		titles := evalAt[[]string](t, bctx, base, `[...document.querySelectorAll("main h2 a")].map(a => a.textContent.trim())`)
		want := []string{"A newsletter is a promise", "Why feeds still matter", "Schrijf voor je lezer"}
		if !slices.Equal(titles, want) {
			t.Errorf("post titles on the home page = %q, want %q", titles, want)
		}
		lang := eval[string](t, bctx, `document.documentElement.lang`)
		if lang != "en" {
			t.Errorf("<html lang> = %q, want en", lang)
		}
	})

	t.Run("post page keeps the reader", func(t *testing.T) {
		type postView struct {
			H1         string   `json:"h1"`
			Date       string   `json:"date"`
			Reading    bool     `json:"reading"`
			Related    []string `json:"related"`
			Feeds      []string `json:"feeds"`
			Alternates []string `json:"alternates"`
			Canonical  string   `json:"canonical"`
			JSONLD     string   `json:"jsonld"`
			Tags       []string `json:"tags"`
		}
		got := evalAt[postView](t, bctx, post, `(() => {
			const texts = (sel) => [...document.querySelectorAll(sel)].map(e => e.textContent.trim());
			const main = document.querySelector("main");
			return {
				h1: texts("main h1").join("|"),
				date: (main.querySelector("time[datetime]") || {}).textContent || "",
				reading: /min read/.test(main.textContent),
				related: texts(".related a"),
				feeds: [...main.querySelectorAll("a[type]")].map(a => a.href),
				alternates: [...document.querySelectorAll("head link[rel=alternate]")].map(l => l.href),
				canonical: (document.querySelector("link[rel=canonical]") || {}).href || "",
				jsonld: (document.querySelector("script[type='application/ld+json']") || {}).textContent || "",
				tags: texts("main a[rel=tag]"),
			};
		})()`)
		if got.H1 != "A newsletter is a promise" {
			t.Errorf("post <h1> = %q, want the post title", got.H1)
		}
		if got.Date != "March 1, 2025" {
			t.Errorf("post date = %q, want March 1, 2025", got.Date)
		}
		if !got.Reading {
			t.Error("post page shows no reading time")
		}
		if len(got.Related) == 0 {
			t.Error("post page shows no related posts, though all three posts share a tag")
		}
		for _, r := range got.Related {
			if r != "Why feeds still matter" && r != "Schrijf voor je lezer" {
				t.Errorf("related post %q is not one of the other posts", r)
			}
		}
		for _, suffix := range []string{"index.xml", "atom.xml", "feed.json"} {
			if !slices.ContainsFunc(got.Feeds, func(u string) bool { return u == base+suffix }) {
				t.Errorf("post page has no visible link to %s%s; feed links: %q", base, suffix, got.Feeds)
			}
			if !slices.Contains(got.Alternates, base+suffix) {
				t.Errorf("head has no <link rel=alternate> for %s%s; have %q", base, suffix, got.Alternates)
			}
		}
		if got.Canonical != post {
			t.Errorf("canonical = %q, want %q", got.Canonical, post)
		}
		var ld map[string]any
		if err := json.Unmarshal([]byte(got.JSONLD), &ld); err != nil {
			t.Errorf("JSON-LD does not parse: %v: %q", err, got.JSONLD)
		}
		if !slices.Equal(got.Tags, []string{"newsletter", "growth"}) {
			t.Errorf("tag links = %q, want newsletter, growth", got.Tags)
		}
	})

	t.Run("comments show as a thread under the post", func(t *testing.T) {
		type commentView struct {
			Heading string   `json:"heading"`
			Top     []string `json:"top"`
			Replies []string `json:"replies"`
			Rel     []string `json:"rel"`
		}
		got := evalAt[commentView](t, bctx, post, `(() => {
			const sec = document.querySelector("section.comments");
			if (!sec) return {heading: "", top: [], replies: [], rel: []};
			const authors = (sel) => [...sec.querySelectorAll(sel)].map(e => e.textContent.trim());
			return {
				heading: sec.querySelector("h2").textContent.trim(),
				top: authors(":scope > ol > li > article .comment-author"),
				replies: authors(":scope > ol > li > ol > li > article .comment-author"),
				rel: [...sec.querySelectorAll(".comment-body a")].map(a => a.rel),
			};
		})()`)
		if got.Heading != "3 comments" {
			t.Errorf("comments heading = %q, want 3 comments", got.Heading)
		}
		if !slices.Equal(got.Top, []string{"Ann", "Bob"}) || !slices.Equal(got.Replies, []string{"Test Writer"}) {
			t.Errorf("thread: top %q, answers %q; want Ann and Bob, with Test Writer answering Ann", got.Top, got.Replies)
		}
		if !slices.Equal(got.Rel, []string{"nofollow ugc"}) {
			t.Errorf("links in comments have rel %q, want nofollow ugc", got.Rel)
		}
	})

	t.Run("an old address with a query string goes to its post", func(t *testing.T) {
		navigate(t, bctx, base+"?p=7&utm_source=feed")
		at := waitFor[string](t, bctx, "the redirect to the post", `location.pathname === "/posts/newsletter-promise/" && location.pathname`)
		if at != "/posts/newsletter-promise/" {
			t.Errorf("?p=7 ended at %s", at)
		}
		navigate(t, bctx, base+"?p=8")
		waitFor[bool](t, bctx, "the script to load redirects.json", `performance.getEntriesByType("resource").some(e => e.name.endsWith("/redirects.json"))`)
		if at := eval[string](t, bctx, `location.pathname + location.search`); at != "/?p=8" {
			t.Errorf("an unknown ?p=8 went to %s, want the home page to stay", at)
		}
	})

	t.Run("signup form has the signup server's fields", func(t *testing.T) {
		type formView struct {
			Action       string `json:"action"`
			Method       string `json:"method"`
			EmailType    string `json:"emailType"`
			EmailReq     bool   `json:"emailReq"`
			EmailAuto    string `json:"emailAuto"`
			EmailLabel   string `json:"emailLabel"`
			Name         bool   `json:"name"`
			Consent      string `json:"consent"`
			ConsentShown bool   `json:"consentShown"`
			Source       string `json:"source"`
			Lang         string `json:"lang"`
			HoneyTab     string `json:"honeyTab"`
			HoneyAuto    string `json:"honeyAuto"`
			HoneyHidden  bool   `json:"honeyHidden"`
			HoneyOnTop   bool   `json:"honeyOnTop"`
		}
		got := evalAt[formView](t, bctx, post, `(() => {
			const f = document.querySelector("form[method=post]");
			if (!f) return {};
			const el = (n) => f.elements[n] || {getAttribute: () => null};
			const email = el("email"), honey = el("website");
			const label = email.id ? document.querySelector("label[for='" + email.id + "']") : null;
			const consent = el("consent").value || "";
			return {
				action: f.action, method: f.method,
				emailType: email.type, emailReq: !!email.required, emailAuto: email.getAttribute("autocomplete") || "",
				emailLabel: label ? label.textContent.trim() : "",
				name: !!f.elements["name"],
				consent: consent, consentShown: consent !== "" && f.innerText.includes(consent),
				source: el("source").value, lang: el("lang").value,
				honeyTab: honey.getAttribute("tabindex"), honeyAuto: honey.getAttribute("autocomplete"),
				honeyHidden: !!(honey.closest && honey.closest("[aria-hidden=true]")),
				honeyOnTop: honeyOnTop(honey),
			};
			// honeyOnTop scrolls the field into view and reports whether a
			// reader could see and click it there.
			function honeyOnTop(h) {
				if (!h.getBoundingClientRect) return true;
				h.scrollIntoView({block: "center"});
				const r = h.getBoundingClientRect();
				return r.width > 1 && r.height > 1 && document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === h;
			}
		})()`)
		want := formView{
			Action: srv.URL + "/subscribe", Method: "post",
			EmailType: "email", EmailReq: true, EmailAuto: "email", EmailLabel: got.EmailLabel,
			Name: true, Consent: "I agree to get new posts by email and can unsubscribe at any time.", ConsentShown: true,
			Source: "/posts/newsletter-promise/", Lang: "en",
			HoneyTab: "-1", HoneyAuto: "off", HoneyHidden: true, HoneyOnTop: false,
		}
		if got != want {
			t.Errorf("signup form:\n got %+v\nwant %+v", got, want)
		}
		if got.EmailLabel == "" {
			t.Error("the email field has no <label>")
		}
	})

	t.Run("signup submits in place and passes utm parameters", func(t *testing.T) {
		navigate(t, bctx, post+"?utm_source=browser-test&utm_medium=email")
		if err := chromedp.Do(bctx,
			// Enter submits the form as a click would; a click can miss while
			// the page scrolls smoothly to the form.
			chromedp.SendKeys(chromedp.CSS("form[method=post] input[name=email]"), "reader@example.com"+kb.Enter),
		); err != nil {
			t.Fatalf("fill in and send the signup form: %v", err)
		}
		msg, err := chromedp.Run(bctx, chromedp.Poll[string](
			`(() => { const s = document.querySelector("form[method=post] [aria-live]"); return s && /Welcome/.test(s.textContent) ? s.textContent : false })()`,
			chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil {
			t.Fatalf("no inline signup message appeared: %v", err)
		}
		if msg != "Welcome aboard, check your inbox." {
			t.Errorf("inline message = %q, want the server's message", msg)
		}
		if u := eval[string](t, bctx, `location.href`); u != post+"?utm_source=browser-test&utm_medium=email" {
			t.Errorf("the page navigated to %s; the signup should stay in place", u)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(signups) != 1 {
			t.Fatalf("server got %d signups, want 1", len(signups))
		}
		s := signups[0]
		if !strings.Contains(s.accept, "application/json") {
			t.Errorf("Accept = %q, want application/json", s.accept)
		}
		for k, v := range map[string]string{
			"email": "reader@example.com", "name": "", "website": "", "lang": "en",
			"source": "/posts/newsletter-promise/", "utm_source": "browser-test", "utm_medium": "email",
			"consent": "I agree to get new posts by email and can unsubscribe at any time.",
		} {
			if got, ok := s.form[k]; !ok || got[0] != v {
				t.Errorf("posted %s = %q, want %q", k, got, v)
			}
		}
	})

	t.Run("thank-you page shows the status it was sent", func(t *testing.T) {
		shown := evalAt[[]string](t, bctx, base+"subscribed/?status=pending",
			`[...document.querySelectorAll("main h1, main p")].filter(e => e.offsetParent !== null).map(e => e.textContent.trim())`)
		if len(shown) == 0 || !strings.Contains(strings.Join(shown, " "), "check your inbox") {
			t.Errorf("visible text for status=pending = %q, want the confirmation hint", shown)
		}
	})

	t.Run("search finds a post by a typed word", func(t *testing.T) {
		navigate(t, bctx, base+"search/")
		if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.CSS("main input[type=search]"), "Zeppelin")); err != nil {
			t.Fatalf("type into the search box: %v", err)
		}
		hits, err := chromedp.Run(bctx, chromedp.Poll[[]string](
			`(() => { const l = [...document.querySelectorAll("#search-results a")].map(a => a.textContent.trim()); return l.length ? l : false })()`,
			chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil {
			t.Fatalf("no search results appeared for %q: %v", "Zeppelin", err)
		}
		if !slices.Equal(hits, []string{"Why feeds still matter"}) {
			t.Errorf("search results for Zeppelin = %q, want only the feeds post", hits)
		}
	})

	t.Run("skip link is the first stop and shows its focus", func(t *testing.T) {
		navigate(t, bctx, post)
		if err := chromedp.Do(bctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatalf("press Tab: %v", err)
		}
		type focusView struct {
			Href         string  `json:"href"`
			Text         string  `json:"text"`
			FocusVisible bool    `json:"focusVisible"`
			Outline      string  `json:"outline"`
			OutlineWidth float64 `json:"outlineWidth"`
			Top          float64 `json:"top"`
			Height       float64 `json:"height"`
		}
		got := eval[focusView](t, bctx, `(() => {
			const a = document.activeElement, cs = getComputedStyle(a), r = a.getBoundingClientRect();
			return {href: a.getAttribute("href") || "", text: a.textContent.trim(), focusVisible: a.matches(":focus-visible"),
				outline: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0, top: r.top, height: r.height};
		})()`)
		if got.Href != "#main" || got.Text == "" {
			t.Fatalf("first Tab focuses %+v, want the skip link to #main", got)
		}
		if !got.FocusVisible || got.Outline == "none" || got.OutlineWidth < 2 {
			t.Errorf("focused skip link has no visible focus ring: %+v", got)
		}
		if got.Top < 0 || got.Height < 10 {
			t.Errorf("focused skip link is off screen: %+v", got)
		}
		if err := chromedp.Do(bctx, chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatalf("press Enter: %v", err)
		}
		if id := eval[string](t, bctx, `document.activeElement.id`); id != "main" {
			t.Errorf("after following the skip link the focus is on #%s, want #main", id)
		}
	})

	t.Run("search and signup work without JavaScript", func(t *testing.T) {
		if _, err := chromedp.Call(bctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatalf("switch JavaScript off: %v", err)
		}
		defer chromedp.Call(bctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})

		navigate(t, bctx, base+"search/")
		if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.CSS("main input[type=search]"), "feeds"+kb.Enter)); err != nil {
			t.Fatalf("search without JavaScript: %v", err)
		}
		got := waitFor[[]string](t, bctx, "the search form to open the archive",
			`location.pathname === "/archive/" && document.readyState === "complete" && [...document.querySelectorAll("main li a")].map(a => a.textContent.trim())`)
		if len(got) != 3 {
			t.Errorf("archive lists %q, want the three posts", got)
		}

		navigate(t, bctx, post)
		if err := chromedp.Do(bctx,
			// Enter submits the form as a click would; a click can miss while
			// the page scrolls smoothly to the form.
			chromedp.SendKeys(chromedp.CSS("form[method=post] input[name=email]"), "plain@example.com"+kb.Enter),
		); err != nil {
			t.Fatalf("send the signup form without JavaScript: %v", err)
		}
		shown := waitFor[string](t, bctx, "the plain signup to land on the thank-you page",
			`location.pathname === "/subscribed/" && document.readyState === "complete" && [...document.querySelectorAll("main h1")].filter(e => e.offsetParent !== null).map(e => e.textContent.trim()).join("|")`)
		if shown != "Check your inbox" {
			t.Errorf("thank-you page without JavaScript shows %q, want only the heading for the status it was sent", shown)
		}
		mu.Lock()
		defer mu.Unlock()
		if n := len(signups); n != 2 || signups[n-1].form.Get("email") != "plain@example.com" || signups[n-1].form.Get("source") != "/posts/newsletter-promise/" {
			t.Errorf("server did not get the plain signup with its source: %+v", signups)
		}
	})

	t.Run("dark mode follows prefers-color-scheme", func(t *testing.T) {
		navigate(t, bctx, post)
		const colours = `[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]`
		light := eval[[]string](t, bctx, colours)
		if _, err := chromedp.Call(bctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		}); err != nil {
			t.Fatalf("emulate dark mode: %v", err)
		}
		defer chromedp.Call(bctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		dark := eval[[]string](t, bctx, colours)
		if slices.Equal(light, dark) {
			t.Fatalf("colours are %q in light and dark mode alike", light)
		}
		if lum(dark[0]) >= lum(light[0]) {
			t.Errorf("dark background %s is not darker than light background %s", dark[0], light[0])
		}
		if lum(dark[1]) <= lum(dark[0]) {
			t.Errorf("dark mode text %s is not lighter than its background %s", dark[1], dark[0])
		}
	})

	mu.Lock()
	defer mu.Unlock()
	if len(requests) == 0 {
		t.Error("no network requests were seen; the listener is not working")
	}
	for _, r := range requests {
		u, err := url.Parse(r)
		if err != nil || u.Scheme == "data" || u.Scheme == "about" || u.Scheme == "blob" {
			continue
		}
		if u.Hostname() != "127.0.0.1" {
			t.Errorf("the page requested %s; a kopij site must make no request to another host", r)
		}
	}
	for _, p := range problems {
		t.Errorf("browser console: %s", p)
	}
}

func navigate(t *testing.T, ctx context.Context, u string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func evalAt[T any](t *testing.T, ctx context.Context, u, js string) T {
	t.Helper()
	navigate(t, ctx, u)
	return eval[T](t, ctx, js)
}

// waitFor evaluates js until it gives a value other than false or null and
// returns that value. Page loads in between are expected, so evaluation
// errors are retried too; after 10 seconds the test fails naming what.
func waitFor[T any](t *testing.T, ctx context.Context, what, js string) T {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](js))
		if err == nil && len(raw) > 0 && string(raw) != "false" && string(raw) != "null" {
			var v T
			if err := json.Unmarshal(raw, &v); err != nil {
				t.Fatalf("waiting for %s: %s: %v", what, raw, err)
			}
			return v
		}
		if time.Now().After(deadline) {
			href, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
			t.Fatalf("waiting for %s on %s: gave up after 10s (last result %s, error %v)", what, href, raw, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// lum returns the rough brightness (0-765) of a CSS rgb()/rgba() colour.
func lum(c string) int {
	var r, g, b int
	if _, err := fmt.Sscanf(strings.TrimPrefix(strings.TrimPrefix(c, "rgba("), "rgb("), "%d, %d, %d", &r, &g, &b); err != nil {
		return -1
	}
	return r + g + b
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}

func consoleArgs(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		if len(a.Value) > 0 {
			parts = append(parts, string(a.Value))
		} else {
			parts = append(parts, a.Description)
		}
	}
	return strings.Join(parts, " ")
}
