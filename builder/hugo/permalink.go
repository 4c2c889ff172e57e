package hugo

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Content is what decides the URL of one content file.
type Content struct {
	Path  string    // below the content folder, slash-separated: "posts/2020/x.md"
	Title string    // title front matter
	Slug  string    // slug front matter
	URL   string    // url front matter: the whole path, patterns and folders aside
	Date  time.Time // date front matter (Hugo falls back to publishDate, then lastmod)
}

// Kind is "home" for _index.md at the top, "section" for other _index.md
// files, and "page" for the rest.
func (c Content) Kind() string {
	base := path.Base(c.Path)
	if strings.HasPrefix(base, "_index.") {
		if path.Dir(c.Path) == "." {
			return "home"
		}
		return "section"
	}
	return "page"
}

// URLConfig is how a Hugo site lays out its URLs (see ReadConfig).
type URLConfig struct {
	// Permalinks maps a kind ("page", "section", "term", "taxonomy") to
	// patterns by section (or taxonomy) name. Hugo's short form,
	// permalinks.posts = "...", sets "page" and "term".
	Permalinks map[string]map[string]string
	// UglyURLs publishes pages as /posts/x.html instead of /posts/x/.
	UglyURLs bool
	// UglySections sets UglyURLs per section, when the site's uglyURLs is a table.
	UglySections map[string]bool
	// Slug holds disablePathToLower and removePathAccents.
	Slug SlugOptions
	// Languages are the site's language codes: a file name ending in one
	// (x.nl.md) is a translation named x. Others (x.1.md) keep the dot.
	Languages []string
}

// ErrPermalinkToken is wrapped by NewRouter's error for a pattern with a
// token Hugo does not know.
var ErrPermalinkToken = errors.New("unknown permalink token")

// Router computes the URLs Hugo gives a site's pages.
type Router struct {
	cfg      URLConfig
	sections map[string]Content // section folder -> its _index.md (or a zero Content with Path set)
}

// NewRouter checks the patterns of cfg and learns the site's sections from
// its content paths: every top-level folder, and every folder below with an
// _index.md, as in Hugo.
func NewRouter(cfg URLConfig, contents []Content) (*Router, error) {
	r := &Router{cfg: cfg, sections: map[string]Content{}}
	var errs []error
	for kind, m := range cfg.Permalinks {
		for section, pattern := range m {
			for _, tok := range tokenRe.FindAllString(strings.ReplaceAll(pattern, `\:`, ""), -1) {
				if !knownToken(tok[1:]) {
					errs = append(errs, fmt.Errorf("permalinks.%s.%s: %w %q: use :year, :month, :day, :title, :slug, :filename, :section, ... (see Hugo's permalinks)", kind, section, ErrPermalinkToken, tok))
				}
			}
		}
	}
	for _, c := range contents {
		dir := path.Dir(c.Path)
		if dir == "." {
			continue
		}
		top := strings.SplitN(dir, "/", 2)[0]
		if _, ok := r.sections[top]; !ok {
			r.sections[top] = Content{Path: top + "/_index.md", Title: top}
		}
		if c.Kind() == "section" {
			r.sections[dir] = c
		}
	}
	return r, errors.Join(errs...)
}

var tokenRe = regexp.MustCompile(`:\w+(\[.+?\])?`)

var refTime = time.Date(2019, time.November, 9, 23, 1, 42, 1, time.UTC)

// urlize is Hugo's urlize with the site's slug options.
func (r *Router) urlize(s string) string { return Slugify(s, r.cfg.Slug) }

// URL returns the URL path Hugo publishes c at, such as "/posts/x/" or,
// with uglyURLs, "/posts/x.html". It is unescaped: "/posts/café/".
func (r *Router) URL(c Content) string {
	if c.URL != "" {
		return r.frontMatterURL(c)
	}
	kind := c.Kind()
	section := r.firstSection(c)
	if pattern, ok := r.pattern(kind, c); ok {
		return r.finish(r.expand(pattern, c), kind, section)
	}
	switch kind {
	case "home":
		return r.finish("/", kind, section)
	case "section":
		return r.finish(r.dirPath(path.Dir(c.Path)), kind, section)
	}
	dir, name := r.dirAndName(c)
	if c.Slug != "" {
		name = r.urlize(c.Slug)
	}
	return r.finish(path.Join(dir, name), kind, section)
}

// dirAndName splits a page's path into its folder and the name of its
// URL: a bundle (x/index.md) is named by its folder.
func (r *Router) dirAndName(c Content) (string, string) {
	dir := path.Dir(c.Path)
	name := r.baseName(c.Path)
	if name == "index" {
		name = path.Base(dir)
		dir = path.Dir(dir)
	}
	if dir == "." {
		dir = ""
	}
	return r.dirPath(dir), r.urlize(name)
}

