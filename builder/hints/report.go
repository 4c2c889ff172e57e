package hints

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Post is the hints of one post of a site, with what names it to a reader.
type Post struct {
	File   string // source path relative to the site root
	Title  string // post title
	Lang   string // post language
	URL    string // site-relative URL
	Report Report // metrics and hints, worst first
}

// Subject is JudgeSubject's verdict on the post's title as the subject of
// the newsletter that sends it, in the post's language. It is judged when
// asked, not with every build.
func (p Post) Subject() []Hint { return JudgeSubject(p.Title, p.Lang) }

// postJSON is one post in kopij hints --json and /_kopij/hints.json.
type postJSON struct {
	File  string `json:"file"`
	Title string `json:"title"`
	Lang  string `json:"lang"`
	URL   string `json:"url"`
	// HintsLang is the language the messages are in: "nl" or "en".
	HintsLang string  `json:"hints_lang"`
	Metrics   Metrics `json:"metrics"`
	Hints     []Hint  `json:"hints"`
	Subject   []Hint  `json:"subject"`
}

// MarshalJSON writes the documented hints format: file, title, lang, url,
// hints_lang, metrics, hints and subject ([] rather than null when there
// are none).
func (p Post) MarshalJSON() ([]byte, error) {
	h, sub := p.Report.Hints, p.Subject()
	if h == nil {
		h = []Hint{}
	}
	if sub == nil {
		sub = []Hint{}
	}
	return json.Marshal(postJSON{File: p.File, Title: p.Title, Lang: p.Lang, URL: p.URL, HintsLang: cmp.Or(p.Report.Lang, "en"),
		Metrics: p.Report.Metrics, Hints: h, Subject: sub})
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

// Shorten returns s on one line, cut at a word before max characters with
// "…" when it is longer, as a hint quotes a sentence.
func Shorten(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	rs := []rune(s)
	if len(rs) <= max || max < 2 {
		return s
	}
	cut := max - 1
	for i := cut; i > max/2; i-- {
		if rs[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(rs[:cut]), " ,;:") + "…"
}

// CountLine is the closing line of kopij hints in lang: "3 hints in 2 of
// 5 posts", "1 hint in 1 van 1 stuk".
func CountLine(lang string, hints, with, posts int) string {
	if baseLang(lang) == "nl" {
		return fmt.Sprintf("%s in %d van %s", plural(hints, "hint", "hints"), with, plural(posts, "stuk", "stukken"))
	}
	return fmt.Sprintf("%s in %d of %s", plural(hints, "hint", "hints"), with, plural(posts, "post", "posts"))
}
