package builder

import (
	"cmp"
	"encoding/json"
	"html/template"
	"path"
	"sort"
	"strings"
)

// siteData is what the templates of this build see as .Site.
func (b *Builder) siteData(idx *index) *SiteData {
	sd := &SiteData{
		Title:       b.config.Title,
		BaseURL:     b.config.BaseURL,
		Language:    b.config.Language,
		Description: b.config.Description,
		Author:      b.config.Author,
		Copyright:   b.config.Copyright,
		Params:      b.config.Params,
		Serve:       b.opts.Serve,
		Newsletter: NewsletterData{
			Enabled:  b.config.NewsletterEnabled(),
			Endpoint: b.config.Newsletter.Endpoint,
			Consent:  b.config.Newsletter.Consent,
		},
		Feeds:    b.feedLinks("", b.config.Title),
		tagSlugs: idx.tagSlugs,
		catSlugs: idx.catSlugs,
		basePath: basePathOf(b.config.BaseURL),
		text:     b.theme.text,
	}
	sd.Newsletter.Endpoint = cmp.Or(sd.Newsletter.Endpoint, DefaultEndpoint)
	sd.Newsletter.Consent = cmp.Or(sd.Newsletter.Consent, defaultConsent(b.config.Language))
	menu := append([]MenuItem(nil), b.config.Menu...)
	sort.SliceStable(menu, func(i, j int) bool { return menu[i].Weight < menu[j].Weight })
	for i := range menu {
		menu[i].URL = relURL(sd.basePath, menu[i].URL)
	}
	sd.Menu = menu
	return sd
}

// defaultConsent is the signup consent text when kopij.toml has none.
func defaultConsent(lang string) string {
	if baseLang(lang) == "nl" {
		return "Ik wil nieuwe berichten per e-mail ontvangen. Afmelden kan altijd, met één klik onderaan elke mail."
	}
	return "I want to receive new posts by email. I can unsubscribe at any time with one click at the bottom of every email."
}

// TagURL returns the site-relative URL of a tag's page.
func (s *SiteData) TagURL(name string) string {
	return relURL(s.basePath, "/tags/"+s.termSlug(s.tagSlugs, name)+"/")
}

// CategoryURL returns the site-relative URL of a category's page.
func (s *SiteData) CategoryURL(name string) string {
	return relURL(s.basePath, "/categories/"+s.termSlug(s.catSlugs, name)+"/")
}

func (s *SiteData) termSlug(m map[string]string, name string) string {
	if slug, ok := m[strings.ToLower(name)]; ok {
		return slug
	}
	return Slugify(name)
}

// menuFor is the menu of the page at url, with its own entry marked.
func (b *Builder) menuFor(sd *SiteData, url string) []MenuLink {
	out := make([]MenuLink, len(sd.Menu))
	for i, m := range sd.Menu {
		out[i] = MenuLink{Name: m.Name, URL: m.URL, Active: m.URL == url}
	}
	return out
}

// pageJobs renders every post and standalone page.
func (b *Builder) pageJobs(idx *index, sd *SiteData) []*job {
	var jobs []*job
	shows := b.shows("post.html")
	for i, p := range idx.posts {
		jobs = append(jobs, &job{path: b.outPath(p.URL), owner: p.File, mime: "text/html",
			inputs: func(f *fingerprint) {
				// As idx.post(i) gives them, without making the related list.
				f.layout(b.theme.layouts, "post", "post.html").u64(idx.termsHash).page(idx.posts[i], showsAll)
				f.page(idx.at(i+1), shows).page(idx.at(i-1), shows)
				for _, j := range idx.related.of(i) {
					f.page(idx.posts[j], shows)
				}
			},
			layout: func() (string, any) {
				p, prev, next, related := idx.post(i)
				d := b.pageData(sd, KindPost, p)
				d.Prev, d.Next, d.Related = prev, next, related
				return "post.html", d
			}})
		jobs = append(jobs, b.aliasJobs(p)...)
	}
	for i, p := range idx.pages {
		jobs = append(jobs, &job{path: b.outPath(p.URL), owner: p.File, mime: "text/html",
			inputs: func(f *fingerprint) {
				f.layout(b.theme.layouts, "page", "page.html").u64(idx.termsHash).page(idx.pages[i], showsAll)
			},
			layout: func() (string, any) {
				return "page.html", b.pageData(sd, KindPage, idx.pages[i])
			}})
		jobs = append(jobs, b.aliasJobs(p)...)
	}
	return jobs
}

