package builder

import (
	"bytes"
	"cmp"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"mime"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/gorilla/feeds"
	"golang.org/x/net/html"
)

// Feed files written for the site and for each tag.
const (
	rssFile  = "index.xml"
	atomFile = "atom.xml"
	jsonFile = "feed.json"
)

// feedLinks returns the three feeds of a folder ("" for the site root).
func (b *Builder) feedLinks(dir, title string) []FeedLink {
	u := func(f string) string { return absURL(b.config.BaseURL, "/"+strings.TrimPrefix(dir, "/")+f) }
	return []FeedLink{
		{Type: "application/rss+xml", Title: title + " (RSS)", URL: u(rssFile)},
		{Type: "application/atom+xml", Title: title + " (Atom)", URL: u(atomFile)},
		{Type: "application/feed+json", Title: title + " (JSON Feed)", URL: u(jsonFile)},
	}
}

// feedJobs writes RSS 2.0, Atom and JSON Feed 1.1 for the site and for
// every tag.
func (b *Builder) feedJobs(idx *index) []*job {
	var jobs []*job
	jobs = append(jobs, b.feedSet("", b.config.Title, b.config.Description, idx.posts)...)
	for _, t := range idx.tags {
		jobs = append(jobs, b.feedSet("tags/"+t.Slug+"/", b.config.Title+" – "+t.Name, fmt.Sprintf("%s: %s", b.config.Title, t.Name), t.Pages)...)
	}
	return jobs
}

func (b *Builder) feedSet(dir, title, desc string, posts []*Page) []*job {
	total := len(posts)
	if n := b.config.Feed.Limit; n > 0 && len(posts) > n {
		posts = posts[:n]
	}
	inputs := func(f *fingerprint) {
		f.str("feed").str(dir).str(title).str(desc).u64(uint64(total))
		for _, p := range posts {
			f.page(p, feedShows(b.config.Feed.Full))
		}
	}
	out := func(name string) string {
		return b.outPath(b.url("/" + dir + name))
	}
	// The three formats share one feeds.Feed per build: building it
	// absolutizes every item's HTML, the costly part, and the encoders only
	// read it.
	shared := &perBuild[*feeds.Feed]{b: b, make: func() *feeds.Feed { return b.buildFeed(dir, title, desc, posts) }}
	ext := jsonFeedExt{Posts: total, Full: b.config.Feed.Full}
	owner := "the feeds of /" + dir
	return []*job{
		{path: out(rssFile), owner: owner, inputs: inputs, mime: "application/rss+xml", render: func() ([]byte, error) {
			return rssBytes(shared.get(), b.config.Language, absURL(b.config.BaseURL, "/"+dir+rssFile))
		}},
		{path: out(atomFile), owner: owner, inputs: inputs, mime: "application/atom+xml", render: func() ([]byte, error) {
			return atomBytes(shared.get(), absURL(b.config.BaseURL, "/"+dir+atomFile))
		}},
		{path: out(jsonFile), owner: owner, inputs: inputs, mime: "application/json", render: func() ([]byte, error) {
			return jsonFeedBytes(shared.get(), b.config.Language, absURL(b.config.BaseURL, "/"+dir+jsonFile), posts, ext, b.opts.NoMinify)
		}},
	}
}

func (b *Builder) buildFeed(dir, title, desc string, posts []*Page) *feeds.Feed {
	f := &feeds.Feed{
		Title:       title,
		Link:        &feeds.Link{Href: absURL(b.config.BaseURL, "/"+dir)},
		Description: cmp.Or(desc, title),
		Copyright:   b.config.Copyright,
	}
	if b.config.Author.Name != "" {
		f.Author = &feeds.Author{Name: b.config.Author.Name, Email: b.config.Author.Email}
	}
	for _, p := range posts {
		if p.Lastmod.After(f.Updated) {
			f.Updated = p.Lastmod
		}
	}
	if f.Updated.IsZero() {
		f.Updated = time.Unix(0, 0).UTC()
	}
	f.Created = f.Updated
	for _, p := range posts {
		link := absURL(b.config.BaseURL, p.URL)
		h := b.feedHTML(p, link)
		item := &feeds.Item{
			Title:       p.Title,
			Link:        &feeds.Link{Href: link},
			Id:          link,
			IsPermaLink: "true",
			Description: h.summary,
			Content:     h.content,
			Created:     p.Date,
			Updated:     p.Lastmod,
		}
		if author := cmp.Or(p.Author, b.config.Author.Name); author != "" {
			item.Author = &feeds.Author{Name: author}
		}
		if img := b.imageURL(p); img != "" {
			item.Enclosure = &feeds.Enclosure{Url: img, Type: imageType(img), Length: "0"}
		}
		f.Items = append(f.Items, item)
	}
	return f
}