func (r *Router) dirPath(dir string) string {
	if dir == "." || dir == "" {
		return "/"
	}
	return "/" + r.urlize(dir)
}

// baseName is the file name without extension and language: "x" for
// "x.nl.md" on a site with the language nl.
func (r *Router) baseName(p string) string {
	b := path.Base(p)
	b = strings.TrimSuffix(b, path.Ext(b))
	if ext := path.Ext(b); ext != "" {
		for _, l := range r.cfg.Languages {
			if strings.EqualFold(ext[1:], l) {
				return strings.TrimSuffix(b, ext)
			}
		}
	}
	return b
}

// contentBaseName is the name Hugo's :contentbasename gives: the file name,
// or the folder name of a bundle or section.
func (r *Router) contentBaseName(c Content) string {
	name := r.baseName(c.Path)
	if name == "index" || name == "_index" {
		return path.Base(path.Dir(c.Path))
	}
	return name
}

func (r *Router) firstSection(c Content) string {
	dir := path.Dir(c.Path)
	if dir == "." {
		return ""
	}
	return strings.SplitN(dir, "/", 2)[0]
}

// currentSection is the folder of the nearest section holding c (a section
// is its own).
func (r *Router) currentSection(c Content) string {
	dir := path.Dir(c.Path)
	if c.Kind() == "page" && r.baseName(c.Path) == "index" {
		dir = path.Dir(dir)
	}
	for dir != "." && dir != "/" {
		if _, ok := r.sections[dir]; ok {
			return dir
		}
		dir = path.Dir(dir)
	}
	return ""
}

// pattern finds the permalink pattern for c: the one of its deepest
// matching section.
func (r *Router) pattern(kind string, c Content) (string, bool) {
	m := r.cfg.Permalinks[kind]
	if len(m) == 0 {
		return "", false
	}
	dir := path.Dir(c.Path)
	if kind == "section" {
		// A section matches its own key ("posts" for posts/_index.md).
		dir = path.Dir(c.Path)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	for _, k := range keys {
		s := strings.Trim(k, " /")
		switch {
		case s == "" && dir == ".":
			return m[k], true
		case s != "" && (dir == s || strings.HasPrefix(dir, s+"/")):
			return m[k], true
		}
	}
	return "", false
}

// finish turns an expanded path into the published URL as Hugo does: the
// whole path urlized (so literal parts of a pattern are lower-cased too,
// and characters such as ':' dropped), one leading slash, and a trailing
// slash; with ugly URLs pages and terms end in ".html" and lists in
// "/index.html".
func (r *Router) finish(p, kind, section string) string {
	p = r.urlize("/" + strings.Trim(path.Clean("/"+p), "/"))
	ugly := r.cfg.UglyURLs
	if v, ok := r.cfg.UglySections[section]; ok {
		ugly = v
	}
	switch {
	case !ugly && p == "/":
		return "/"
	case !ugly:
		return p + "/"
	case kind == "page" || kind == "term":
		if p == "/" {
			return "/index.html"
		}
		return p + ".html"
	case p == "/":
		return "/index.html"
	}
	return p + "/index.html"
}

// frontMatterURL is the url key's path: used as written, with a leading
// slash.
func (r *Router) frontMatterURL(c Content) string {
	u := c.URL
	if strings.Contains(u, "://") {
		return u
	}
	if !strings.HasPrefix(u, "/") {
		u = "/" + u
	}
	if strings.HasSuffix(u, "/") || path.Ext(u) != "" {
		return u
	}
	ugly := r.cfg.UglyURLs
	if v, ok := r.cfg.UglySections[r.firstSection(c)]; ok {
		ugly = v
	}
	if ugly && c.Kind() == "page" {
		return u + ".html"
	}
	return u + "/"
}

// TermURL returns the URL of a taxonomy term page, e.g. "/tags/go-lang/"
// for taxonomy "tags" and term "Go Lang".
func (r *Router) TermURL(taxonomy, term string) string {
	if pattern, ok := r.cfg.Permalinks["term"][taxonomy]; ok {
		return r.finish(r.expand(pattern, Content{Path: taxonomy + "/_index.md", Title: term}), "term", taxonomy)
	}
	return r.finish("/"+r.urlize(taxonomy)+"/"+r.urlize(term), "term", taxonomy)
}

// TaxonomyURL returns the URL of a taxonomy's list of terms: "/tags/".
func (r *Router) TaxonomyURL(taxonomy string) string {
	if pattern, ok := r.cfg.Permalinks["taxonomy"][taxonomy]; ok {
		return r.finish(r.expand(pattern, Content{Path: taxonomy + "/_index.md", Title: taxonomy}), "taxonomy", taxonomy)
	}
	return r.finish("/"+r.urlize(taxonomy), "taxonomy", taxonomy)
}
