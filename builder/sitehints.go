package builder

import (
	"context"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/cespare/xxhash/v2"
	"github.com/kopij/kopij/builder/hints"
)

// linkHints adds the internal-link and orphan checks, which depend on which
// posts link where.
func linkHints(cfg *Config, posts []*Page) []hints.Post {
	var hs hintSet
	return hs.update(cfg, 0, posts, false)
}

// hintSet is the hints of all posts with the internal links between them,
// kept from build to build: an edit of one post resolves its links again
// and redoes its hints and those of the posts it links to, not the whole
// site's.
type hintSet struct {
	key   uint64                // configuration and published URLs the set holds for
	byURL map[string]string     // URL -> file of every published post
	links map[string]*postLinks // by file
	res   []hints.Post
	// counted: the hints about links are kept as Report.Counted keeps
	// those of the text (Options.HintCounts).
	counted bool
}

type postLinks struct {
	page    *Page       // the parse the links were resolved for
	targets []string    // files of the posts it links to
	in      int         // number of posts linking to it
	entry   *hints.Post // its hints, nil when they must be made again
}

func (hs *hintSet) at(file string) *postLinks {
	l := hs.links[file]
	if l == nil {
		l = &postLinks{}
		hs.links[file] = l
	}
	return l
}

// update returns the hints of posts, the published posts in their order;
// cfgKey identifies the configuration, seed hashes the published URLs for
// the set's key; counted strips the hints about links as Report.Counted
// does. The result is a new slice: an earlier one may still be read by the
// dev server.
func (hs *hintSet) update(cfg *Config, cfgKey uint64, posts []*Page, counted bool) []hints.Post {
	key := cfgKey + uint64(len(posts))
	var h xxhash.Digest
	for _, p := range posts {
		h.Reset()
		h.WriteString(p.URL)
		h.WriteString("\x00")
		h.WriteString(p.File)
		for _, a := range p.Aliases {
			h.WriteString("\x00")
			h.WriteString(a)
		}
		key += h.Sum64() // in any order
	}
	if hs.links == nil || hs.key != key {
		*hs = hintSet{key: key, byURL: postURLs(basePathOf(cfg.BaseURL), posts), links: make(map[string]*postLinks, len(posts))}
	}
	hs.counted = counted
	basePath := basePathOf(cfg.BaseURL)
	origin := strings.TrimSuffix(cfg.BaseURL, basePath)
	var todo []*Page // posts whose links are resolved again
	for _, p := range posts {
		if l := hs.links[p.File]; l == nil || l.page != p {
			todo = append(todo, p)
		}
	}
	changed := len(todo) > 0
	// Resolving is lookups in byURL alone, so the posts' links are
	// resolved in parallel; the counts are then updated in order.
	targets := make([][]string, len(todo))
	parallel(context.Background(), runtime.GOMAXPROCS(0), len(todo), func(i int) {
		p := todo[i]
		if p.hints == nil {
			return
		}
		for _, link := range p.hints.Links {
			t, ok := resolveInternal(link.URL, p.URL, origin, hs.byURL)
			if !ok {
				t, ok = resolveSource(link.URL, p.File, hs.byURL)
			}
			if ok && t != p.File && !slices.Contains(targets[i], t) {
				targets[i] = append(targets[i], t)
			}
		}
	})
	for i, p := range todo {
		l := hs.at(p.File)
		l.page, l.entry = p, nil
		for _, t := range l.targets {
			tl := hs.at(t)
			tl.in--
			tl.entry = nil
		}
		l.targets = targets[i]
		for _, t := range l.targets {
			tl := hs.at(t)
			tl.in++
			tl.entry = nil
		}
	}
	if !changed && len(hs.res) == len(posts) {
		same := true
		for i, p := range posts {
			if hs.res[i].File != p.File {
				same = false
				break
			}
		}
		if same {
			return hs.res
		}
	}
	if res, ok := hs.patch(cfg, posts); ok {
		return res
	}
	res := make([]hints.Post, 0, len(posts))
	for _, p := range posts {
		l := hs.links[p.File]
		if p.hints == nil {
			continue
		}
		if l.entry == nil {
			l.entry = hs.entry(cfg, p, l)
		}
		res = append(res, *l.entry)
	}
	hs.res = res
	return res
}

