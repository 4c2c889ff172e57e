package builder

import (
	"strings"
	"testing"
	"time"
)

// TestPageDataMeta holds what each kind of page gets in its head: the
// tags every page has, the ones only posts, drafts, images or the site's
// author add, and the escaping of attribute values.
func TestPageDataMeta(t *testing.T) {
	strs := map[string]string{"en": "en_US", "nl": "nl_NL"}
	site := &SiteData{Title: `Tom & "Co"`, Description: "Site <notes>", text: func(lang, key string) (string, bool) {
		s, ok := strs[lang]
		return s, ok && key == "og_locale"
	}}
	date := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	post := &Page{Title: "A post", Date: date, Lastmod: date.Add(time.Hour), Tags: []string{"go", "x&y"}}
	tests := []struct {
		name      string
		data      *PageData
		want, not []string
	}{
		{name: "post",
			data: &PageData{Site: site, Kind: KindPost, Lang: "nl", Title: "A post", Description: "About it", Permalink: "https://example.com/a/", Page: post},
			want: []string{`<meta name="description" content="About it">`, `<meta property="og:site_name" content="Tom &amp; &#34;Co&#34;">`,
				`<meta property="og:title" content="A post">`, `<meta property="og:url" content="https://example.com/a/">`,
				`<meta property="og:locale" content="nl_NL">`, `<meta property="og:type" content="article">`,
				`<meta property="article:published_time" content="2024-03-01T10:00:00Z">`,
				`<meta property="article:modified_time" content="2024-03-01T11:00:00Z">`,
				`<meta property="article:tag" content="go"><meta property="article:tag" content="x&amp;y">`,
				`<meta name="twitter:card" content="summary">`, `<meta name="twitter:description" content="About it">`},
			not: []string{"robots", "author", "og:image"}},
		{name: "draft with image",
			data: &PageData{Site: site, Kind: KindPost, Lang: "en", Title: "Draft", Image: "https://example.com/a/cover.jpg", Page: &Page{Draft: true}},
			want: []string{`<meta name="robots" content="noindex">`, `<meta name="description" content="Site &lt;notes&gt;">`,
				`<meta property="og:image" content="https://example.com/a/cover.jpg"><meta name="twitter:card" content="summary_large_image"><meta name="twitter:image" content="https://example.com/a/cover.jpg">`},
			not: []string{"published_time", "article:tag"}},
		{name: "home of a site with an author",
			data: &PageData{Site: &SiteData{Title: "Blog", Author: Author{Name: "Ann"}}, Kind: KindHome, Lang: "de", Permalink: "https://example.com/"},
			want: []string{`<meta name="author" content="Ann">`, `<meta property="og:title" content="Blog">`, `<meta property="og:type" content="website">`,
				`<meta name="twitter:title" content="Blog">`},
			not: []string{"description", "robots", "og:locale"}},
		{name: "post by its own author",
			data: &PageData{Site: &SiteData{Title: "Blog", Author: Author{Name: "Ann"}}, Kind: KindPost, Lang: "en", Title: "Tab\x00<x>", Page: &Page{Author: "Daan"}},
			want: []string{`<meta name="author" content="Daan">`, "<meta property=\"og:title\" content=\"Tab\uFFFD&lt;x&gt;\">"},
			not:  []string{"Ann"}},
		{name: "404", data: &PageData{Site: site, Kind: KindNotFound, Lang: "en"}, want: []string{`<meta name="robots" content="noindex">`}},
		{name: "subscribed", data: &PageData{Site: site, Kind: KindSubscribed, Lang: "en"}, want: []string{`<meta name="robots" content="noindex">`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(tt.data.Meta())
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %s in\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("has %q, want none, in\n%s", n, got)
				}
			}
		})
	}
}
