package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kopij/kopij/builder/browsertest"
	"github.com/kopij/kopij/themes"
)

// TestServeLiveReloadInBrowser opens a post on a running kopij serve in
// Chromium and edits its file: the page follows every save by itself, a
// broken save shows the error overlay over the last good page, the fix
// removes it, and a new post is navigated to.
// The site is served below the path of base_url, as deployed.
func TestServeLiveReloadInBrowser(t *testing.T) {
	chromium := browsertest.Path(t)
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
	bctx := browsertest.Start(t, ctx, chromium)
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
	// A change to the page's text is laid over the page on screen, which
	// is not loaded again: what the reader typed stays.
	eval[bool](t, bctx, "window.kopijSamePage = true")
	save(strings.Replace(servePost, "First words.", "Second words, live.", 1))
	waitJS(t, bctx, "document.body.innerText.includes('Second words, live.')")
	if !eval[bool](t, bctx, "window.kopijSamePage === true") {
		t.Error("the page was loaded again after a text edit; it should change in place")
	}
	if !eval[bool](t, bctx, "!!document.getElementById('kopij-hints')") {
		t.Error("the hints panel is gone after the page changed in place")
	}

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

	// A layout that adds a script cannot be laid over the page: the page
	// loads again and runs it.
	layout, err := fs.ReadFile(themes.Default(), "layouts/post.html")
	if err != nil {
		t.Fatal(err)
	}
	withScript := strings.Replace(string(layout), `{{define "main"}}`, `{{define "main"}}<script>document.documentElement.dataset.added = "ran"</script>`, 1)
	if withScript == string(layout) {
		t.Fatal("post.html has no main block to add a script to")
	}
	if err := os.MkdirAll(filepath.Join(dir, "themes/default/layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "themes/default/layouts/post.html"), []byte(withScript), 0o644); err != nil {
		t.Fatal(err)
	}
	waitJS(t, bctx, "document.documentElement.dataset.added === 'ran' && document.body.innerText.includes('Third words, fixed.')")
	waitJS(t, bctx, "document.documentElement.dataset.kopijLive === 'on'")

	// A new post is opened in the same page, which then follows the new
	// post's file.
	eval[bool](t, bctx, "window.kopijSamePage = true")
	newPost := "---\ntitle: \"Brand new\"\ndate: 2024-04-01T10:00:00Z\n---\n\nNew post words.\n"
	if err := os.WriteFile(filepath.Join(dir, "content/posts/brand-new.md"), []byte(newPost), 0o644); err != nil {
		t.Fatal(err)
	}
	waitJS(t, bctx, "location.pathname === '"+path+"posts/brand-new/' && document.body.innerText.includes('New post words.')")
	if !eval[bool](t, bctx, "window.kopijSamePage === true") {
		t.Error("the new post was loaded as a new page; it should be laid over the page on screen")
	}
	if title := eval[string](t, bctx, "document.title"); !strings.Contains(title, "Brand new") {
		t.Errorf("title after opening the new post: %q", title)
	}
	waitJS(t, bctx, "document.documentElement.dataset.kopijLive === 'on'")
	if err := os.WriteFile(filepath.Join(dir, "content/posts/brand-new.md"), []byte(strings.Replace(newPost, "New post words.", "Newer post words.", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	waitJS(t, bctx, "document.body.innerText.includes('Newer post words.')")
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

// TestServeMarksHintsInBrowser opens a Dutch post with one long and one
// passive sentence on kopij serve: the preview marks exactly those two
// sentences, the panel speaks Dutch, and a click on a hint scrolls its
// mark into view and highlights it. The served HTML itself holds no mark.
func TestServeMarksHintsInBrowser(t *testing.T) {
	chromium := browsertest.Path(t)
	long := "Wie elke ochtend een uur schrijft met `kopij serve` open en een [preview](/posts/marks/) ernaast, merkt na een paar weken dat de zinnen \"korter\" worden -- en dat de **gedachten** helderder op papier komen dan ooit."
	passive := "Het verslag werd gisteren door de redactie geschreven."
	var body strings.Builder
	for i := range 24 {
		fmt.Fprintf(&body, "Op dag %d schrijf je een korte alinea over je werk.\n\n", i+1)
		if i == 8 {
			body.WriteString("Je begint klein. " + long + " Dan stop je.\n\n")
		}
	}
	body.WriteString("Je leest alles nog eens na. " + passive + " Wat denk jij ervan?\n")
	_, base := serveSite(t, map[string]string{
		"kopij.toml": "title = \"Blog\"\nbase_url = \"https://example.com/\"\nlanguage = \"nl\"\n" +
			"[hints]\nlong_sentences_good_pct = 1\npassive_good_pct = 1\ndisable = [\"same-start\"]\n",
		"content/posts/marks.md": "---\ntitle: Schrijf elke ochtend\ndate: 2024-03-01\n---\n\n" + body.String(),
		"content/posts/muur.md":  "---\ntitle: Een muur van tekst\ndate: 2024-03-02\n---\n\n" + wallPost,
	})
	resp, err := http.Get(base + "posts/marks/")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if bytes.Contains(raw, []byte("<mark")) || bytes.Contains(raw, []byte("kopij-hint\"")) {
		t.Fatal("the served HTML holds marks; they belong to the browser only")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	bctx := browsertest.Start(t, ctx, chromium)
	navigate(t, bctx, base+"posts/marks/")
	waitJS(t, bctx, "document.documentElement.dataset.kopijHints === 'ready'")

	marked := eval[map[string]string](t, bctx, `(() => {
		const out = {};
		document.querySelectorAll("mark.kopij-hint").forEach(m => {
			out[m.dataset.hint] = (out[m.dataset.hint] || "") + m.textContent;
		});
		return out;
	})()`)
	// The marks hold the sentence as the reader sees it: markup gone, the
	// quotes and the dash typographic, and the inline code left unmarked.
	want := map[string]string{
		"long-sentences": strings.NewReplacer("**", "", "`kopij serve` ", "", "[preview](/posts/marks/)", "preview", `"korter"`, "“korter”", "--", "–").Replace(long),
		"passive-voice":  passive,
	}
	if len(marked) != len(want) || marked["long-sentences"] != want["long-sentences"] || marked["passive-voice"] != want["passive-voice"] {
		t.Fatalf("marked sentences:\n%q\nwant exactly:\n%q", marked, want)
	}
	if n := eval[int](t, bctx, `document.querySelectorAll("article .content strong mark.kopij-hint").length`); n != 1 {
		t.Errorf("the bold word inside the long sentence is marked %d times, want once, inside its <strong>", n)
	}

	panelText := eval[string](t, bctx, `document.querySelector("#kopij-hints summary").click(), document.getElementById("kopij-hints").innerText`)
	for _, w := range []string{"hints", "regel ", "woorden", "let op"} {
		if !strings.Contains(panelText, w) {
			t.Errorf("panel lacks %q:\n%s", w, panelText)
		}
	}
	for _, w := range []string{"No hints", "line ", " words", "All posts", "Email preview"} {
		if strings.Contains(panelText, w) {
			t.Errorf("English %q in the panel of a Dutch post:\n%s", w, panelText)
		}
	}

	if y := eval[float64](t, bctx, "window.scrollY"); y != 0 {
		t.Fatalf("page starts scrolled to %v", y)
	}
	inView := `(() => { const m = document.querySelector('mark.kopij-hint[data-hint="passive-voice"]');
		const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`
	if eval[bool](t, bctx, inView) {
		t.Fatal("the passive sentence is on screen before the click; the test needs it below the fold")
	}
	eval[bool](t, bctx, `document.querySelector('#kopij-hints li[data-hint="passive-voice"]').click(), true`)
	waitJS(t, bctx, inView+" && window.scrollY > 0")
	if !eval[bool](t, bctx, `document.querySelector('mark.kopij-hint[data-hint="passive-voice"]').classList.contains("kopij-hint-focus")`) {
		t.Error("the mark a click scrolled to is not highlighted")
	}

	// Hints about blocks mark the blocks: the hook is the first
	// paragraph, the wall of text the five paragraphs before the heading.
	navigate(t, bctx, base+"posts/muur/")
	waitJS(t, bctx, "document.documentElement.dataset.kopijHints === 'ready'")
	blocks := eval[map[string][]int](t, bctx, `(() => {
		const all = [...document.querySelectorAll("article .content > *")], out = {};
		all.forEach((e, i) => (e.dataset.hint || "").split(" ").filter(Boolean).forEach(id => (out[id] = out[id] || []).push(i)));
		return out;
	})()`)
	if got := fmt.Sprint(blocks["long-hook"]); got != "[0]" {
		t.Errorf("long-hook marks blocks %s, want [0] (the first paragraph)", got)
	}
	if got := fmt.Sprint(blocks["wall-of-text"]); got != "[0 1 2 3 4]" {
		t.Errorf("wall-of-text marks blocks %s, want [0 1 2 3 4] (the paragraphs before the heading)", got)
	}
}

// wallPost opens with a long first paragraph and runs on for five
// paragraphs, 262 words (a wall, not yet a long section), before its
// first subheading.
var wallPost = strings.Repeat("Je schrijft elke dag een stukje, ook als je geen zin hebt en de koffie nog niet op is. ", 4) +
	"Zo groeit er vanzelf een gewoonte.\n\n" +
	strings.Repeat(strings.Repeat("Een alinea loopt door en door, want de schrijver vergeet dat lezers ook moeten ademen. ", 3)+"\n\n", 4) +
	"## Adem\n\nEen korte alinea na de kop. Wat vind jij?\n"