// resolveInternal finds the post a link points to, if any. A link may be
// written site-absolute ("/posts/x/"), relative to the post ("../y/"), or
// in full with the blog's own domain, over http or https, with or without
// "www." ("https://myblog.example/2019/01/x.html"); it may name a post by
// its URL or by one of its aliases, with or without the base path, as a
// folder, a folder's index.html or the folder's name plus ".html".
func resolveInternal(link, from, origin string, byURL map[string]string) (string, bool) {
	// Plain site-absolute paths are most links; they need no URL parser,
	// which dominated rebuilds of large sites in watch mode.
	if strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//") && !strings.ContainsAny(link, "?#%\\ \t\n") {
		return lookupPath(path.Clean(link), byURL)
	}
	link = strings.TrimSpace(link)
	if i := strings.Index(link, "://"); i > 0 && isScheme(link[:i]) || strings.HasPrefix(link, "//") {
		rest, ok := ownSite(link, origin)
		if !ok {
			return "", false // another site, or not a web address
		}
		link = rest
	} else if i := strings.IndexByte(link, ':'); i > 0 && isScheme(link[:i]) {
		return "", false // mailto:, tel: and the like
	}
	u, err := url.Parse(link)
	if err != nil || u.Path == "" {
		return "", false
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join(from, p)
	}
	return lookupPath(path.Clean(p), byURL)
}

