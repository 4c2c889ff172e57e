package hints

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/kopij/kopij/builder/langdetect"
)

// Input is one post to analyse.
type Input struct {
	File  string // path shown to the user; not opened
	Title string // the title readers see: front matter, or the leading "# Heading" the builder took it from
	// TitleEmpty says the front matter gave no title or an empty one
	// (title: ''); Title may then hold a stand-in such as the file name,
	// which is reported as a missing title unless the body's leading
	// heading says it.
	TitleEmpty  bool
	Description string // front matter description or summary
	// Lang is the post's language: its own, or the site's when it declares
	// none. "nl" or "en", or a regional form ("nl-BE"); another language is
	// analysed with the English lists. Empty means unknown: the language is
	// detected from the text, which costs about as much as rendering the
	// post, while a given language is usually confirmed by the text's own
	// words for free.
	Lang string
	// DefaultLang is the language to expect when Lang is empty, such as
	// the site's: it is confirmed by the text's own words as cheaply as a
	// declared language, but when the text is plainly in another language
	// that one wins, without a lang-mismatch hint (Report.TextLang says
	// which it is).
	DefaultLang string
	Body        []byte // Markdown without front matter
	BodyLine    int    // 1-based line in File where Body starts, so hint lines are file lines (0 means 1)
}

// Report is the outcome of Analyze for one post.
type Report struct {
	// Lang is the language the post was analysed in and its messages are
	// written in: "nl" or "en". It is the declared language unless the
	// text is plainly in the other one, or the detected one when
	// Input.Lang was empty.
	Lang string `json:"lang"`
	// TextLang is the language detected from the text ("nl", "en", "de",
	// "fr", "es", "it", "pt" or "unknown"), or empty when the detector was
	// not asked because the text's own words bear the declared language
	// out.
	TextLang string  `json:"text_lang,omitempty"`
	Metrics  Metrics `json:"metrics"` // measured figures
	Hints    []Hint  `json:"hints"`   // worst first, then by line
	Links    []Link  `json:"-"`       // every link destination in the body, in order
	BodyLine int     `json:"-"`       // first line of the body, which post-wide hints point at
}

// Metrics are the figures a post is judged by. Percentages run from 0 to 100.
type Metrics struct {
	Words                 int     `json:"words"`                   // words in the body; CJK characters count as words
	Sentences             int     `json:"sentences"`               // sentences in paragraphs, lists and headings
	Flesch                float64 `json:"flesch"`                  // Flesch reading ease (Flesch-Douma for Dutch); 0 for under 11 words
	LongSentencesPct      float64 `json:"long_sentences_pct"`      // share of sentences over LongSentenceWords words
	LongestParagraphWords int     `json:"longest_paragraph_words"` // words in the longest paragraph
	LongestSectionWords   int     `json:"longest_section_words"`   // most words between two headings
	Subheadings           int     `json:"subheadings"`             // headings in the body
	PassivePct            float64 `json:"passive_pct"`             // share of sentences in the passive voice
	TransitionPct         float64 `json:"transition_pct"`          // share of sentences with a transition word
	ReadingMinutes        int     `json:"reading_minutes"`         // reading time, rounded up; 0 without prose
	ReaderFocus           float64 `json:"reader_focus"`            // you-words / (you-words + we/I-words), 0-1; 0 when neither occurs
	Questions             int     `json:"questions"`               // sentences ending in a question mark
	InternalLinks         int     `json:"internal_links"`          // links to other posts of the site (set by AddLinkHints)
	InboundLinks          int     `json:"inbound_links"`           // links from other posts of the site (set by AddLinkHints)
}

// Hint is one piece of advice about a post.
type Hint struct {
	ID       string   `json:"id"`       // stable identifier, see the package documentation
	Severity Severity `json:"severity"` // info, warn or error
	Line     int      `json:"line"`     // line in Input.File; 1 for front matter
	Message  string   `json:"message"`  // what is wrong and why it matters for readers
	Fix      string   `json:"fix"`      // what to do, in the post's language
	// Text is the sentence Line points at, as the reader sees it (for a
	// paragraph, section or ending: its first or last sentence); empty
	// for hints about the post as a whole or its front matter.
	Text string `json:"text,omitempty"`
	// Passages are the stretches of the body the hint is about, in order:
	// every long or passive sentence, the paragraph, the section.
	Passages []Passage `json:"passages,omitempty"`
}

