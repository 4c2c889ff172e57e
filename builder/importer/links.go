package importer

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// linkMap turns links to posts of the old blog into links to the same posts
// on the new site, so that links between posts survive a change of domain
// and a link to "?p=12" does not land on the home page of a static host.
type linkMap struct {
	posts map[string]*Post // normalized old URL -> post
}

func newLinkMap(site *Site) *linkMap {
	m := &linkMap{posts: map[string]*Post{}}
	for u, p := range site.Links {
		m.posts[normalizeLink(u)] = p
	}
	return m
}

// normalizeLink drops what does not tell two pages apart: the scheme,
// "www.", the fragment and a trailing slash.
func normalizeLink(raw string) string {
	u, err := url.Parse(absolute(strings.TrimSpace(raw)))
	if err != nil {
		return raw
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	p := strings.TrimSuffix(u.EscapedPath(), "/")
	q := ""
	if u.RawQuery != "" {
		q = "?" + u.RawQuery
	}
	return host + p + q
}

// target is the site path of a post, or "" when it has none yet (a draft
// that follows the permalink pattern).
func (m *linkMap) target(raw string) string {
	p, ok := m.posts[normalizeLink(raw)]
	if !ok || p.URL == "" || p.Draft {
		return ""
	}
	frag := ""
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		frag = raw[i:]
	}
	return (&url.URL{Path: p.URL}).EscapedPath() + frag
}

// rewrite changes every link to an imported post in the fragment.
func (m *linkMap) rewrite(root *html.Node) {
	if len(m.posts) == 0 {
		return
	}
	find(root, func(n *html.Node) bool {
		if n.DataAtom == atom.A {
			if t := m.target(attr(n, "href")); t != "" {
				setAttr(n, "href", t)
			}
		}
		return false
	})
}