// ownSite returns the path, query and fragment of an absolute or
// scheme-relative link to the site at origin ("https://myblog.example"),
// whichever of http and https it uses and with or without "www.".
func ownSite(link, origin string) (string, bool) {
	_, host, ok := strings.Cut(origin, "://")
	if !ok || host == "" {
		return "", false
	}
	scheme, rest, ok := strings.Cut(link, "//")
	if !ok || (scheme != "" && !strings.EqualFold(scheme, "http:") && !strings.EqualFold(scheme, "https:")) {
		return "", false
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	bare := func(h string) string { return strings.TrimPrefix(strings.ToLower(h), "www.") }
	if bare(rest[:end]) != bare(host) {
		return "", false
	}
	if end == len(rest) || rest[end] != '/' {
		return "/" + rest[end:], true
	}
	return rest[end:], true
}

// isScheme reports whether s is a URL scheme such as "https".
func isScheme(s string) bool {
	for i, c := range s {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return s != ""
}

// lookupPath finds the post at a cleaned site-relative path: as written,
// as a folder ("/x" is "/x/"), without "index.html", and with ".html" or
// ".htm" taken for the folder of the same name, as a blog that moved from
// "/2019/01/x.html" to "/2019/01/x/" still links.
func lookupPath(p string, byURL map[string]string) (string, bool) {
	if i, ok := byURL[p]; ok {
		return i, true
	}
	if !strings.HasSuffix(p, "/") {
		if i, ok := byURL[p+"/"]; ok {
			return i, true
		}
	}
	if dir, ok := strings.CutSuffix(p, "index.html"); ok {
		if i, ok := byURL[dir]; ok {
			return i, true
		}
	}
	for _, ext := range []string{".html", ".htm"} {
		if stem, ok := strings.CutSuffix(p, ext); ok && stem != "" && !strings.HasSuffix(stem, "/") {
			if i, ok := byURL[stem+"/"]; ok {
				return i, true
			}
		}
	}
	return "", false
}

// sourceKey is the key of a post's source file in the map of postURLs,
// which no URL can be.
const sourceKey = "\x00file:"

// resolveSource finds the post a link to a Markdown file points to, as
// editors and other generators write them: "other-post.md",
// "../2019-01-02-x.md", "/content/posts/x.md", resolved from the file
// from.
func resolveSource(link, from string, byURL map[string]string) (string, bool) {
	if i := strings.IndexAny(link, "?#"); i >= 0 {
		link = link[:i]
	}
	if !strings.HasSuffix(link, ".md") && !strings.HasSuffix(link, ".markdown") || strings.Contains(link, ":") {
		return "", false
	}
	if u, err := url.PathUnescape(link); err == nil {
		link = u
	}
	var p string
	switch {
	case strings.HasPrefix(link, "/content/"):
		p = path.Clean(link[1:])
	case strings.HasPrefix(link, "/"):
		p = path.Join(contentDir, link)
	default:
		p = path.Join(path.Dir(from), link)
	}
	f, ok := byURL[sourceKey+p]
	return f, ok
}

// postURLs maps every URL a post answers at to its file (and, under
// sourceKey, its source file to itself): its own URL and its aliases, each with the site's base path and, when the site has one,
// without it, as links written before the blog moved there read. A post's
// own URL wins over another post's alias.
func postURLs(basePath string, posts []*Page) map[string]string {
	m := make(map[string]string, 2*len(posts))
	add := func(u, file string) {
		if _, taken := m[u]; !taken {
			m[u] = file
		}
	}
	for _, p := range posts {
		m[p.URL] = p.File
		m[sourceKey+p.File] = p.File
	}
	for _, p := range posts {
		for _, a := range p.Aliases {
			add(relURL(basePath, a), p.File)
		}
	}
	if basePath != "/" {
		for _, p := range posts {
			if rest, ok := strings.CutPrefix(p.URL, basePath); ok {
				add("/"+rest, p.File)
			}
			for _, a := range p.Aliases {
				add(a, p.File)
			}
		}
	}
	return m
}

// SiteHints loads and parses every post of the site in fsys, drafts and
// future posts included, and returns their hints without rendering pages.
func SiteHints(ctx context.Context, fsys fs.FS, opts Options) ([]hints.Post, error) {
	opts.Drafts, opts.Future = true, true
	b := New(fsys, opts)
	if err := b.src.read(fsys, nil, b.hash); err != nil {
		return nil, err
	}
	pages, errs, err := b.parse(ctx, false)
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, joinSorted(errs)
	}
	var posts []*Page
	for _, p := range pages {
		if p.Kind == KindPost {
			posts = append(posts, p)
		}
	}
	sort.SliceStable(posts, func(i, j int) bool { return newerFirst(posts[i], posts[j]) })
	return linkHints(&b.config.Config, posts), nil
}

// FileHints analyses one Markdown file that need not belong to a site.
// lang is used when the front matter has no lang; link checks that need a
// site are left out.
func FileHints(file string, data []byte, lang string, th hints.Thresholds) (hints.Post, error) {
	cfg := DefaultConfig()
	cfg.Hints = th
	if lang != "" {
		cfg.Language = lang
	}
	p, err := parsePage(&cfg, newSiteMarkdown(&cfg), file, data)
	if err != nil {
		return hints.Post{}, err
	}
	return hints.Post{File: file, Title: p.Title, Lang: p.Lang, URL: p.URL, Report: *p.hints}, nil
}

// patch is update's result when the posts are the same, in the same
// order, as last time, each with hints (a body edit): the previous result
// is copied in one piece and the entries whose links changed, the edited
// posts' and those they link to, are made again, instead of every entry
// copied one by one, which at 10k posts was most of a body edit's rebuild.
func (hs *hintSet) patch(cfg *Config, posts []*Page) ([]hints.Post, bool) {
	if len(hs.res) != len(posts) {
		return nil, false
	}
	var redo []int
	for i, p := range posts {
		if p.hints == nil || hs.res[i].File != p.File {
			return nil, false
		}
		if hs.links[p.File].entry == nil {
			redo = append(redo, i)
		}
	}
	res := slices.Clone(hs.res)
	for _, i := range redo {
		p, l := posts[i], hs.links[posts[i].File]
		l.entry = hs.entry(cfg, p, l)
		res[i] = *l.entry
	}
	hs.res = res
	return res, true
}

// entry makes the hints of post p, whose links are l: those of its text
// with those about its links to and from other posts.
func (hs *hintSet) entry(cfg *Config, p *Page, l *postLinks) *hints.Post {
	r := *p.hints
	r.Hints = nil
	if n := len(p.hints.Hints); n > 0 {
		r.Hints = make([]hints.Hint, n, n+2) // room for the two about links
		copy(r.Hints, p.hints.Hints)
	}
	r.AddLinkHints(len(l.targets), l.in, cfg.Hints)
	if hs.counted {
		r = r.Counted()
	}
	return &hints.Post{File: p.File, Title: p.Title, Lang: p.Lang, URL: p.URL, Report: r}
}
