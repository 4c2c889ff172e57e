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
	res, _ := linkHintsCached(cfg, posts, nil)
	return res
}

// linkHintsCached is linkHints reusing the resolved link targets of pages
// that did not change. prev must come from a call with the same posts in the
// same order (the same index); it maps a parsed page to the positions its
// links point at. It returns the cache for the next call.
func linkHintsCached(cfg *Config, posts []*Page, prev map[*Page][]int) ([]PostHints, map[*Page][]int) {
	var byURL map[string]int
	next := make(map[*Page][]int, len(posts))
	basePath := basePathOf(cfg.BaseURL)
	origin := strings.TrimSuffix(cfg.BaseURL, basePath)
	out := make([]int, len(posts))
	in := make([]int, len(posts))
	for i, p := range posts {
		if p.hints == nil {
			continue
		}
		targets, ok := prev[p]
		if !ok {
			if byURL == nil {
				byURL = make(map[string]int, len(posts))
				for i, p := range posts {
					byURL[p.URL] = i
				}
			}
			seen := map[int]bool{}
			targets = []int{}
			for _, l := range p.hints.Links {
				j, ok := resolveInternal(l.URL, p.URL, origin, byURL)
				if !ok || j == i || seen[j] {
					continue
				}
				seen[j] = true
				targets = append(targets, j)
			}
		}
		next[p] = targets
		out[i] = len(targets)
		for _, j := range targets {
			in[j]++
		}
	}
	res := make([]PostHints, 0, len(posts))
	for i, p := range posts {
		if p.hints == nil {
			continue
		}
		r := *p.hints
		r.Hints = append([]hints.Hint(nil), p.hints.Hints...)
		r.AddLinkHints(out[i], in[i], cfg.Hints)
		res = append(res, PostHints{File: p.File, Title: p.Title, Lang: p.Lang, URL: p.URL, Report: r})
	}
	return res, next
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