// Passage is a stretch of the body a hint is about, so an editor can mark
// it where the writer types.
type Passage struct {
	Line  int    `json:"line"`  // line in Input.File where it starts
	Start int    `json:"start"` // byte offset in Input.Body where it starts
	End   int    `json:"end"`   // byte offset in Input.Body just past its end
	Text  string `json:"text"`  // the sentence, or a longer passage's first sentence, without markup
	// Blocks is how many whole blocks of prose the passage is, counted
	// from the one that holds Text (paragraphs, list items and headings,
	// in order: a long paragraph, the hook, a section, a wall of text, an
	// ending); 0 for a passage of one sentence.
	Blocks int `json:"blocks,omitempty"`
}

// Link is one link destination in the body.
type Link struct {
	URL  string `json:"url"`  // destination as written
	Line int    `json:"line"` // line in Input.File
}

// Severity says how much a hint matters. Higher is worse.
type Severity int

// Severities, from mild to severe.
const (
	Info Severity = iota
	Warn
	Error
)

// String returns "info", "warn" or "error".
func (s Severity) String() string {
	switch s {
	case Warn:
		return "warn"
	case Error:
		return "error"
	}
	return "info"
}

// MarshalText encodes the severity as its name, so JSON shows "warn".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a severity name, as used by --fail-on.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// ParseSeverity turns "info", "warn" or "error" into a Severity.
func ParseSeverity(name string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "info":
		return Info, nil
	case "warn", "warning":
		return Warn, nil
	case "error":
		return Error, nil
	}
	return Info, fmt.Errorf("unknown severity %q: use info, warn or error", name)
}

// Analyze measures one post and returns its metrics, hints and links. It
// never fails: text it cannot judge gives no hint.
func Analyze(in Input, th Thresholds) Report {
	return analyze(in, parseDoc(in.Body, max(in.BodyLine, 1), in.Title), th)
}

// AnalyzeAST is Analyze for a caller that has already parsed in.Body with
// goldmark, such as the builder before rendering: it skips the second parse,
// which is most of Analyze's cost. root must come from parsing exactly
// in.Body; any goldmark extensions may have been used.
func AnalyzeAST(in Input, root ast.Node, th Thresholds) Report {
	return analyze(in, walkDoc(root, in.Body, max(in.BodyLine, 1), in.Title), th)
}

// contradictMinWords is the fewest words a text needs before the detector
// may overrule a declared or expected language: on the labelled posts the
// detector is right on 95 % of their first 20 words, and a note of a few
// words is no evidence.
const contradictMinWords = 20

func analyze(in Input, d *doc, th Thresholds) Report {
	declared := baseLang(in.Lang)
	guess := cmp.Or(declared, baseLang(in.DefaultLang))
	textLang := ""
	if guess == "" {
		textLang, _ = langdetect.Detect(d.prose)
	}
	lang := languageOf(guess)
	if textLang == "nl" || textLang == "en" {
		lang = languageOf(textLang)
	}
	s := measure(d, lang, th)
	if slices.Contains(langdetect.Languages(), guess) && !s.confirms() && s.metrics.Words >= contradictMinWords {
		// The declared language's own words are scarce: ask the detector,
		// and follow it when it finds the other language.
		textLang, _ = langdetect.Detect(d.prose)
		if textLang == "nl" || textLang == "en" {
			if l := languageOf(textLang); l != lang {
				lang = l
				s = measure(d, lang, th)
			}
		}
	}
	line := max(in.BodyLine, 1)
	r := Report{Lang: lang.code, TextLang: textLang, Metrics: s.metrics, Links: d.links, BodyLine: line}
	c := checker{th: th, lang: lang, r: &r, in: &in, doc: d, st: s}
	// Only a language the detector knows can be contradicted by it: a
	// Swedish post would otherwise be "detected" as its nearest neighbour.
	if slices.Contains(langdetect.Languages(), declared) && textLang != "" && textLang != langdetect.Unknown && textLang != declared {
		c.add("lang-mismatch", Warn, line, langName(lang.code, textLang), langName(lang.code, declared), textLang, in.Lang)
	}
	c.run()
	r.sort()
	r.compact()
	if r.Hints == nil {
		r.Hints = []Hint{} // JSON shows "hints": [] for a post without hints
	}
	return r
}

