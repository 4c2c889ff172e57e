package hints

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// benchPost builds a post of about 1000 words from the reference texts of
// one language, with a list, an image and links added.
func benchPost(b *testing.B, lang string) Input {
	b.Helper()
	names := map[string][]string{
		"en": {"en-short.md", "en-passive.md", "en-long.md"},
		"nl": {"nl-kort.md", "nl-lijdend.md", "nl-lang.md"},
	}[lang]
	var body bytes.Buffer
	for _, n := range names {
		in := readReference(b, n)
		body.Write(in.Body)
		body.WriteString("\n- a list item with a [link](/posts/other/)\n- and a second item\n\n![a chart](chart.png)\n\n")
	}
	in := Input{File: "bench.md", Title: "A post to measure", Description: "d", Lang: lang, Body: body.Bytes(), BodyLine: 5}
	return in
}

func BenchmarkAnalyze(b *testing.B) {
	for _, lang := range []string{"en", "nl"} {
		b.Run(lang, func(b *testing.B) {
			in := benchPost(b, lang)
			th := DefaultThresholds()
			b.SetBytes(int64(len(in.Body)))
			b.ReportAllocs()
			var r Report
			for b.Loop() {
				r = Analyze(in, th)
			}
			b.ReportMetric(float64(r.Metrics.Words), "words")
		})
	}
}

// BenchmarkGoldmark is the yardstick: parsing and rendering the same post
// with goldmark, which every build does anyway. Analyze should cost a small
// fraction of it.
func BenchmarkGoldmark(b *testing.B) {
	in := benchPost(b, "en")
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))
	var out bytes.Buffer
	b.SetBytes(int64(len(in.Body)))
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		if err := md.Convert(in.Body, &out); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseOnly(b *testing.B) {
	in := benchPost(b, "en")
	b.ReportAllocs()
	for b.Loop() {
		parseDoc(in.Body, 1, in.Title)
	}
}

// BenchmarkAnalyzeAST is what the builder pays per post when it hands its
// own parse tree to AnalyzeAST. "detect" is a post without a declared
// language, which pays for language detection too.
func BenchmarkAnalyzeAST(b *testing.B) {
	for _, lang := range []string{"en", "nl", "detect"} {
		b.Run(lang, func(b *testing.B) {
			in := benchPost(b, strings.Replace(lang, "detect", "nl", 1))
			if lang == "detect" {
				in.Lang = ""
			}
			th := DefaultThresholds()
			root := mdParser.Parse(text.NewReader(in.Body))
			b.ReportAllocs()
			for b.Loop() {
				AnalyzeAST(in, root, th)
			}
		})
	}
}