// feedHTML is a post's summary and, for full feeds, its body, with their
// links made absolute against the post's URL: the same in every feed that
// lists the post (the site's, its tags', its categories'), so it is made
// once per render.
type feedHTML struct{ summary, content string }

func (b *Builder) feedHTML(p *Page, link string) feedHTML {
	if h, ok := b.feedHTMLs.Load(p); ok {
		return h.(feedHTML)
	}
	h := feedHTML{summary: absolutize(string(p.Summary), link)}
	if b.config.Feed.Full {
		h.content = absolutize(string(p.Content), link)
	}
	b.feedHTMLs.Store(p, h)
	return h
}

func rssBytes(f *feeds.Feed, lang, self string) ([]byte, error) {
	r := (&feeds.Rss{Feed: f}).RssFeed()
	r.Language = lang
	r.Generator = "kopij"
	for i, it := range r.Items {
		if f.Items[i].Content != "" {
			// gorilla/feeds puts content in content:encoded; keep the summary as description.
			it.Description = f.Items[i].Description
		}
		if it.Enclosure != nil && it.Enclosure.Length == "0" {
			it.Enclosure = nil
		}
	}
	x, err := feedXML(r, f)
	if err != nil {
		return nil, fmt.Errorf("rss: %w", err)
	}
	// Add an atom:link rel=self, which feed validators ask for.
	var selfLink bytes.Buffer
	selfLink.WriteString("<channel>\n    <atom:link href=\"")
	_ = xml.EscapeText(&selfLink, []byte(self))
	selfLink.WriteString(`" rel="self" type="application/rss+xml"></atom:link>`)
	x = bytes.Replace(x, []byte(`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">`),
		[]byte(`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">`), 1)
	return bytes.Replace(x, []byte("<channel>"), selfLink.Bytes(), 1), nil
}

