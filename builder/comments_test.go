package builder

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

const commentsPost = "---\ntitle: Thread\ndate: 2020-01-02T10:00:00Z\nlang: en\n---\nBody.\n"

// TestCommentThreads checks how comments.yaml becomes a thread: answers
// nest under the comment they answer, a missing or later parent puts a
// comment at the top, and the text is sanitized.
func TestCommentThreads(t *testing.T) {
	yaml := `comments:
  - {id: "1", author: A, date: 2020-01-02T11:00:00Z, body: "first <script>x()</script>"}
  - {id: "2", parent: "1", author: B, date: 2020-01-02T12:00:00Z, body: "answer to A"}
  - {id: "3", parent: "2", author: C, url: "javascript:x()", date: 2020-01-02T13:00:00Z, body: "[x](javascript:x()) and [y](https://y.example/)"}
  - {id: "4", parent: "5", author: D, date: 2020-01-02T14:00:00Z, body: "answers a later one"}
  - {id: "5", parent: "4", author: E, date: 2020-01-02T15:00:00Z, body: "answer to D"}
  - {id: "6", parent: "gone", author: F, date: 2020-01-02T16:00:00Z, body: "answers a removed one"}
`
	site, err := Build(context.Background(), fstest.MapFS{
		"content/posts/thread/index.md":      {Data: []byte(commentsPost)},
		"content/posts/thread/comments.yaml": {Data: []byte(yaml)},
		"content/posts/thread/photo.jpg":     {Data: []byte("jpg")},
	}, Options{NoMinify: true, Now: func() time.Time { return goldenNow }})
	if err != nil {
		t.Fatal(err)
	}
	p := site.Posts[0]
	var shape func(cs []*Comment) string
	shape = func(cs []*Comment) string {
		var parts []string
		for _, c := range cs {
			s := c.Author
			if len(c.Replies) > 0 {
				s += "(" + shape(c.Replies) + ")"
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, " ")
	}
	if got, want := shape(p.Comments), "A(B(C)) D(E) F"; got != want {
		t.Errorf("thread = %s, want %s", got, want)
	}
	if p.CommentCount != 6 {
		t.Errorf("CommentCount = %d, want 6", p.CommentCount)
	}
	c := p.Comments[0].Replies[0].Replies[0]
	if c.URL != "" {
		t.Errorf("a javascript: website is kept: %q", c.URL)
	}
	if strings.Contains(string(c.HTML), "javascript") || !strings.Contains(string(c.HTML), `<a href="https://y.example/" rel="nofollow ugc">y</a>`) {
		t.Errorf("comment HTML = %s", c.HTML)
	}
	if strings.Contains(string(p.Comments[0].HTML), "<script") {
		t.Errorf("script kept: %s", p.Comments[0].HTML)
	}
	if _, ok := site.Files["posts/thread/comments.yaml"]; ok {
		t.Error("comments.yaml is published")
	}
	if _, ok := site.Files["posts/thread/photo.jpg"]; !ok {
		t.Error("the bundle's photo is not published")
	}
	page := string(site.Files["posts/thread/index.html"].Data)
	for _, want := range []string{`<h2 id="comments-title">6 comments</h2>`, `<article class="comment" id="comment-2"`, `January 2, 2020`} {
		if !strings.Contains(page, want) {
			t.Errorf("post page lacks %s", want)
		}
	}
	if n := strings.Count(page, `<ol class="comment-list">`); n != 4 {
		t.Errorf("%d comment lists, want 4 (top, under A, under B, under D)", n)
	}
}

// TestCommentsEdit checks that an edit of comments.yaml alone renders the
// post again, as kopij serve sends it, and that a broken file is an error
// with its line.
func TestCommentsEdit(t *testing.T) {
	fsys := fstest.MapFS{
		"content/posts/thread/index.md":      {Data: []byte(commentsPost)},
		"content/posts/thread/comments.yaml": {Data: []byte("comments:\n  - {id: \"1\", author: Ann, date: 2020-01-02T11:00:00Z, body: hello}\n")},
	}
	b := New(fsys, Options{NoMinify: true, Now: func() time.Time { return goldenNow }})
	if _, err := b.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	fsys["content/posts/thread/comments.yaml"] = &fstest.MapFile{Data: []byte("comments:\n  - {id: \"1\", author: Bob, date: 2020-01-02T11:00:00Z, body: hello}\n")}
	site, err := b.Build(context.Background(), []string{"content/posts/thread/comments.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if page := string(site.Files["posts/thread/index.html"].Data); !strings.Contains(page, "Bob") || strings.Contains(page, "Ann") {
		t.Error("the post page does not show the edited comment")
	}
	delete(fsys, "content/posts/thread/comments.yaml")
	site, err = b.Build(context.Background(), []string{"content/posts/thread/comments.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if page := string(site.Files["posts/thread/index.html"].Data); strings.Contains(page, "Bob") {
		t.Error("the post page still shows a removed comments file")
	}
	fsys["content/posts/thread/comments.yaml"] = &fstest.MapFile{Data: []byte("comments:\n  - id: 1\n    date: [not a date\n")}
	_, err = b.Build(context.Background(), []string{"content/posts/thread/comments.yaml"})
	var le *LineError
	if !errors.As(err, &le) || le.File != "content/posts/thread/comments.yaml" || le.Line == 0 {
		t.Errorf("broken comments.yaml: %v, want a LineError with file and line", err)
	}
}

// TestOldAddressEditsIncremental edits comments.yaml, query_aliases,
// static/_redirects and [redirects] one after the other, rebuilding with
// the changed paths as kopij serve does, and checks each build against a
// fresh one of the same files.
func TestOldAddressEditsIncremental(t *testing.T) {
	post := func(aliases string) []byte {
		return []byte("---\ntitle: Thread\ndate: 2020-01-02T10:00:00Z\ntags: [Go]\n" + aliases + "---\nBody.\n")
	}
	fsys := fstest.MapFS{
		"kopij.toml":                    {Data: []byte("title = \"T\"\nbase_url = \"https://example.com/blog/\"\n")},
		"content/posts/thread/index.md": {Data: post("")},
		"content/posts/other.md":        {Data: []byte("---\ntitle: Other\ndate: 2020-01-03T10:00:00Z\n---\nOther.\n")},
	}
	opts := Options{NoMinify: true, Now: func() time.Time { return goldenNow }, Workers: 2}
	b := New(fsys, opts)
	if _, err := b.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	var history []string
	for _, edit := range []struct {
		name string
		path string
		data []byte // nil removes the file
	}{
		{"add comments", "content/posts/thread/comments.yaml", []byte("comments:\n  - {id: \"1\", author: Ann, date: 2020-01-02T11:00:00Z, body: hi}\n")},
		{"answer a comment", "content/posts/thread/comments.yaml", []byte("comments:\n  - {id: \"1\", author: Ann, date: 2020-01-02T11:00:00Z, body: hi}\n  - {id: \"2\", parent: \"1\", author: Bob, date: 2020-01-02T12:00:00Z, body: hello}\n")},
		{"add a query alias", "content/posts/thread/index.md", post("query_aliases: [\"/?p=3\"]\n")},
		{"add static/_redirects", "static/_redirects", []byte("/old /blog/posts/other/ 301\n")},
		{"set redirects.platform", "kopij.toml", []byte("title = \"T\"\nbase_url = \"https://example.com/blog/\"\n[redirects]\nplatform = \"wordpress\"\n")},
		{"edit static/_redirects", "static/_redirects", []byte("/older /blog/posts/other/ 301\n")},
		{"remove the query alias", "content/posts/thread/index.md", post("")},
		{"remove the comments", "content/posts/thread/comments.yaml", nil},
	} {
		history = append(history, edit.name)
		if edit.data == nil {
			delete(fsys, edit.path)
		} else {
			fsys[edit.path] = &fstest.MapFile{Data: edit.data, ModTime: time.Unix(int64(len(history)), 0)}
		}
		got, err := b.Build(context.Background(), []string{edit.path})
		if err != nil {
			t.Fatalf("%s: %v", edit.name, err)
		}
		want, err := Build(context.Background(), fsys, opts)
		if err != nil {
			t.Fatal(err)
		}
		compareSites(t, history, got, want)
	}
}
