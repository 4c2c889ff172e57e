package hints

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// yoastFigures are the figures testdata/yoast-measure.js printed for one
// reference text.
type yoastFigures struct {
	Lang                  string  `json:"lang"`
	Flesch                float64 `json:"flesch"`
	Sentences             int     `json:"sentences"`
	LongSentencesPct      float64 `json:"long_sentences_pct"`
	LongestParagraphWords int     `json:"longest_paragraph_words"`
	PassivePct            float64 `json:"passive_pct"`
	TransitionPct         float64 `json:"transition_pct"`
}

// readReference loads a reference text. Its first line is the "# Title",
// and it stays in the body, as in a post whose title is its leading
// heading: kopij must leave it out, as Yoast (given the body without it)
// does.
func readReference(t testing.TB, name string) Input {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "reference", name))
	if err != nil {
		t.Fatal(err)
	}
	title, _, _ := bytes.Cut(data, []byte("\n"))
	lang := "en"
	if strings.HasPrefix(name, "nl") {
		lang = "nl"
	}
	return Input{File: name, Title: strings.TrimPrefix(string(title), "# "), Lang: lang, Body: data, BodyLine: 1}
}

// TestYoastAgreement checks that kopij's readability figures stay within
// the promised distance of Yoast's on the same text.
func TestYoastAgreement(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "reference", "reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]yoastFigures
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) < 10 {
		t.Fatalf("reference.json has %d texts, want at least 10", len(want))
	}
	for name, y := range want {
		t.Run(name, func(t *testing.T) {
			m := Analyze(readReference(t, name), DefaultThresholds()).Metrics
			t.Logf("%s: flesch %.1f/%.1f sentences %d/%d long %.1f/%.1f paragraph %d/%d passive %.1f/%.1f transition %.1f/%.1f",
				name, m.Flesch, y.Flesch, m.Sentences, y.Sentences, m.LongSentencesPct, y.LongSentencesPct,
				m.LongestParagraphWords, y.LongestParagraphWords, m.PassivePct, y.PassivePct, m.TransitionPct, y.TransitionPct)
			within(t, "flesch", m.Flesch, y.Flesch, 5)
			within(t, "long_sentences_pct", m.LongSentencesPct, y.LongSentencesPct, 5)
			within(t, "longest_paragraph_words", float64(m.LongestParagraphWords), float64(y.LongestParagraphWords), 0.1*float64(y.LongestParagraphWords))
			within(t, "passive_pct", m.PassivePct, y.PassivePct, 10)
			within(t, "transition_pct", m.TransitionPct, y.TransitionPct, 10)
		})
	}
}

func within(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.1f, Yoast says %.1f (tolerance ±%.1f)", name, got, want, tol)
	}
}
