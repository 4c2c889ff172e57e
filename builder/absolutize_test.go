package builder

import (
	"context"
	"net/url"
	"testing"
	"time"
)

// TestScanLinks holds absolutize's shortcut to the tokenizer it skips: a
// fragment it keeps as it is against a path must come out of the
// tokenizer unchanged, for hand-written cases and for every summary and
// body of a generated site.
func TestScanLinks(t *testing.T) {
	fragments := []string{
		`<p><a href="/posts/x/">x</a> <a href="https://example.org/1">y</a></p>`,
		`<p><a href="/posts/x/" title="a &quot;b&quot; &amp; c">x</a></p>`,
		`<img src="/img/a.png" alt="it&#39;s">`,
		`<p><a href="photo.jpg">rel</a></p>`,
		`<p><a href="#top">top</a></p>`,
		`<p><a href="/a/../b/">dots</a></p>`,
		`<p><a href="/a/./b/">dot</a></p>`,
		`<p><a href="//cdn.example/x">scheme-relative</a></p>`,
		`<p><a HREF="rel/">upper</a></p>`,
		`<p><a href='rel/'>single</a></p>`,
		`<p><a href = "rel/">spaced</a></p>`,
		`<p><a href="/x/" title="a" src
=  "rel.png">newline</a></p>`,
		`<p><a href="https://example.org/?a=1&amp;b=2">query</a></p>`,
		`<p><a href=rel/>bare</a></p>`,
		`<p><img data-src="x.png" src="/y.png"></p>`,
		`<p><a href="/caf%C3%A9/">escaped</a></p>`,
		`<p><a href="/ä/">raw</a></p>`,
		`<p><a href="mailto:a@example.org">mail</a></p>`,
		`<p>src= and href= in text</p>`,
		`<p><a href="/x/">unclosed`,
		`<p><a href="/x/`,
	}
	site, err := Build(context.Background(), corpusFS(40), Options{Now: func() time.Time { return benchNow }})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range site.Posts {
		fragments = append(fragments, string(p.Summary), string(p.Content))
	}
	base := "/posts/post-00001/"
	bu, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	for _, f := range fragments {
		if links, stay := scanLinks(f); !links || stay {
			kept++
		}
		if got, want := absolutize(f, base), resolveLinks(f, bu); got != want {
			t.Errorf("absolutize(%q):\n got %q\nwant %q", f, got, want)
		}
		if links, _ := scanLinks(f); !links {
			// Against a full address too, a fragment without links is kept.
			if got, want := absolutize(f, "https://example.org/x/"), resolveLinks(f, &url.URL{Scheme: "https", Host: "example.org", Path: "/x/"}); got != want {
				t.Errorf("absolutize(%q) against an address:\n got %q\nwant %q", f, got, want)
			}
		}
	}
	if kept < len(site.Posts) {
		t.Errorf("the shortcut kept %d of %d fragments; the generated posts' links are all site paths or absolute", kept, len(fragments))
	}
}