// feedXML is gorilla/feeds' ToXML written into a buffer with room for
// the items of f (their HTML grows when escaped; a short guess costs one
// more growth), without the string copies ToXML makes of a whole feed.
func feedXML(x feeds.XmlFeed, f *feeds.Feed) ([]byte, error) {
	size := 1024
	for _, it := range f.Items {
		size += 512 + len(it.Content)*11/10 + len(it.Description)*11/10
	}
	var buf bytes.Buffer
	buf.Grow(size)
	if err := feeds.WriteXML(x, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func atomBytes(f *feeds.Feed, self string) ([]byte, error) {
	a := (&feeds.Atom{Feed: f}).AtomFeed()
	a.Link = &feeds.AtomLink{Href: f.Link.Href, Rel: "alternate"}
	for i, e := range a.Entries {
		if e.Updated == "" {
			// RFC 4287 requires updated in every entry; an undated post
			// takes the feed's, which keeps builds reproducible.
			e.Updated = f.Updated.Format(time.RFC3339)
		}
		e.Links = []feeds.AtomLink{{Href: f.Items[i].Link.Href, Rel: "alternate", Type: "text/html"}}
		if f.Items[i].Enclosure != nil {
			e.Links = append(e.Links, feeds.AtomLink{Href: f.Items[i].Enclosure.Url, Rel: "enclosure", Type: f.Items[i].Enclosure.Type})
		}
	}
	x, err := feedXML(a, f)
	if err != nil {
		return nil, fmt.Errorf("atom: %w", err)
	}
	var selfLink bytes.Buffer
	selfLink.WriteString(`<link href="`)
	_ = xml.EscapeText(&selfLink, []byte(self))
	selfLink.WriteString(`" rel="self"></link>` + "\n  <title>")
	return bytes.Replace(x, []byte("<title>"), selfLink.Bytes(), 1), nil
}

// jsonFeedOut adds to gorilla's JSON Feed each item's language (JSON Feed
// 1.1) and the _kopij extension, which the newsletter sender reads.
type jsonFeedOut struct {
	*feeds.JSONFeed
	Items []jsonItemOut `json:"items"`
	Kopij jsonFeedExt   `json:"_kopij"`
}

type jsonItemOut struct {
	*feeds.JSONItem
	Language string `json:"language,omitempty"`
}

// jsonFeedExt tells a reader what the items alone do not.
type jsonFeedExt struct {
	Posts int  `json:"posts"` // posts in the feed's list, also those beyond feed.limit
	Full  bool `json:"full"`  // content_html is the whole post, not its summary
}

func jsonFeedBytes(f *feeds.Feed, lang, self string, posts []*Page, ext jsonFeedExt, indent bool) ([]byte, error) {
	j := (&feeds.JSON{Feed: f}).JSONFeed()
	j.Version = "https://jsonfeed.org/version/1.1"
	j.Language = lang
	j.FeedUrl = self
	if j.Author != nil {
		j.Authors = []*feeds.JSONAuthor{j.Author}
		j.Author = nil
	}
	for i, it := range j.Items {
		it.Summary = stripTagsCollapse(f.Items[i].Description)
		if f.Items[i].Content != "" {
			it.ContentHTML = f.Items[i].Content
		} else {
			it.ContentHTML = f.Items[i].Description
		}
		if it.Author != nil {
			it.Authors = []*feeds.JSONAuthor{it.Author}
			it.Author = nil
		}
		if f.Items[i].Enclosure != nil {
			it.Image = f.Items[i].Enclosure.Url
		}
	}
	out := jsonFeedOut{JSONFeed: j, Items: make([]jsonItemOut, len(j.Items)), Kopij: ext}
	for i, it := range j.Items {
		out.Items[i] = jsonItemOut{JSONItem: it, Language: posts[i].Lang}
	}
	// Indented for a reader of --no-minify output; the minifier would
	// only take the indentation out again.
	marshal := json.Marshal
	if indent {
		marshal = func(v any) ([]byte, error) { return json.MarshalIndent(v, "", "  ") }
	}
	buf, err := marshal(out)
	if err != nil {
		return nil, fmt.Errorf("json feed: %w", err)
	}
	return buf, nil
}

func stripTagsCollapse(s string) string { return collapseSpace(stripTags(s)) }

// scanLinks tells whether an HTML fragment may have href or src
// attributes (in any case), and whether each of them is written in double
// quotes and is an absolute URL or a clean site-absolute path
// ("/posts/x/"), which resolving against a path leaves as it is. When it
// is not sure, it answers that there are links and they do not stay.
func scanLinks(fragment string) (links, stay bool) {
	stay = true
	for i := 0; ; {
		j := strings.IndexByte(fragment[i:], '=')
		if j < 0 {
			return links, stay
		}
		j += i
		i = j + 1
		// The attribute's name ends before the spaces the tokenizer
		// allows before "=", and its value starts after those after it.
		k := j
		for k > 0 && isHTMLSpace(fragment[k-1]) {
			k--
		}
		if !(k >= 4 && strings.EqualFold(fragment[k-4:k], "href") || k >= 3 && strings.EqualFold(fragment[k-3:k], "src")) {
			continue
		}
		links = true
		for i < len(fragment) && isHTMLSpace(fragment[i]) {
			i++
		}
		if i >= len(fragment) || fragment[i] != '"' {
			return true, false
		}
		end := strings.IndexByte(fragment[i+1:], '"')
		if end < 0 || !linkStays(fragment[i+1:i+1+end]) {
			return true, false
		}
		i += 1 + end
	}
}

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// linkStays reports whether a link resolves to itself against any path.
func linkStays(v string) bool {
	if strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://") {
		return true // the tokenizer leaves absolute URLs as they are
	}
	if !strings.HasPrefix(v, "/") || strings.HasPrefix(v, "//") || strings.HasSuffix(v, "/.") || strings.HasSuffix(v, "/..") ||
		strings.Contains(v, "/./") || strings.Contains(v, "/../") {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
			return false
		}
	}
	return true
}

// absolutize rewrites relative href and src attributes in an HTML fragment
// against base, so that feed readers, which do not know the page's address,
// find links and images.
func absolutize(fragment, base string) string {
	links, stay := scanLinks(fragment)
	if !links || stay && !strings.Contains(base, "://") {
		return fragment // against a path, absolute links and clean site paths resolve to themselves
	}
	bu, err := url.Parse(base)
	if err != nil {
		return fragment
	}
	return resolveLinks(fragment, bu)
}

// resolveLinks rewrites the relative href and src attributes of an HTML
// fragment against base.
func resolveLinks(fragment string, bu *url.URL) string {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var out strings.Builder
	out.Grow(len(fragment) + 64)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(z.Raw())
			continue
		}
		t := z.Token()
		changed := false
		for i, a := range t.Attr {
			if a.Key != "href" && a.Key != "src" {
				continue
			}
			u, err := url.Parse(strings.TrimSpace(a.Val))
			if err != nil || u.IsAbs() {
				continue
			}
			if abs := bu.ResolveReference(u).String(); abs != a.Val {
				t.Attr[i].Val = abs
				changed = true
			}
		}
		if !changed {
			out.Write(z.Raw())
			continue
		}
		out.WriteString(t.String())
	}
	return out.String()
}

// imageType is the media type of an image by the extension of its URL.
func imageType(u string) string {
	u, _, _ = strings.Cut(u, "?")
	u, _, _ = strings.Cut(u, "#")
	return cmp.Or(mime.TypeByExtension(path.Ext(u)), "application/octet-stream")
}

// feedShows is how much of its posts a feed shows: their bodies, or their
// summaries.
func feedShows(full bool) shown {
	if full {
		return showsAll
	}
	return showsListing
}
