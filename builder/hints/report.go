package hints

import (
	"encoding/json"
	"io"
	"sort"
)

// Post is the hints of one post of a site, with what names it to a reader.
type Post struct {
	File   string // source path relative to the site root
	Title  string // post title
	Lang   string // post language
	URL    string // site-relative URL
	Report Report // metrics and hints, worst first
}

// postJSON is one post in kopij hints --json and /_kopij/hints.json.
type postJSON struct {
	File    string  `json:"file"`
	Title   string  `json:"title"`
	Lang    string  `json:"lang"`
	URL     string  `json:"url"`
	Metrics Metrics `json:"metrics"`
	Hints   []Hint  `json:"hints"`
}

// MarshalJSON writes the documented hints format: file, title, lang, url,
// metrics and hints ([] rather than null when there are none).
func (p Post) MarshalJSON() ([]byte, error) {
	h := p.Report.Hints
	if h == nil {
		h = []Hint{}
	}
	return json.Marshal(postJSON{File: p.File, Title: p.Title, Lang: p.Lang, URL: p.URL, Metrics: p.Report.Metrics, Hints: h})
}

// WriteJSON writes {"posts": [...]}, indented with indent when it is not
// empty.
func WriteJSON(w io.Writer, posts []Post, indent string) error {
	if posts == nil {
		posts = []Post{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", indent)
	return enc.Encode(map[string][]Post{"posts": posts})
}

// Sort orders posts worst first: by their worst severity, then by the
// number of hints, then by file.
func Sort(posts []Post) {
	sort.SliceStable(posts, func(i, j int) bool {
		si, oki := posts[i].Report.Worst()
		sj, okj := posts[j].Report.Worst()
		if oki != okj {
			return oki
		}
		if si != sj {
			return si > sj
		}
		if len(posts[i].Report.Hints) != len(posts[j].Report.Hints) {
			return len(posts[i].Report.Hints) > len(posts[j].Report.Hints)
		}
		return posts[i].File < posts[j].File
	})
}

// SiteSummary is the one-line hint report after a build in the site's
// language lang, e.g. "7 hints in 3 posts; run kopij hints". It is empty
// when no post has hints.
func SiteSummary(lang string, posts []Post) string {
	n, with := 0, 0
	for _, p := range posts {
		if len(p.Report.Hints) > 0 {
			n += len(p.Report.Hints)
			with++
		}
	}
	return Summary(lang, n, with)
}
