package builder

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"
)

// listJobs renders the home page, taxonomy pages, the archive and the
// fixed pages of the theme.
func (b *Builder) listJobs(idx *index, sd *SiteData) []*job {
	var jobs []*job
	lang := b.config.Language
	home := b.url("/")
	qr := b.queryRedirectsURLFor(idx)
	jobs = append(jobs, b.paginate("home", "home.html", home, idx.posts, idx.termsHash^b.hash([]byte(qr)), func(pg []*Page, pager *Pager) *PageData {
		d := b.listData(sd, KindHome, lang, b.config.Title, b.config.Description, pager, home)
		d.Pages = pg
		if pager == nil || pager.Number == 1 {
			d.QueryRedirects = qr
		}
		d.JSONLD = b.webSite()
		return d
	})...)

	for _, tax := range []struct {
		name  string
		terms []*Term
	}{{"tags", idx.tags}, {"categories", idx.categories}} {
		if len(tax.terms) == 0 && tax.name != "tags" {
			continue // the menu links to the tags index, which answers even without tags
		}
		indexURL := b.url("/" + tax.name + "/")
		shows := b.shows("terms.html")
		jobs = append(jobs, &job{path: b.outPath(indexURL), owner: "the " + tax.name + " index", mime: "text/html",
			inputs: func(f *fingerprint) {
				f.layout(b.theme.layouts, "terms", "terms.html").str(tax.name)
				for _, t := range tax.terms {
					f.str(t.Name).str(t.Slug)
					for _, p := range t.Pages {
						f.page(p, shows)
					}
				}
			},
			layout: func() (string, any) {
				d := b.listData(sd, KindTerms, lang, b.uiString(lang, tax.name), "", nil, indexURL)
				d.Terms, d.Taxonomy = tax.terms, tax.name
				return "terms.html", d
			}})
		for _, t := range tax.terms {
			jobs = append(jobs, b.paginate("term "+tax.name+"/"+t.Slug, "term.html", t.URL, t.Pages, b.hash([]byte(t.Name)), func(pg []*Page, pager *Pager) *PageData {
				d := b.listData(sd, KindTerm, lang, t.Name, "", pager, t.URL)
				d.Pages, d.Term, d.Taxonomy = pg, t, tax.name
				if tax.name == "tags" {
					d.Feeds = append(append([]FeedLink(nil), sd.Feeds...), b.feedLinks("/tags/"+t.Slug+"/", b.config.Title+" – "+t.Name)...)
				}
				return d
			})...)
		}
	}

	archiveURL := b.url("/archive/")
	shows := b.shows("archive.html")
	jobs = append(jobs, &job{path: b.outPath(archiveURL), owner: "the archive", mime: "text/html", inputs: func(f *fingerprint) {
		f.layout(b.theme.layouts, "archive", "archive.html")
		for _, p := range idx.posts {
			f.page(p, shows)
		}
	}, layout: func() (string, any) {
		d := b.listData(sd, KindArchive, lang, b.uiString(lang, "archive"), "", nil, archiveURL)
		for _, p := range idx.posts {
			y := p.Date.Year()
			if n := len(d.Years); n == 0 || d.Years[n-1].Year != y {
				d.Years = append(d.Years, YearGroup{Year: y})
			}
			g := &d.Years[len(d.Years)-1]
			g.Pages = append(g.Pages, p)
		}
		return "archive.html", d
	}})

	for _, fixed := range []struct {
		layout, url, titleKey string
		kind                  Kind
	}{
		{"search.html", "/search/", "search", KindSearch},
		{"404.html", "/404.html", "not_found", KindNotFound},
		{"subscribed.html", "/subscribed/", "subscribe_page_title", KindSubscribed},
	} {
		if b.theme.layouts[fixed.layout] == nil {
			continue
		}
		u := b.url(fixed.url)
		jobs = append(jobs, &job{path: b.outPath(u), owner: "the " + string(fixed.kind) + " page", mime: "text/html",
			inputs: func(f *fingerprint) {
				f.layout(b.theme.layouts, string(fixed.kind), fixed.layout)
				if fixed.kind == KindNotFound {
					f.str(qr)
				}
			},
			layout: func() (string, any) {
				d := b.listData(sd, fixed.kind, lang, b.uiString(lang, fixed.titleKey), "", nil, u)
				if fixed.kind == KindNotFound {
					d.QueryRedirects = qr
				}
				return fixed.layout, d
			}})
	}
	return jobs
}

// paginate splits posts into pages of posts_per_page: first at base, then
// base/page/2/ and so on.
func (b *Builder) paginate(owner, layout, base string, posts []*Page, extra uint64, data func([]*Page, *Pager) *PageData) []*job {
	per := b.config.PostsPerPage
	total := (len(posts) + per - 1) / per
	if total == 0 {
		total = 1
	}
	pageURL := func(n int) string {
		if n == 1 {
			return base
		}
		return fmt.Sprintf("%spage/%d/", base, n)
	}
	shows := b.shows(layout)
	jobs := make([]*job, 0, total)
	for n := 1; n <= total; n++ {
		lo, hi := (n-1)*per, min(n*per, len(posts))
		pg := posts[lo:hi]
		pager := &Pager{Number: n, Total: total}
		if n > 1 {
			pager.PrevURL = pageURL(n - 1)
		}
		if n < total {
			pager.NextURL = pageURL(n + 1)
		}
		name := owner
		if n > 1 {
			name = fmt.Sprintf("%s page %d", owner, n)
		}
		jobs = append(jobs, &job{path: b.outPath(pageURL(n)), owner: name, mime: "text/html", inputs: func(f *fingerprint) {
			f.layout(b.theme.layouts, owner, layout).u64(extra).u64(uint64(n)).u64(uint64(total)).u64(uint64(len(posts))) // list pages show the count
			for _, p := range pg {
				f.page(p, shows)
			}
		}, layout: func() (string, any) {
			d := data(pg, pager)
			d.URL = pageURL(pager.Number)
			d.Permalink = absURL(b.config.BaseURL, d.URL)
			return layout, d
		}})
	}
	return jobs
}

func (b *Builder) listData(sd *SiteData, kind Kind, lang, title, desc string, pager *Pager, u string) *PageData {
	return &PageData{
		Site:        sd,
		Kind:        kind,
		Lang:        lang,
		Title:       title,
		Description: cmp.Or(desc, b.config.Description),
		URL:         u,
		Permalink:   absURL(b.config.BaseURL, u),
		Pager:       pager,
		Feeds:       sd.Feeds,
		Menu:        b.menuFor(sd, u),
	}
}

// webSite is the JSON-LD of the home page.
func (b *Builder) webSite() template.JS {
	ld := map[string]any{
		"@context":   "https://schema.org",
		"@type":      "WebSite",
		"name":       b.config.Title,
		"url":        b.config.BaseURL,
		"inLanguage": b.config.Language,
	}
	if b.config.Description != "" {
		ld["description"] = b.config.Description
	}
	buf, _ := json.Marshal(ld) // strings only: cannot fail
	return template.JS(buf)
}

// uiString is a theme string for a page title; a key the theme lacks is
// shown as words.
func (b *Builder) uiString(lang, key string) string {
	if s, ok := b.theme.text(lang, key); ok {
		return s
	}
	return strings.ReplaceAll(key, "_", " ")
}