// pageData is the template data of a post or page.
func (b *Builder) pageData(sd *SiteData, kind Kind, p *Page) *PageData {
	d := &PageData{
		Site:        sd,
		Kind:        kind,
		Lang:        p.Lang,
		Title:       p.Title,
		Description: p.Description,
		URL:         p.URL,
		Permalink:   absURL(b.config.BaseURL, p.URL),
		Page:        p,
		Feeds:       sd.Feeds,
		Image:       b.imageURL(p),
		Menu:        b.menuFor(sd, p.URL),
	}
	if d.Description == "" {
		d.Description = truncateText(p.SummaryText, 160)
	}
	if kind == KindPost {
		d.JSONLD = b.blogPosting(p, d)
	}
	return d
}

// imageURL resolves a page's cover image to an absolute URL.
func (b *Builder) imageURL(p *Page) string {
	img := strings.TrimSpace(p.Image)
	if img == "" {
		return ""
	}
	if strings.Contains(img, "://") || strings.HasPrefix(img, "/") {
		return absURL(b.config.BaseURL, img)
	}
	return absURL(b.config.BaseURL, path.Join(p.URL, img))
}

// blogPostingLD is schema.org's BlogPosting as JSON-LD. The fields are
// in the order of their names, as encoding/json writes a map's keys.
type blogPostingLD struct {
	Context          string    `json:"@context"`
	Type             string    `json:"@type"`
	Author           *personLD `json:"author,omitempty"`
	DateModified     string    `json:"dateModified,omitempty"`
	DatePublished    string    `json:"datePublished,omitempty"`
	Description      string    `json:"description"`
	Headline         string    `json:"headline"`
	Image            string    `json:"image,omitempty"`
	InLanguage       string    `json:"inLanguage"`
	Keywords         string    `json:"keywords,omitempty"`
	MainEntityOfPage string    `json:"mainEntityOfPage"`
	URL              string    `json:"url"`
	WordCount        int       `json:"wordCount"`
}

type personLD struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

// blogPosting is the JSON-LD of a post.
func (b *Builder) blogPosting(p *Page, d *PageData) template.JS {
	ld := blogPostingLD{
		Context:          "https://schema.org",
		Type:             "BlogPosting",
		Headline:         p.Title,
		Description:      d.Description,
		URL:              d.Permalink,
		MainEntityOfPage: d.Permalink,
		InLanguage:       p.Lang,
		WordCount:        p.WordCount,
		Image:            d.Image,
		Keywords:         strings.Join(p.Tags, ", "),
	}
	if !p.Date.IsZero() {
		ld.DatePublished = p.Date.Format("2006-01-02T15:04:05Z07:00")
		ld.DateModified = p.Lastmod.Format("2006-01-02T15:04:05Z07:00")
	}
	if author := cmp.Or(p.Author, b.config.Author.Name); author != "" {
		ld.Author = &personLD{Type: "Person", Name: author}
	}
	buf, _ := json.Marshal(ld) // only strings and numbers: cannot fail
	return template.JS(buf)
}

// aliasJobs writes a redirect page for each alias of p.
func (b *Builder) aliasJobs(p *Page) []*job {
	var jobs []*job
	for _, u := range p.Aliases {
		out := b.outPath(b.url(u))
		if out == b.outPath(p.URL) {
			continue // the page's own URL (Hugo lowers the case of URLs, not of aliases): no redirect to itself
		}
		// An alias page shows only what lists show of a post, so it may keep
		// the Page it was made with.
		target := absURL(b.config.BaseURL, p.URL)
		jobs = append(jobs, &job{path: out, owner: p.File + " (alias " + u + ")", mime: "text/html",
			inputs: func(f *fingerprint) {
				f.layout(b.theme.layouts, "alias", "alias.html").str(target).str(p.Title).str(p.Lang)
			},
			layout: func() (string, any) {
				return "alias.html", &PageData{Site: &SiteData{BaseURL: b.config.BaseURL}, Kind: "alias", Permalink: target, URL: p.URL, Title: p.Title, Lang: p.Lang}
			}})
	}
	return jobs
}

// truncateText cuts plain text at a word boundary near n characters.
func truncateText(s string, n int) string {
	end, count := len(s), 0
	for i := range s {
		if count == n {
			end = i
			break
		}
		count++
	}
	if end == len(s) {
		return s
	}
	cut := s[:end]
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}
