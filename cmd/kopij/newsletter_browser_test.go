package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kopij/kopij/builder/browsertest"
	"github.com/kopij/kopij/newsletter"
)

// visibleHeadings is the text of the headings a reader sees in main.
const visibleHeadings = `[...document.querySelectorAll("main h1")].filter(e => e.offsetParent !== null).map(e => e.textContent.trim())`

// TestSignupOutcomeInBrowser sends the signup form of a Dutch site served
// by kopij serve with an address the server refuses, in Chromium with and
// without JavaScript, and expects the refusal both times: inline with
// JavaScript, on the thank-you page without. Then it opens the thank-you
// page for every status the server sends, and for unknown ones, and
// expects exactly the matching heading, never the success by default.
func TestSignupOutcomeInBrowser(t *testing.T) {
	chromium := browsertest.Path(t)
	_, base := serveSite(t, map[string]string{
		"kopij.toml":             "title = \"Uitkomst\"\nbase_url = \"https://example.com/\"\nlanguage = \"nl\"\n\n[newsletter]\nconsent = \"Ja, mail mij nieuwe posts.\"\n",
		"content/posts/hello.md": servePost,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bctx := browsertest.Start(t, ctx, chromium)
	const refused = "Dat e-mailadres lijkt niet te kloppen. Controleer het en probeer het opnieuw."
	// The browser takes lezer@voorbeeld for an address; the server does
	// not (the domain needs a dot).
	const address = "lezer@voorbeeld" + kb.Enter

	navigate(t, bctx, base+"posts/hello/")
	if err := chromedp.Do(bctx, chromedp.SendKeys(`form[method=post] input[name=email]`, address)); err != nil {
		t.Fatalf("submit the form with JavaScript: %v", err)
	}
	got := waitFor[[]string](t, bctx, "the inline answer",
		`(() => { const s = document.querySelector("form[method=post] .form-status"); return s && s.dataset.state && s.dataset.state !== "busy" && [s.dataset.state, s.textContent.trim(), location.pathname] })()`)
	if !slices.Equal(got, []string{"bad", refused, "/posts/hello/"}) {
		t.Errorf("with JavaScript the form shows %q, want the refusal inline", got)
	}

	setJS := func(on bool) {
		t.Helper()
		if _, err := chromedp.Call(bctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on}); err != nil {
			t.Fatalf("switch JavaScript: %v", err)
		}
	}
	setJS(false)
	navigate(t, bctx, base+"posts/hello/")
	if err := chromedp.Do(bctx, chromedp.SendKeys(`form[method=post] input[name=email]`, address)); err != nil {
		t.Fatalf("submit the form without JavaScript: %v", err)
	}
	shown := waitFor[[]string](t, bctx, "the thank-you page",
		`location.pathname === "/subscribed/" && document.readyState === "complete" && [location.hash, ...`+visibleHeadings+`]`)
	if !slices.Equal(shown, []string{"#status-invalid", "Controleer je e-mailadres"}) {
		t.Errorf("without JavaScript the thank-you page shows %q, want only the refusal", shown)
	}

	titles := map[string]string{
		"subscribed": "Dank je wel", "pending": "Kijk in je inbox", "confirmed": "Inschrijving bevestigd",
		"unsubscribed": "Je bent afgemeld", "invalid": "Controleer je e-mailadres", "invalid-link": "Deze link werkt niet",
		"rate-limited": "Even geduld", "forbidden": "Aanmelding geweigerd", "too-large": "Te veel gegevens", "error": "Er ging iets mis",
	}
	const unknown = "Aanmelding voor de nieuwsbrief"
	pages := map[string]string{
		"subscribed/":                        unknown, // opened without an outcome
		"subscribed/?status=ok":              unknown, // a status the page does not know
		"subscribed/?status=bogus#status-ok": unknown,
	}
	for _, st := range newsletter.Statuses() {
		if titles[st] == "" {
			t.Fatalf("no expected heading for status %s", st)
		}
		pages["subscribed/?status="+st+"&lang=nl#status-"+st] = titles[st]
	}
	for _, js := range []bool{false, true} {
		setJS(js)
		for page, want := range pages {
			navigate(t, bctx, base+page)
			got := waitFor[[]string](t, bctx, "the thank-you page", `document.readyState === "complete" && `+visibleHeadings)
			if len(got) != 1 || got[0] != want {
				t.Errorf("JavaScript %v, %s shows %q, want only %q", js, page, got, want)
			}
			if want != titles["subscribed"] && strings.Contains(strings.Join(got, " "), titles["subscribed"]) {
				t.Errorf("JavaScript %v, %s reads as a success", js, page)
			}
		}
	}
}
