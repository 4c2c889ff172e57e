package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestServeLiveReloadInBrowser opens a post on a running kopij serve in
// Chromium and edits its file: the page follows every save by itself, a
// broken save shows the error overlay over the last good page, the fix
// removes it, and a new post is navigated to.
// The site is served below the path of base_url, as deployed.
func TestServeLiveReloadInBrowser(t *testing.T) {
	chromium := browserPath(t)
	for _, path := range []string{"/", "/blog/"} {
		t.Run("base "+path, func(t *testing.T) { liveReloadInBrowser(t, chromium, path) })
	}
}

func liveReloadInBrowser(t *testing.T, chromium, path string) {
	dir, base := serveSite(t, map[string]string{
		"kopij.toml":             "title = \"Live\"\nbase_url = \"https://example.com" + path + "\"\n",
		"content/posts/hello.md": servePost,
	})
	if !strings.HasSuffix(base, path) {
		t.Fatalf("kopij serve printed %s, want a URL ending in %s", base, path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	bctx := newBrowser(t, ctx, chromium)
	navigate(t, bctx, base+"posts/hello/")
	if text := eval[string](t, bctx, "document.body.innerText"); !strings.Contains(text, "First words.") {
		t.Fatalf("post page text: %.300s", text)
	}
	// Let the page open its event stream before the first save.
	waitJS(t, bctx, "document.documentElement.dataset.kopijLive === 'on'")

	save := func(text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, "content/posts/hello.md"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	save(strings.Replace(servePost, "First words.", "Second words, live.", 1))
	waitJS(t, bctx, "document.body.innerText.includes('Second words, live.')")

	save("---\ntitle: \"Hello\ndate: 2024-03-01T10:00:00Z\n---\n\nBroken.\n")
	waitJS(t, bctx, "!!document.getElementById('kopij-error-overlay')")
	overlay := eval[string](t, bctx, "document.getElementById('kopij-error-overlay').innerText")
	if !strings.Contains(overlay, "content/posts/hello.md:") {
		t.Fatalf("overlay does not name the file and line: %q", overlay)
	}
	if text := eval[string](t, bctx, "document.body.innerText"); !strings.Contains(text, "Second words, live.") {
		t.Fatalf("the last good page is gone under the overlay: %.300s", text)
	}

	save(strings.Replace(servePost, "First words.", "Third words, fixed.", 1))
	waitJS(t, bctx, "!document.getElementById('kopij-error-overlay') && document.body.innerText.includes('Third words, fixed.')")
	waitJS(t, bctx, "document.documentElement.dataset.kopijLive === 'on'") // the reloaded page listens again

	if err := os.WriteFile(filepath.Join(dir, "content/posts/brand-new.md"),
		[]byte("---\ntitle: \"Brand new\"\ndate: 2024-04-01T10:00:00Z\n---\n\nNew post words.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitJS(t, bctx, "location.pathname === '"+path+"posts/brand-new/' && document.body.innerText.includes('New post words.')")
}

// waitJS polls a JavaScript condition in the page until it holds; page
// loads in between are expected, so evaluation errors are retried too.
func waitJS(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		ok, err := evalErr[bool](ctx, cond)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited 15s for %s (last error %v)", cond, err)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func evalErr[T any](ctx context.Context, js string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](js))
}
