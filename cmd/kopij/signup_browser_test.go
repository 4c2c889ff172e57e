package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kopij/kopij/builder/browsertest"
	"github.com/kopij/kopij/newsletter/sqlite"
)

// TestServeSignupInBrowser submits the signup form on a page served by
// kopij serve in Chromium, once with JavaScript (fetch, inline message) and
// once without (plain POST, thank-you page), and finds both subscribers with
// their consent record and source page in the serve database.
func TestServeSignupInBrowser(t *testing.T) {
	chromium := browsertest.Path(t)
	dir, base := serveSite(t, map[string]string{
		"kopij.toml":             "title = \"Signup\"\nbase_url = \"https://example.com/\"\nlanguage = \"nl\"\n\n[newsletter]\nconsent = \"Ja, mail mij nieuwe posts.\"\n",
		"content/posts/hello.md": servePost,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	bctx := browsertest.Start(t, ctx, chromium)

	navigate(t, bctx, base+"posts/hello/")
	if err := chromedp.Do(bctx, chromedp.SendKeys(`form[method=post] input[name=email]`, "met-js@example.com"+kb.Enter)); err != nil {
		t.Fatalf("submit the form with JavaScript: %v", err)
	}
	waitJS(t, bctx, `location.pathname === "/posts/hello/" && [...document.querySelectorAll("[aria-live]")].some(e => e.textContent.trim().length > 0)`)

	if _, err := chromedp.Call(bctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("switch JavaScript off: %v", err)
	}
	navigate(t, bctx, base+"posts/hello/")
	if err := chromedp.Do(bctx, chromedp.SendKeys(`form[method=post] input[name=email]`, "zonder-js@example.com"+kb.Enter)); err != nil {
		t.Fatalf("submit the form without JavaScript: %v", err)
	}
	waitJS(t, bctx, `location.pathname === "/subscribed/"`)

	store, err := sqlite.Open(context.Background(), filepath.Join(dir, ".kopij", "subscribers.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for _, email := range []string{"met-js@example.com", "zonder-js@example.com"} {
		deadline := time.Now().Add(5 * time.Second)
		for {
			sub, err := store.Get(context.Background(), email)
			if err == nil {
				if sub.Status != "confirmed" || sub.Source != "/posts/hello/" || !strings.Contains(sub.Consent, "mail mij") {
					t.Errorf("%s stored as %+v", email, sub)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s not in the serve database: %v", email, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}
