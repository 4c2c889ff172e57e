package importer

import (
	"context"
	"errors"
	"fmt"
	"github.com/kopij/kopij/builder"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

func testSite(posts ...*Post) *Site {
	return &Site{Source: "test.xml", Format: "test", Title: "T", BaseURL: "https://old.example/", Language: "nl", Posts: posts}
}

func post(slug, body string) *Post {
	return &Post{Kind: KindPost, Source: "test.xml:1", Title: slug, Slug: slug, URL: "/" + slug + "/",
		Date: time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC), HTML: body}
}

func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func TestImportRefusesFolderWithFiles(t *testing.T) {
	dest := t.TempDir()
	os.WriteFile(filepath.Join(dest, "notes.txt"), []byte("mine"), 0o644)
	_, err := Import(context.Background(), testSite(post("a", "<p>x</p>")), dest, Options{})
	if !errors.Is(err, ErrDestNotEmpty) {
		t.Fatalf("err = %v, want ErrDestNotEmpty", err)
	}
	if got := listFiles(t, dest); strings.Join(got, ",") != "notes.txt" {
		t.Errorf("files after refusal: %v", got)
	}
}

func TestImportMergeKeepsEveryFile(t *testing.T) {
	dest := t.TempDir()
	mine := map[string]string{
		"kopij.toml":                          "title = \"Mine\"\n",
		"content/posts/2020-01-02-a/index.md": "my own post\n",
	}
	for p, data := range mine {
		os.MkdirAll(filepath.Dir(filepath.Join(dest, p)), 0o755)
		os.WriteFile(filepath.Join(dest, p), []byte(data), 0o644)
	}
	rep, err := Import(context.Background(), testSite(post("a", "<p>a</p>"), post("b", "<p>b</p>")), dest, Options{Merge: true})
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range mine {
		if got, _ := os.ReadFile(filepath.Join(dest, p)); string(got) != data {
			t.Errorf("%s was changed to %q", p, got)
		}
	}
	sort.Strings(rep.Kept)
	if strings.Join(rep.Kept, ",") != "content/posts/2020-01-02-a/index.md,kopij.toml" {
		t.Errorf("Kept = %v", rep.Kept)
	}
	if _, err := os.Stat(filepath.Join(dest, "content/posts/2020-01-02-b/index.md")); err != nil {
		t.Errorf("the new post was not written: %v", err)
	}
	for _, f := range listFiles(t, dest) {
		if strings.Contains(f, stagePrefix) {
			t.Errorf("staging file left behind: %s", f)
		}
	}
}

func TestImportWritesNothingOutsideDest(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "site")
	for _, site := range []*Site{
		func() *Site {
			p := post("a", "<p>a</p>")
			p.Files = []Resource{{Name: "../../../escape.txt", Data: []byte("x")}}
			return testSite(p)
		}(),
		func() *Site { s := testSite(post("a", "")); s.Files = []File{{Path: "../escape.txt"}}; return s }(),
		func() *Site { s := testSite(post("a", "")); s.Files = []File{{Path: "/etc/escape.txt"}}; return s }(),
	} {
		if _, err := Import(context.Background(), site, dest, Options{}); err == nil {
			t.Errorf("an import writing outside DEST succeeded")
		}
		if got := listFiles(t, root); len(got) != 0 {
			t.Fatalf("files written: %v", got)
		}
		if _, err := os.Stat(dest); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a failed import left the folder it created: %v", err)
		}
	}
}

func TestImportCancelledLeavesNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cancel() // the writer gives up while the first image downloads
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	}))
	defer srv.Close()
	dest := filepath.Join(t.TempDir(), "site")
	site := testSite(post("a", `<img src="`+srv.URL+`/a.png">`), post("b", `<img src="`+srv.URL+`/b.png">`))
	_, err := Import(ctx, site, dest, Options{Client: srv.Client(), Fetchers: 1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(dest); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a cancelled import left %s: %v", dest, err)
	}
}

