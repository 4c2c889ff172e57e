package hints

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// TestAnalyzeAST checks that a tree parsed by a renderer's own goldmark
// setup, with typographic quotes and heading ids, gives the same report as
// Analyze.
func TestAnalyzeAST(t *testing.T) {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	for _, name := range []string{"en-long.md", "en-short.md", "nl-kort.md", "nl-lijdend.md"} {
		in := readReference(t, name)
		in.Body = append(in.Body, []byte("\n\nIt's a \"quoted\" word -- and [a link](/x/) with ![alt](y.png). \"Was it written by them?\" It was written by us, and it was read by many.\n")...)
		want := Analyze(in, DefaultThresholds())
		got := AnalyzeAST(in, md.Parser().Parse(text.NewReader(in.Body)), DefaultThresholds())
		if got.Metrics != want.Metrics {
			t.Errorf("%s: metrics\n got %+v\nwant %+v", name, got.Metrics, want.Metrics)
		}
		if len(got.Hints) != len(want.Hints) || len(got.Links) != len(want.Links) {
			t.Errorf("%s: %d hints, %d links; want %d, %d", name, len(got.Hints), len(got.Links), len(want.Hints), len(want.Links))
			continue
		}
		// Typographic quotes change the text but not where a passage
		// sits in the source.
		for i, h := range got.Hints {
			for k, p := range h.Passages {
				w := want.Hints[i].Passages[k]
				if p.Start != w.Start || p.End != w.End || p.Line != w.Line {
					t.Errorf("%s: %s passage %d at %d-%d line %d, want %d-%d line %d", name, h.ID, k, p.Start, p.End, p.Line, w.Start, w.End, w.Line)
				}
			}
		}
	}
}
