package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/newsletter"
)

// TestEmailPreview builds a site and asks the preview handler of kopij
// serve for the email of a post: the page, the HTML and text parts and the
// whole message carry the post's title as subject and the subscriber's
// unsubscribe link where the template's placeholder stood.
func TestEmailPreview(t *testing.T) {
	site, err := builder.Build(context.Background(), fstest.MapFS{
		"kopij.toml":             {Data: []byte("title = \"Preview blog\"\nbase_url = \"http://127.0.0.1:1313/blog/\"\nlanguage = \"en\"\n[newsletter]\nfrom = \"Preview Blog <news@blog.example>\"\n")},
		"content/posts/hello.md": {Data: []byte("---\ntitle: Hello & welcome\ndate: 2025-01-02\n---\nThe first paragraph of the post.\n\nA second one with a [link](/blog/about/).\n")},
		"content/about.md":       {Data: []byte("---\ntitle: About\n---\nAbout.\n")},
	}, builder.Options{Serve: true, Now: func() time.Time { return time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET "+emailPreviewPath, emailPreview(func() *builder.Site { return site }, t.TempDir()))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}

	const post = emailPreviewPath + "blog/posts/hello/"
	code, page := get(post)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", post, code, page)
	}
	for _, want := range []string{`<h1 id="subject">Hello &amp; welcome</h1>`, "Subject: Hello &amp; welcome", "To: &lt;reader@example.com&gt;", "List-Unsubscribe: &lt;http://127.0.0.1:1313/_newsletter/unsubscribe?"} {
		if !strings.Contains(page, want) {
			t.Errorf("preview page lacks %q", want)
		}
	}
	for _, part := range []string{"html", "text", "raw"} {
		code, body := get(post + "?part=" + part)
		if code != http.StatusOK {
			t.Errorf("%s part: %d %s", part, code, body)
			continue
		}
		if strings.Contains(body, newsletter.UnsubscribePlaceholder) {
			t.Errorf("%s part still holds the unsubscribe placeholder", part)
		}
		if part != "raw" && (!strings.Contains(body, "_newsletter/unsubscribe?") || !strings.Contains(body, "The first paragraph of the post.")) {
			t.Errorf("%s part lacks the unsubscribe link or the post:\n%s", part, body)
		}
		if part == "raw" && !strings.Contains(body, "Subject: Hello & welcome") {
			t.Errorf("the message's subject is not the post's title:\n%s", body)
		}
	}
	if code, body := get(emailPreviewPath + "blog/posts/nothing/"); code != http.StatusNotFound || !strings.Contains(body, "feed.limit") {
		t.Errorf("a post that is not in the feed: %d %s", code, body)
	}
}