// TestFetchersBound checks that no more images are fetched at once than
// Options.Fetchers: each answer waits until every fetcher is busy, so a
// further request would be seen in flight.
func TestFetchersBound(t *testing.T) {
	const fetchers, images = 3, 12
	var mu sync.Mutex
	inFlight, most := 0, 0
	busy := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		if inFlight == fetchers {
			close(busy)
			busy = make(chan struct{})
		}
		wait := busy
		mu.Unlock()
		select {
		case <-wait:
		case <-time.After(300 * time.Millisecond): // in case the last requests cannot fill every fetcher
		}
		mu.Lock()
		inFlight--
		mu.Unlock()
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n" + r.URL.Path))
	}))
	defer srv.Close()
	var body strings.Builder
	for i := range images {
		fmt.Fprintf(&body, `<p><img src="%s/img/%d.png"></p>`, srv.URL, i)
	}
	dest := filepath.Join(t.TempDir(), "site")
	rep, err := Import(context.Background(), testSite(post("a", body.String())), dest, Options{Client: srv.Client(), Fetchers: fetchers})
	if err != nil {
		t.Fatal(err)
	}
	if rep.ImagesFetched != images {
		t.Errorf("fetched %d images, want %d", rep.ImagesFetched, images)
	}
	if most > fetchers {
		t.Errorf("%d requests at once, want at most %d", most, fetchers)
	}
	if most < fetchers {
		t.Errorf("only %d requests at once, want %d", most, fetchers)
	}
}

func TestImageLimits(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(make([]byte, 2048))
		case "/noext":
			w.Header().Set("Content-Type", "image/jpeg")
			w.Write([]byte("\xff\xd8\xff\xe0jpeg"))
		case "/sniffed":
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write([]byte("GIF89a...."))
		}
	}))
	defer srv.Close()
	dest := filepath.Join(t.TempDir(), "site")
	body := fmt.Sprintf(`<p><img src="%[1]s/big.png"><img src="%[1]s/noext"><img src="%[1]s/sniffed"></p>`, srv.URL)
	rep, err := Import(context.Background(), testSite(post("a", body)), dest, Options{Client: srv.Client(), MaxImageBytes: 1024})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.ImagesMissing) != 1 || !strings.Contains(rep.ImagesMissing[0].Reason, "size limit") {
		t.Errorf("missing = %+v, want the big image over the size limit", rep.ImagesMissing)
	}
	md, _ := os.ReadFile(filepath.Join(dest, "content/posts/2020-01-02-a/index.md"))
	for _, want := range []string{"](noext.jpg)", "](sniffed.gif)", srv.URL + "/big.png"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("index.md lacks %q:\n%s", want, md)
		}
	}
}

func TestReservedPathsMove(t *testing.T) {
	p := post("tags", "<p>x</p>")
	q := post("b", "<p>x</p>")
	q.Aliases = []string{"/categories/old/", "/b-old/"}
	dest := filepath.Join(t.TempDir(), "site")
	rep, err := Import(context.Background(), testSite(p, q), dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.URL != "/tags-post/" || strings.Join(q.Aliases, ",") != "/b-old/" {
		t.Errorf("url %q, aliases %q", p.URL, q.Aliases)
	}
	if len(rep.Notes) != 2 {
		t.Errorf("notes = %+v", rep.Notes)
	}
}

// TestCommentsRoundTrip reads back the comments.yaml Import writes.
func TestCommentsRoundTrip(t *testing.T) {
	p := post("a", "<p>a</p>")
	at := time.Date(2021, 3, 14, 12, 0, 0, 0, time.FixedZone("", 3600))
	p.Comments = []Comment{
		{ID: "2", Parent: "1", Author: "Anne", Date: at.Add(time.Hour), HTML: "<p>Thanks: <b>really</b></p>"},
		{ID: "1", Author: "Karin", AuthorURL: "https://karin.example/", Date: at, HTML: "Line one<br>line two"},
		{ID: "3", Parent: "99", Author: "Piet", Date: at.Add(2 * time.Hour), Markdown: "Answer to a comment left out\n"},
	}
	dest := filepath.Join(t.TempDir(), "site")
	if _, err := Import(context.Background(), testSite(p), dest, Options{}); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dest, "content/posts/2020-01-02-a", builder.CommentsFile)
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := builder.ParseComments(name, data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range doc.Comments {
		got = append(got, fmt.Sprintf("%s<%s %s %s %s %q", c.ID, c.Parent, c.Author, c.URL, c.Date.Format(time.RFC3339), c.Body))
	}
	want := []string{
		`1< Karin https://karin.example/ 2021-03-14T12:00:00+01:00 "Line one  \nline two\n"`,
		`2<1 Anne  2021-03-14T13:00:00+01:00 "Thanks: **really**\n"`,
		`3< Piet  2021-03-14T14:00:00+01:00 "Answer to a comment left out\n"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("comments:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