// Counted returns the report without what only a reader of its hints
// needs: each hint keeps its ID, Severity and Line; Message, Fix, Text
// and Passages are empty, and so is Links. It is for a caller that counts
// hints, which it spares holding their texts for every post of a site.
func (r Report) Counted() Report {
	r.Links = nil
	hs := make([]Hint, len(r.Hints))
	for i, h := range r.Hints {
		hs[i] = Hint{ID: h.ID, Severity: h.Severity, Line: h.Line}
	}
	r.Hints = hs
	return r
}

// compact copies what the report shows into memory of its own, of the
// size it needs: the texts of the passages are slices of the whole prose
// of the post, which would otherwise stay in memory with them, and the
// slices were grown by appending. A site's build keeps the reports of
// all its posts.
func (r *Report) compact() {
	r.Links = slices.Clone(r.Links)
	if len(r.Hints) == 0 {
		return
	}
	// The texts are written one after another into one string, each
	// once: the sentence of a hint is its first passage's, and two hints
	// may be about the same sentence.
	n, size := 0, 0
	for _, h := range r.Hints {
		n += len(h.Passages)
	}
	uniq := make([]string, 0, len(r.Hints)+n)
	slot := make([]int, 0, len(r.Hints)+n) // per hint, its text, then its passages' texts: an index in uniq
	index := func(t string) int {
		for i, u := range uniq {
			if u == t {
				return i
			}
		}
		uniq = append(uniq, t)
		size += len(t)
		return len(uniq) - 1
	}
	for _, h := range r.Hints {
		slot = append(slot, index(h.Text))
		for _, p := range h.Passages {
			slot = append(slot, index(p.Text))
		}
	}
	var buf strings.Builder
	buf.Grow(size)
	ends := make([]int, len(uniq))
	for i, u := range uniq {
		buf.WriteString(u)
		ends[i] = buf.Len()
	}
	all := buf.String()
	text := func(i int) string { return all[ends[i]-len(uniq[i]) : ends[i]] }
	hs := slices.Clone(r.Hints)
	ps := make([]Passage, 0, n)
	k := 0
	for i := range hs {
		h := &hs[i]
		h.Text = text(slot[k])
		k++
		if h.Passages == nil {
			continue
		}
		first := len(ps)
		for _, p := range h.Passages {
			p.Text = text(slot[k])
			k++
			ps = append(ps, p)
		}
		h.Passages = ps[first:len(ps):len(ps)]
	}
	r.Hints = hs
}

// AddLinkHints records how many links the post has to other posts of the
// site (internal) and how many other posts link to it (inbound), and adds the
// "no-internal-link" and "orphan" hints. The caller decides which of
// Report.Links are internal, as that needs the whole site.
func (r *Report) AddLinkHints(internal, inbound int, th Thresholds) {
	r.Metrics.InternalLinks = internal
	r.Metrics.InboundLinks = inbound
	c := checker{th: th, lang: languageOf(r.Lang), r: r}
	if th.InternalLinksMin > 0 && internal < th.InternalLinksMin {
		c.add("no-internal-link", Warn, r.BodyLine, th.InternalLinksMin, internal)
	}
	if th.InboundLinksMin > 0 && inbound < th.InboundLinksMin {
		c.add("orphan", Info, r.BodyLine, th.InboundLinksMin, inbound)
	}
	r.sort()
}

// baseLang returns the language part of a tag in lower case: "nl" for
// "nl-BE", "" for "".
func baseLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

// languageOf returns the word lists for a language code: Dutch for "nl",
// English for everything else.
func languageOf(code string) *language {
	if code == "nl" {
		return nl
	}
	return en
}

// Worst returns the most severe hint's severity and false when there are no hints.
func (r *Report) Worst() (Severity, bool) {
	if len(r.Hints) == 0 {
		return Info, false
	}
	return r.Hints[0].Severity, true
}

func (r *Report) sort() {
	slices.SortStableFunc(r.Hints, func(a, b Hint) int {
		if c := cmp.Compare(b.Severity, a.Severity); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Line, b.Line); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}
