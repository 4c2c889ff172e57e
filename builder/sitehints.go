package builder

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/kopij/kopij/builder/hints"
)

// PostHints are the retention hints of one post.
type PostHints struct {
	File   string       // source path relative to the site root
	Title  string       // post title
	Lang   string       // post language
	URL    string       // site-relative URL
	Report hints.Report // metrics and hints, worst first
}

// postHintsJSON is one post in kopij hints --json and /_kopij/hints.json.
type postHintsJSON struct {
	File    string        `json:"file"`
	Title   string        `json:"title"`
	Lang    string        `json:"lang"`
	URL     string        `json:"url"`
	Metrics hints.Metrics `json:"metrics"`
	Hints   []hints.Hint  `json:"hints"`
}

// MarshalJSON writes the documented hints format: file, title, lang, url,
// metrics and hints ([] rather than null when there are none).
func (p PostHints) MarshalJSON() ([]byte, error) {
	h := p.Report.Hints
	if h == nil {
		h = []hints.Hint{}
	}
	return json.Marshal(postHintsJSON{File: p.File, Title: p.Title, Lang: p.Lang, URL: p.URL, Metrics: p.Report.Metrics, Hints: h})
}

// WriteHintsJSON writes {"posts": [...]}, indented with indent when it is
// not empty.
func WriteHintsJSON(w io.Writer, ph []PostHints, indent string) error {
	if ph == nil {
		ph = []PostHints{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", indent)
	return enc.Encode(map[string][]PostHints{"posts": ph})
}

// SortHints orders posts worst first: by their worst severity, then by the
// number of hints, then by file.
func SortHints(ph []PostHints) {
	sort.SliceStable(ph, func(i, j int) bool {
		si, oki := ph[i].Report.Worst()
		sj, okj := ph[j].Report.Worst()
		if oki != okj {
			return oki
		}
		if si != sj {
			return si > sj
		}
		if len(ph[i].Report.Hints) != len(ph[j].Report.Hints) {
			return len(ph[i].Report.Hints) > len(ph[j].Report.Hints)
		}
		return ph[i].File < ph[j].File
	})
}

// analyzeHints runs the text checks of one post; link checks that need the
// whole site come later in linkHints.
func analyzeHints(cfg *Config, p *Page) *hints.Report {
	if p.Kind != KindPost {
		return nil
	}
	in := hints.Input{
		File:        p.File,
		Title:       p.Title,
		Description: p.Description,
		Lang:        p.Lang,
		Body:        p.source,
		BodyLine:    p.line,
	}
	var r hints.Report
	if p.doc != nil {
		r = hints.AnalyzeAST(in, p.doc, cfg.Hints)
	} else {
		r = hints.Analyze(in, cfg.Hints)
	}
	return &r
}

// linkHints adds the internal-link and orphan checks, which depend on which
// posts link where.
func linkHints(cfg *Config, posts []*Page) []PostHints {
	var hs hintSet
	return hs.update(cfg, 0, posts)
}

// hintSet is the hints of all posts with the internal links between them,
// kept from build to build so that an edit of one post redoes its links and
// the hints of the posts it links to, not those of the whole site.
type hintSet struct {
	key     uint64
	posts   []*Page     // the posts the set was made for, newest first
	targets [][]int     // per post: positions of the posts it links to
	in      []int       // per post: number of posts linking to it
	at      []int       // per post: its index in res, or -1 without hints
	res     []PostHints // posts with hints, in post order
	byURL   map[string]int
}

// update returns the hints of posts, the published posts of the index with
// key. When the previous call had the same key, only posts whose Page
// changed are analysed again. The result is a new slice: an earlier one
// may still be read by the dev server.
func (hs *hintSet) update(cfg *Config, key uint64, posts []*Page) []PostHints {
	if hs.posts == nil || hs.key != key || len(hs.posts) != len(posts) {
		*hs = hintSet{key: key, posts: make([]*Page, len(posts)), targets: make([][]int, len(posts)),
			in: make([]int, len(posts)), at: make([]int, len(posts))}
		for i := range hs.at {
			hs.at[i] = -1
		}
	}
	basePath := basePathOf(cfg.BaseURL)
	origin := strings.TrimSuffix(cfg.BaseURL, basePath)
	dirty := map[int]bool{}
	for i, p := range posts {
		if hs.posts[i] == p {
			continue
		}
		hs.posts[i] = p
		dirty[i] = true
		for _, j := range hs.targets[i] {
			hs.in[j]--
			dirty[j] = true
		}
		hs.targets[i] = nil
		if p.hints == nil {
			continue
		}
		if hs.byURL == nil {
			// URLs are part of the key: the map holds while it does.
			hs.byURL = make(map[string]int, len(posts))
			for i, p := range posts {
				hs.byURL[p.URL] = i
			}
		}
		seen := map[int]bool{}
		for _, l := range p.hints.Links {
			j, ok := resolveInternal(l.URL, p.URL, origin, hs.byURL)
			if !ok || j == i || seen[j] {
				continue
			}
			seen[j] = true
			hs.targets[i] = append(hs.targets[i], j)
			hs.in[j]++
			dirty[j] = true
		}
	}
	if len(dirty) == 0 {
		return hs.res
	}
	if len(dirty) < len(posts) && hs.res != nil {
		// Same posts with hints as before: replace the entries that changed.
		res := append([]PostHints(nil), hs.res...)
		for i := range dirty {
			if (hs.at[i] < 0) != (posts[i].hints == nil) {
				res = nil
				break
			}
			if hs.at[i] >= 0 {
				res[hs.at[i]] = hs.entry(cfg, i)
			}
		}
		if res != nil {
			hs.res = res
			return res
		}
	}
	res := make([]PostHints, 0, len(posts))
	for i, p := range posts {
		hs.at[i] = -1
		if p.hints != nil {
			hs.at[i] = len(res)
			res = append(res, hs.entry(cfg, i))
		}
	}
	hs.res = res
	return res
}

// entry is post i's hints, link checks included.
func (hs *hintSet) entry(cfg *Config, i int) PostHints {
	p := hs.posts[i]
	r := *p.hints
	r.Hints = append([]hints.Hint(nil), p.hints.Hints...)
	r.AddLinkHints(len(hs.targets[i]), hs.in[i], cfg.Hints)
	return PostHints{File: p.File, Title: p.Title, Lang: p.Lang, URL: p.URL, Report: r}
}

// resolveInternal finds the post a link points to, if any.
func resolveInternal(link, from, origin string, byURL map[string]int) (int, bool) {
	// Plain site-absolute paths are most links; they need no URL parser,
	// which dominated rebuilds of large sites in watch mode.
	if strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//") && !strings.ContainsAny(link, "?#%\\ \t\n") {
		return lookupPath(path.Clean(link), byURL)
	}
	if i := strings.Index(link, "://"); i > 0 && isScheme(link[:i]) && !strings.HasPrefix(link, origin+"/") {
		return 0, false // another site
	}
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil {
		return 0, false
	}
	if u.Scheme != "" || u.Host != "" {
		if !strings.HasPrefix(link, origin+"/") {
			return 0, false
		}
		u, err = url.Parse(strings.TrimPrefix(link, origin))
		if err != nil {
			return 0, false
		}
	}
	if u.Path == "" {
		return 0, false
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join(from, p)
	}
	return lookupPath(path.Clean(p), byURL)
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

// lookupPath finds the post at a cleaned site-relative path.
func lookupPath(p string, byURL map[string]int) (int, bool) {
	if !strings.HasSuffix(p, ".html") {
		p += "/"
	}
	if i, ok := byURL[p]; ok {
		return i, true
	}
	i, ok := byURL[strings.TrimSuffix(p, "index.html")]
	return i, ok
}

// HintsSummary is the one-line hint report after a build, e.g.
// "7 hints in 3 posts; run kopij hints". It is empty when no post has hints.
func HintsSummary(ph []PostHints) string {
	n, posts := 0, 0
	for _, p := range ph {
		if len(p.Report.Hints) > 0 {
			n += len(p.Report.Hints)
			posts++
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d hints in %d posts; run kopij hints", n, posts)
}

// SiteHints loads and parses every post of the site in fsys, drafts and
// future posts included, and returns their hints without rendering pages.
func SiteHints(ctx context.Context, fsys fs.FS, opts Options) ([]PostHints, error) {
	opts.Drafts, opts.Future = true, true
	b := New(fsys, opts)
	pages, errs, err := b.parse(ctx, nil, false)
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
	return linkHints(&b.cfg, posts), nil
}

// FileHints analyses one Markdown file that need not belong to a site.
// lang is used when the front matter has no lang; link checks that need a
// site are left out.
func FileHints(file string, data []byte, lang string, th hints.Thresholds) (PostHints, error) {
	cfg := DefaultConfig()
	cfg.Hints = th
	if lang != "" {
		cfg.Language = lang
	}
	p, err := parsePage(&cfg, newMarkdown(cfg.Markdown), file, data)
	if err != nil {
		return PostHints{}, err
	}
	p.Kind = KindPost
	r := analyzeHints(&cfg, p)
	return PostHints{File: file, Title: p.Title, Lang: p.Lang, URL: p.URL, Report: *r}, nil
}
