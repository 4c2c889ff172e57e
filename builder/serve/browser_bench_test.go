package serve

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/kopij/kopij/builder/browsertest"
	"github.com/kopij/kopij/builder/corpus"
)

// BenchmarkServeBrowser measures kopij serve as a writer sees it: from a
// file write to the moment the page in Chromium shows the change,
// median-ms and p90-ms, on generated sites of 1k and 10k posts. The page
// on screen is a post; a body edit and a template edit change it in place
// (the moment is the DOM change) or reload it (its load event), a new post
// is opened (its load event). Chromium is found through KOPIJ_CHROMIUM.
func BenchmarkServeBrowser(b *testing.B) {
	chromium := browsertest.Path(b)
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			s := newBenchServe(b, n)
			defer s.stop()
			ts := httptest.NewServer(s.srv)
			defer ts.Close()
			// Before Close, which waits for every request, the browser's
			// event stream too: the browser closes only at cleanup.
			defer ts.CloseClientConnections()
			ctx := browsertest.Start(b, context.Background(), chromium)
			loads := make(chan time.Time, 64)
			if err := chromedp.Listen(ctx, func(ev any) {
				if _, ok := ev.(*page.EventLoadEventFired); ok {
					select {
					case loads <- time.Now():
					default:
					}
				}
			}); err != nil {
				b.Fatal(err)
			}
			edited := corpus.Path(n / 2)
			postURL := ts.URL + postPath(edited)
			for _, c := range []struct {
				name  string
				edit  func(i int)
				shown func(i int) string // JavaScript: true once the page shows edit i
			}{
				{"body", func(i int) { s.editBody(b, i) }, func(i int) string { return fmt.Sprintf("document.body.textContent.includes('edit %d.')", i) }},
				{"firstpara", func(i int) { s.editFirstPara(b, i) }, func(i int) string { return fmt.Sprintf("document.body.textContent.includes('First edit %d.')", i) }},
				{"template", func(i int) { s.editTemplate(b, i) }, func(i int) string { return fmt.Sprintf("document.body.innerHTML.includes('>edit %d<')", i) }},
				{"newpost", func(i int) { s.addPost(b, i) }, func(i int) string { return fmt.Sprintf("location.pathname === %q", postPath(corpus.Path(n+i))) }},
			} {
				b.Run(c.name, func(b *testing.B) {
					if err := os.MkdirAll(filepath.Join(s.dir, "themes/default/layouts"), 0o755); err != nil {
						b.Fatal(err)
					}
					if err := chromedp.Do(ctx, chromedp.Navigate(postURL)); err != nil {
						b.Fatal(err)
					}
					var took []time.Duration
					for i := 0; i < b.N; i++ {
						awaitLive(b, ctx)
						for len(loads) > 0 {
							<-loads
						}
						s.edits++
						s.settle()
						ahead := watchShown(b, ctx, c.shown(s.edits))
						start := time.Now()
						c.edit(s.edits)
						took = append(took, awaitShown(b, ctx, loads, c.shown(s.edits), ahead).Sub(start))
						s.awaitReload(b) // and the end of the build, before the next edit
					}
					corpus.ReportLatency(b, took)
					if c.name == "template" {
						s.resetTemplate(b) // for the next run
					}
				})
			}
		})
	}
}

// postPath is the URL path of the post in the content file p.
func postPath(p string) string {
	return "/" + strings.TrimSuffix(strings.TrimPrefix(p, "content/"), ".md") + "/"
}

// awaitLive waits until the page in ctx listens for reloads again.
func awaitLive(b *testing.B, ctx context.Context) {
	b.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		on, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.dataset.kopijLive === 'on'`))
		if err == nil && on {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("the page does not listen for reloads (last error %v)", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// watchShown makes the page note the time at which the JavaScript
// condition shown first holds after a change of its DOM. It returns how
// far the page's clock is ahead of this process's, measured over the
// call that sets it up.
func watchShown(b *testing.B, ctx context.Context, shown string) time.Duration {
	b.Helper()
	js := `window.kopijShownAt = 0;
new MutationObserver(function () {
	if (!window.kopijShownAt && (` + shown + `)) window.kopijShownAt = performance.timeOrigin + performance.now();
}).observe(document.documentElement, {subtree: true, childList: true, characterData: true, attributes: true});
performance.timeOrigin + performance.now()`
	before := time.Now()
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js))
	after := time.Now()
	if err != nil {
		b.Fatal(err)
	}
	return time.UnixMicro(int64(ms * 1000)).Sub(before.Add(after.Sub(before) / 2))
}

// awaitShown returns when the page first showed what the condition shown
// holds for: the time its DOM changed so, which watchShown notes, or the
// load event of a page loaded again or anew after which it holds.
func awaitShown(b *testing.B, ctx context.Context, loads <-chan time.Time, shown string, ahead time.Duration) time.Time {
	b.Helper()
	timeout := time.After(time.Minute)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case at := <-loads:
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](shown)); err == nil && ok {
				return at
			}
		case <-tick.C:
			if ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64]("window.kopijShownAt || 0")); err == nil && ms > 0 {
				return time.UnixMicro(int64(ms * 1000)).Add(-ahead)
			}
		case <-timeout:
			b.Fatalf("the page never shows %s", shown)
		}
	}
}
