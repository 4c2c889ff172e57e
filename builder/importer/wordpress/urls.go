package wordpress

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/importer"
)

// permalinkPatterns are the WordPress permalink settings kopij's tokens can
// say, most specific first.
var permalinkPatterns = []string{"/:year/:month/:day/:slug/", "/:year/:month/:slug/", "/:year/:slug/", "/:slug/"}

// permalink finds the pattern every published post's permalink follows,
// or "" when they follow none kopij can say (such as /%category%/%postname%/).
func (c *converter) permalink(posts []*pending) string {
	for _, pd := range posts {
		pd.old = c.permalinkOf(pd.item)
	}
	for _, pat := range permalinkPatterns {
		fits, n := true, 0
		for _, pd := range posts {
			p := pd.post
			if p.Draft || p.Kind != importer.KindPost || pd.old == nil || pd.old.RawQuery != "" {
				continue
			}
			n++
			if strings.TrimSuffix(c.rel(pd.old), "/") != strings.TrimSuffix(expand(pat, p, p.Slug), "/") {
				fits = false
				break
			}
		}
		if fits && n > 0 {
			return pat
		}
	}
	return ""
}

// expand fills a kopij permalink pattern for p with slug.
func expand(pattern string, p *importer.Post, slug string) string {
	d := p.Date
	return strings.NewReplacer(":year", fmt.Sprintf("%04d", d.Year()), ":month", fmt.Sprintf("%02d", int(d.Month())),
		":day", fmt.Sprintf("%02d", d.Day()), ":slug", slug).Replace(pattern)
}

// permalinkOf is the item's address on this blog, or nil.
func (c *converter) permalinkOf(it *item) *url.URL {
	u, err := url.Parse(strings.TrimSpace(it.Link))
	if err != nil || u.Host == "" {
		return nil
	}
	return u
}

// rel is the path of u below the blog's address, with its query.
func (c *converter) rel(u *url.URL) string {
	p := u.Path
	if base := strings.TrimSuffix(c.blog.Path, "/"); base != "" && strings.HasPrefix(p, base+"/") {
		p = p[len(base):]
	}
	// Exports carry addresses such as "https://example.com//greek/x/".
	clean := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	p = clean
	if u.RawQuery != "" {
		return p + "?" + u.RawQuery
	}
	return p
}

// place decides where a published post lives and which old URLs lead to it.
func (c *converter) place(pd *pending) {
	p, it := pd.post, pd.item
	if p.Draft {
		return // a draft was never public, and follows the permalink pattern once published
	}
	if pd.old != nil {
		p.OldURL = c.rel(pd.old)
		if pd.old.RawQuery == "" {
			p.URL = dirURL(p.OldURL)
		} else {
			c.queryAlias(p, p.OldURL)
		}
	}
	if p.URL == "" || c.urls[p.URL] != "" {
		if p.URL != "" {
			p.Note(fmt.Sprintf("its URL %s is also the URL of %s; it gets a new one", p.URL, c.urls[p.URL]))
		}
		p.URL = c.newURL(p)
	}
	c.urls[p.URL] = p.Source
	key := "p"
	if p.Kind == importer.KindPage {
		key = "page_id"
	}
	c.queryAlias(p, "/?"+key+"="+it.PostID)
	for _, a := range c.children[it.PostID] {
		if u, err := url.Parse(strings.TrimSpace(a.Link)); err == nil && u.Host != "" {
			if rel := c.rel(u); u.RawQuery == "" {
				c.alias(p, dirURL(rel))
			} else {
				c.queryAlias(p, rel)
			}
		}
	}
	for _, link := range []string{it.Link, it.GUID, c.blog.Scheme + "://" + c.blog.Host + "/?" + key + "=" + it.PostID} {
		if link = strings.TrimSpace(link); link != "" {
			c.site.Links[link] = p
		}
	}
}

// newURL gives a post a path of the site's permalink pattern (pages: their
// slug), numbered when another post has it.
func (c *converter) newURL(p *importer.Post) string {
	slug := builder.Slugify(p.Slug)
	if slug == "" {
		slug = "post-" + p.ID
	}
	pat := c.site.Permalink
	if pat == "" {
		pat = "/:year/:month/:slug/"
	}
	if p.Kind == importer.KindPage {
		pat = "/:slug/"
	}
	u := expand(pat, p, slug)
	for i := 2; c.urls[u] != ""; i++ {
		u = expand(pat, p, fmt.Sprintf("%s-%d", slug, i))
	}
	return u
}

func (c *converter) alias(p *importer.Post, a string) {
	if a == p.URL || c.urls[a] != "" {
		return
	}
	c.urls[a] = p.Source
	p.Aliases = append(p.Aliases, a)
}

func (c *converter) queryAlias(p *importer.Post, a string) {
	for _, q := range p.QueryAliases {
		if q == a {
			return
		}
	}
	if c.urls[a] != "" {
		return
	}
	c.urls[a] = p.Source
	p.QueryAliases = append(p.QueryAliases, a)
}

// dirURL is a path kopij serves as written: a folder ("/x/") or an .html file.
func dirURL(p string) string {
	if strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".htm") {
		return p
	}
	return p + "/"
}
