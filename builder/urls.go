package builder

import (
	"path"
	"strings"
)

// absURL resolves a site-relative path against the base URL.
func absURL(base, p string) string {
	if strings.Contains(p, "://") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "mailto:") {
		return p
	}
	bp := basePathOf(base)
	origin := strings.TrimSuffix(base, bp)
	return origin + relURL(bp, p)
}

// basePathOf is the path of a base URL, "/" or "/blog/".
func basePathOf(base string) string {
	if i := strings.Index(base, "://"); i >= 0 {
		if j := strings.Index(base[i+3:], "/"); j >= 0 {
			return base[i+3+j:]
		}
	}
	return "/"
}

// relURL prefixes a site-relative path with the base path of the site.
func relURL(basePath, p string) string {
	if strings.Contains(p, "://") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "mailto:") || strings.HasPrefix(p, "#") {
		return p
	}
	if basePath != "/" && strings.HasPrefix(p, basePath) || basePath == "/" && strings.HasPrefix(p, "/") {
		return p // already with the base path: no new string for every link of every page
	}
	return strings.TrimSuffix(basePath, "/") + "/" + strings.TrimPrefix(p, "/")
}

// outPath maps a URL with the site's base path to an output file path.
func (b *Builder) outPath(u string) string {
	bp := basePathOf(b.config.BaseURL)
	u = strings.TrimPrefix(u, strings.TrimSuffix(bp, "/"))
	u = strings.TrimPrefix(u, "/")
	if u == "" || strings.HasSuffix(u, "/") {
		return u + "index.html"
	}
	if !strings.Contains(path.Base(u), ".") {
		return u + ".html" // Jekyll writes /about as about.html
	}
	return u
}

// url is the site-relative URL of a path on the site, with the base path.
func (b *Builder) url(p string) string { return relURL(basePathOf(b.config.BaseURL), p) }
