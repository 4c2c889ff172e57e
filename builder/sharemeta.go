package builder

import (
	"cmp"
	"html/template"
	"strings"
	"time"
)

// Meta is the page's tags for search engines and sharing, for <head>: the
// description, robots noindex (the 404 and subscribed pages, drafts), the
// author (a post's own, else the site's), Open Graph (og:*, article:* on posts) and the Twitter card. The
// builder writes them, as it writes JSONLD, so a theme shows them with one
// {{.Meta}} and every page gets them complete; a theme that wants other
// tags writes its own from the same fields. og:locale is the theme's
// og_locale string of the page's language, left out when it has none.
//
// Template actions are what a page costs (each printed value is a
// reflected call through html/template's escapers); these twenty tags in
// Go are one.
func (d *PageData) Meta() template.HTML {
	var w strings.Builder
	w.Grow(1024)
	tag := func(attr, name, content string) {
		w.WriteString(`<meta `)
		w.WriteString(attr)
		w.WriteString(`="`)
		w.WriteString(name)
		w.WriteString(`" content="`)
		w.WriteString(template.HTMLEscapeString(content))
		w.WriteString(`">`)
	}
	site := d.Site
	if site == nil {
		site = &SiteData{}
	}
	desc := d.Description
	if desc == "" {
		desc = site.Description
	}
	title := d.Title
	if title == "" {
		title = site.Title
	}
	if desc != "" {
		tag("name", "description", desc)
	}
	if d.Kind == KindNotFound || d.Kind == KindSubscribed || d.Page != nil && d.Page.Draft {
		w.WriteString(`<meta name="robots" content="noindex">`)
	}
	author := site.Author.Name
	if d.Page != nil {
		author = cmp.Or(d.Page.Author, author) // as the JSON-LD names it
	}
	if author != "" {
		tag("name", "author", author)
	}
	tag("property", "og:site_name", site.Title)
	tag("property", "og:title", title)
	if desc != "" {
		tag("property", "og:description", desc)
	}
	tag("property", "og:url", d.Permalink)
	if site.text != nil {
		if loc, ok := site.text(d.Lang, "og_locale"); ok {
			tag("property", "og:locale", loc)
		}
	}
	if d.Kind == KindPost {
		w.WriteString(`<meta property="og:type" content="article">`)
		if p := d.Page; p != nil {
			if !p.Date.IsZero() {
				tag("property", "article:published_time", p.Date.Format(time.RFC3339))
			}
			if !p.Lastmod.IsZero() {
				tag("property", "article:modified_time", p.Lastmod.Format(time.RFC3339))
			}
			for _, t := range p.Tags {
				tag("property", "article:tag", t)
			}
		}
	} else {
		w.WriteString(`<meta property="og:type" content="website">`)
	}
	if d.Image != "" {
		tag("property", "og:image", d.Image)
		w.WriteString(`<meta name="twitter:card" content="summary_large_image">`)
		tag("name", "twitter:image", d.Image)
	} else {
		w.WriteString(`<meta name="twitter:card" content="summary">`)
	}
	tag("name", "twitter:title", title)
	if desc != "" {
		tag("name", "twitter:description", desc)
	}
	return template.HTML(w.String())
}
