package builder

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	jsonfeed "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
	"golang.org/x/net/html"
)

// feedSite is a site whose posts link and embed with relative URLs, share
// a title, and carry markup in titles.
func feedSite() fstest.MapFS {
	post := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		ConfigFile: {Data: []byte("title = \"Feeds & <Co>\"\nbase_url = \"https://example.com/blog/\"\n[author]\nname = \"Ann\"\nemail = \"ann@example.com\"\n")},
		"content/posts/a.md": post("---\ntitle: Same title\ndate: 2024-01-01T10:00:00+02:00\ntags: [Go, \"C++\"]\n---\n" +
			"See [b](../b/), [root](/about/), [frag](#x), [rel](img/), ![pic](pic.png) and ![abs](/i/abs.png).[^1]\n\n[^1]: A note.\n"),
		"content/posts/b.md":        post("---\ntitle: Same title\ndate: 2024-01-02\ntags: [go]\nimage: cover.jpg\n---\n<a href=\"x\">raw</a> and <img src=\"y.png\">\n"),
		"content/posts/c/index.md":  post("---\ntitle: \"<script>alert(1)</script> & \\\"quotes\\\"\"\ndate: 2024-01-03\ntags: [\"C#\"]\n---\n![here](photo.png)\n"),
		"content/posts/c/photo.png": {Data: []byte("png")},
		"content/posts/undated.md":  post("# Undated\n\nNo date at all.\n"),
		"content/about.md":          post("About.\n"),
	}
}

// TestFeedsParse checks every feed of the site with gofeed: the type is
// recognised, items are unique and complete, RSS dates are RFC 822 with a
// numeric zone, every Atom entry has updated (an undated post too), JSON
// Feed is version 1.1, and every URL is absolute.
func TestFeedsParse(t *testing.T) {
	for _, minify := range []bool{true, false} {
		site, err := Build(context.Background(), feedSite(), Options{NoMinify: !minify, Now: func() time.Time { return goldenNow }})
		if err != nil {
			t.Fatal(err)
		}
		var nfeeds int
		for name, o := range site.Files {
			var want gofeed.FeedType
			switch {
			case strings.HasSuffix(name, "index.xml"):
				want = gofeed.FeedTypeRSS
			case strings.HasSuffix(name, "atom.xml"):
				want = gofeed.FeedTypeAtom
			case strings.HasSuffix(name, "feed.json"):
				want = gofeed.FeedTypeJSON
			default:
				continue
			}
			nfeeds++
			checkFeed(t, name, o.Data, want)
		}
		// Site feeds plus three tags (go, c++, c#) with three formats each.
		if nfeeds != 12 {
			t.Errorf("minify=%v: %d feeds, want 12", minify, nfeeds)
		}
	}
}

func checkFeed(t *testing.T, name string, data []byte, want gofeed.FeedType) {
	t.Helper()
	if got := gofeed.DetectFeedType(bytes.NewReader(data)); got != want {
		t.Fatalf("%s: detected as %v, want %v", name, got, want)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(f.Items) == 0 {
		t.Fatalf("%s: no items", name)
	}
	if !strings.HasPrefix(f.FeedLink, "https://example.com/blog/") && want != gofeed.FeedTypeRSS {
		t.Errorf("%s: feed link %q is not the feed's own absolute URL", name, f.FeedLink)
	}
	seen := map[string]bool{}
	for _, it := range f.Items {
		if it.GUID == "" || seen[it.GUID] {
			t.Errorf("%s: item %q has an empty or repeated id %q", name, it.Title, it.GUID)
		}
		seen[it.GUID] = true
		if (it.PublishedParsed == nil || it.PublishedParsed.IsZero()) && it.Title != "Undated" {
			t.Errorf("%s: item %q has no publication date", name, it.Title)
		}
		checkAbsolute(t, name+" link", it.Link)
		if strings.Contains(it.Title, "<script>") && want != gofeed.FeedTypeJSON && !strings.Contains(string(data), "&lt;script&gt;") {
			t.Errorf("%s: title markup not escaped", name)
		}
		for _, body := range []string{it.Content, it.Description} {
			checkFragmentURLs(t, name+" item "+it.Title, body)
		}
		if it.Image != nil {
			checkAbsolute(t, name+" image", it.Image.URL)
		}
		for _, e := range it.Enclosures {
			checkAbsolute(t, name+" enclosure", e.URL)
		}
	}
	switch want {
	case gofeed.FeedTypeRSS:
		r, err := (&rss.Parser{}).Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range r.Items {
			if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil && (it.PubDate != "" || it.Title != "Undated") {
				t.Errorf("%s: pubDate %q is not RFC 822 with a numeric zone: %v", name, it.PubDate, err)
			}
			if it.GUID == nil || it.GUID.IsPermalink != "true" {
				t.Errorf("%s: guid of %q missing or not a permalink", name, it.Title)
			}
		}
		if _, err := time.Parse(time.RFC1123Z, r.LastBuildDate); err != nil {
			t.Errorf("%s: lastBuildDate %q: %v", name, r.LastBuildDate, err)
		}
	case gofeed.FeedTypeAtom:
		a, err := (&atom.Parser{}).Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if a.ID == "" || a.Updated == "" {
			t.Errorf("%s: feed id or updated missing", name)
		}
		for _, e := range a.Entries {
			if e.Updated == "" || e.ID == "" {
				t.Errorf("%s: entry %q lacks id or updated", name, e.Title)
			}
		}
	case gofeed.FeedTypeJSON:
		j, err := (&jsonfeed.Parser{}).Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if j.Version != "https://jsonfeed.org/version/1.1" {
			t.Errorf("%s: version %q, want JSON Feed 1.1", name, j.Version)
		}
		checkAbsolute(t, name+" feed_url", j.FeedURL)
		checkAbsolute(t, name+" home_page_url", j.HomePageURL)
	}
}

func checkAbsolute(t *testing.T, what, u string) {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil || !p.IsAbs() || p.Host == "" {
		t.Errorf("%s: %q is not an absolute URL", what, u)
	}
}

// checkFragmentURLs checks every href and src in an HTML fragment.
func checkFragmentURLs(t *testing.T, what, fragment string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		for _, a := range z.Token().Attr {
			if a.Key == "href" || a.Key == "src" {
				checkAbsolute(t, what+" "+a.Key, a.Val)
			}
		}
	}
}

// TestAutodiscovery checks that every HTML page but alias redirects links
// the site's three feeds with absolute URLs.
func TestAutodiscovery(t *testing.T) {
	site, err := Build(context.Background(), feedSite(), Options{Now: func() time.Time { return goldenNow }})
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for name, o := range site.Files {
		if !strings.HasSuffix(name, ".html") || o.Data == nil {
			continue
		}
		pages++
		doc, err := html.Parse(bytes.NewReader(o.Data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		types := map[string]string{}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && n.Data == "link" && attr(n, "rel") == "alternate" {
				if href := attr(n, "href"); strings.HasPrefix(href, "https://example.com/blog/") {
					types[attr(n, "type")] = href
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		for _, typ := range []string{"application/rss+xml", "application/atom+xml", "application/feed+json"} {
			if types[typ] == "" {
				t.Errorf("%s: no <link rel=alternate type=%s> with an absolute URL", name, typ)
			}
		}
	}
	if pages < 10 {
		t.Errorf("only %d HTML pages checked", pages)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
