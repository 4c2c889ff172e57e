package builder

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"github.com/alecthomas/chroma/v2"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

// metaJobs writes sitemap.xml, robots.txt, the search index and the
// stylesheet for highlighted code.
func (b *Builder) metaJobs(idx *index) []*job {
	return []*job{
		{path: "sitemap.xml", owner: "the sitemap", mime: "application/xml",
			inputs: func(f *fingerprint) {
				f.str("sitemap")
				for _, p := range idx.posts {
					f.page(p, showsPlace)
				}
				for _, p := range idx.pages {
					f.page(p, showsPlace)
				}
				f.u64(idx.termsHash)
			},
			render: func() ([]byte, error) { return b.sitemap(idx) }},
		{path: "robots.txt", owner: "robots.txt",
			inputs: func(f *fingerprint) { f.str("robots") },
			render: func() ([]byte, error) {
				return []byte("User-agent: *\nAllow: /\n\nSitemap: " + absURL(b.config.BaseURL, "/sitemap.xml") + "\n"), nil
			}},
		{path: "search.json", owner: "the search index", // json.Marshal writes it minified
			inputs: func(f *fingerprint) {
				f.str("search")
				for _, p := range idx.posts {
					f.page(p, showsListing)
				}
			},
			render: func() ([]byte, error) { return b.searchIndex(idx) }},
		{path: "css/syntax.css", owner: "the code highlighting stylesheet", mime: "text/css",
			inputs: func(f *fingerprint) { f.str("syntax") },
			render: b.syntaxCSS},
	}
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

func (b *Builder) sitemap(idx *index) ([]byte, error) {
	var urls []sitemapURL
	lastmod := ""
	if len(idx.posts) > 0 {
		lastmod = idx.posts[0].Lastmod.Format("2006-01-02T15:04:05Z07:00")
		for _, p := range idx.posts {
			if m := p.Lastmod.Format("2006-01-02T15:04:05Z07:00"); p.Lastmod.After(idx.posts[0].Lastmod) && m > lastmod {
				lastmod = m
			}
		}
	}
	urls = append(urls, sitemapURL{Loc: absURL(b.config.BaseURL, "/"), Lastmod: lastmod})
	for _, p := range idx.posts {
		urls = append(urls, sitemapURL{Loc: absURL(b.config.BaseURL, p.URL), Lastmod: dateOrEmpty(p)})
	}
	for _, p := range idx.pages {
		urls = append(urls, sitemapURL{Loc: absURL(b.config.BaseURL, p.URL), Lastmod: dateOrEmpty(p)})
	}
	for _, terms := range [][]*Term{idx.tags, idx.categories} {
		for _, t := range terms {
			urls = append(urls, sitemapURL{Loc: absURL(b.config.BaseURL, t.URL), Lastmod: t.Pages[0].Lastmod.Format("2006-01-02T15:04:05Z07:00")})
		}
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	enc := xml.NewEncoder(&buf)
	enc.Indent("  ", "  ")
	for _, u := range urls {
		if err := enc.EncodeElement(u, xml.StartElement{Name: xml.Name{Local: "url"}}); err != nil {
			return nil, fmt.Errorf("sitemap: %w", err)
		}
	}
	if err := enc.Flush(); err != nil {
		return nil, fmt.Errorf("sitemap: %w", err)
	}
	buf.WriteString("\n</urlset>\n")
	return buf.Bytes(), nil
}

func dateOrEmpty(p *Page) string {
	if p.Lastmod.IsZero() {
		return ""
	}
	return p.Lastmod.Format("2006-01-02T15:04:05Z07:00")
}

// searchEntry is one post in search.json; short keys keep the file small.
type searchEntry struct {
	Title   string   `json:"t"`
	URL     string   `json:"u"`
	Date    string   `json:"d,omitempty"`
	Summary string   `json:"s"`
	Tags    []string `json:"g,omitempty"`
	Lang    string   `json:"l"`
}

// searchIndex writes search.json, the array of every post's entry. A
// Builder that builds again keeps each post's entry with its page, so
// that after an edit only the edited post's is encoded again.
func (b *Builder) searchIndex(idx *index) ([]byte, error) {
	entries := make([][]byte, len(idx.posts))
	size := 2 + len(idx.posts)
	for i, p := range idx.posts {
		entry := p.searchJSON
		if entry == nil {
			e := searchEntry{Title: p.Title, URL: p.URL, Summary: truncateText(p.SummaryText, 300), Tags: p.Tags, Lang: p.Lang}
			if !p.Date.IsZero() {
				e.Date = p.Date.Format("2006-01-02")
			}
			var err error
			if entry, err = json.Marshal(e); err != nil {
				return nil, fmt.Errorf("search index: %s: %w", p.File, err)
			}
			if !b.once {
				p.searchJSON = entry
			}
		}
		entries[i] = entry
		size += len(entry)
	}
	buf := make([]byte, 0, size) // at once: growing a buffer of megabytes costs more than encoding it
	buf = append(buf, '[')
	for i, e := range entries {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, e...)
	}
	return append(buf, ']'), nil
}

// syntaxCSS writes the chroma classes for the light style and, inside a
// prefers-color-scheme: dark query, for the dark style.
func (b *Builder) syntaxCSS() ([]byte, error) {
	light := styles.Get(b.config.Markdown.HighlightStyle)
	dark := styles.Get(b.config.Markdown.DarkStyle)
	f := chromahtml.New(chromahtml.WithClasses(true))
	var buf bytes.Buffer
	buf.WriteString("/* Code highlighting: " + b.config.Markdown.HighlightStyle + " (light), " + b.config.Markdown.DarkStyle + " (dark). */\n")
	// Each style sits in its own media query: a class that only the light
	// style colours must not keep its dark-on-light colour in dark mode.
	for _, part := range []struct {
		query string
		style *chroma.Style
	}{{"not all and (prefers-color-scheme: dark)", light}, {"(prefers-color-scheme: dark)", dark}} {
		var css bytes.Buffer
		if err := f.WriteCSS(&css, part.style); err != nil {
			return nil, fmt.Errorf("syntax css: %w", err)
		}
		buf.WriteString("@media " + part.query + " {\n")
		for _, l := range strings.Split(css.String(), "\n") {
			if l != "" {
				buf.WriteString("  " + l + "\n")
			}
		}
		buf.WriteString("}\n")
	}
	return buf.Bytes(), nil
}
