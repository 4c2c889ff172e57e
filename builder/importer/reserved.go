package importer

import (
	"strings"
)

// reservedPath reports a site path that kopij's build writes itself (see
// Outputs in the builder's package comment): an imported page there would
// collide with the home, a term or list page, a feed or a theme file.
func reservedPath(u string) bool {
	switch u {
	case "/", "/archive/", "/search/", "/subscribed/", "/404.html", "/index.xml", "/atom.xml",
		"/feed.json", "/sitemap.xml", "/robots.txt", "/search.json":
		return true
	}
	for _, prefix := range []string{"/tags/", "/categories/", "/css/", "/js/"} {
		if strings.HasPrefix(u, prefix) {
			return true
		}
	}
	// The home's pages are /page/2/ and on; /page/about/ is free.
	if rest, ok := strings.CutPrefix(u, "/page/"); ok {
		n, _, _ := strings.Cut(rest, "/")
		return n == "" || strings.Trim(n, "0123456789") == ""
	}
	return false
}

// avoidReserved moves posts whose old path kopij writes itself, and drops
// aliases that would collide the same way; the report says so.
func avoidReserved(site *Site) {
	for _, p := range site.Posts {
		if p.URL != "" && reservedPath(p.URL) {
			moved := strings.TrimSuffix(p.URL, "/") + "-" + string(p.Kind) + "/"
			if p.URL == "/" {
				moved = "/" + p.Slug + "/"
			}
			p.Note("its old URL " + p.URL + " is one kopij writes itself (a list, feed or theme file); it is at " + moved + " now")
			p.URL = moved
		}
		keep := p.Aliases[:0]
		for _, a := range p.Aliases {
			if reservedPath(a) {
				p.Note("old URL " + a + " is one kopij writes itself; it gets no redirect")
				continue
			}
			keep = append(keep, a)
		}
		p.Aliases = keep
	}
}

// reservedStatic are the files below static/ that would collide with
// what the build writes: generated pages and feeds, and the theme's own
// stylesheet and script.
var reservedStatic = map[string]bool{
	"index.html": true, "404.html": true, "index.xml": true, "atom.xml": true, "feed.json": true,
	"sitemap.xml": true, "robots.txt": true, "search.json": true,
	"css/style.css": true, "css/syntax.css": true, "js/kopij.js": true,
}
