package hints

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// FuzzAnalyze feeds arbitrary Markdown to Analyze: it must not panic, and
// its figures must stay in range with lines inside the file.
func FuzzAnalyze(f *testing.F) {
	f.Add([]byte(easy), "en", 1)
	f.Add([]byte("# Kop\n\nDit werd gedaan. Bijv. zo... En toen?\n\n- lijst\n\n![](x.png)"), "nl", 3)
	f.Add([]byte("```\ncode\n```\n\n<div>html</div>\n\n`x`. e.g. 3.5 etc. Dr. J. Smith."), "en", 2)
	f.Add([]byte("我们写博客。你读它吗？"), "zh", 1)
	f.Add([]byte("> quote\n>\n> - [link](/a/)\n\n| a | b |\n|---|---|\n| c | d |\n\n[^1]: note"), "en", 7)
	f.Add([]byte("İstanbul İİİ. Ǆ. ß"), "en", 1)
	f.Add([]byte("# t\n\nMore in <a href=\"/x/\">x</a> and <A HREF='/y/'>y</a>.\n\n<p><a href=/z/>z</a></p>\n\nFoto: Jan"), "", 1)
	f.Add([]byte("Een \"zin\" -- met 'quotes'... En nog één.\nTweede regel\nDerde regel\n\nVoel je vrij!"), "nl-BE", 4)
	f.Fuzz(func(t *testing.T, body []byte, lang string, bodyLine int) {
		bodyLine = bodyLine%1000 + 1
		if bodyLine < 1 {
			bodyLine = 1
		}
		r := Analyze(Input{Body: body, Lang: lang, BodyLine: bodyLine, Title: "t"}, DefaultThresholds())
		m := r.Metrics
		lastLine := bodyLine + strings.Count(string(body), "\n")
		for _, p := range []float64{m.LongSentencesPct, m.PassivePct, m.TransitionPct, m.Flesch} {
			if p < 0 || p > 100 {
				t.Fatalf("metric out of range: %+v", m)
			}
		}
		if m.ReaderFocus < 0 || m.ReaderFocus > 1 || m.Sentences > m.Words && m.Words > 0 {
			t.Fatalf("bad metrics %+v", m)
		}
		for _, h := range r.Hints {
			if h.Line < 1 || h.Line > lastLine {
				t.Fatalf("hint %s line %d outside 1..%d", h.ID, h.Line, lastLine)
			}
			if !utf8.ValidString(h.Message) && utf8.Valid(body) {
				t.Fatalf("invalid message %q", h.Message)
			}
			for _, p := range h.Passages {
				if p.Start < 0 || p.Start > p.End || p.End > len(body) || p.Line < bodyLine || p.Line > lastLine {
					t.Fatalf("hint %s passage %+v outside the body (%d bytes, lines %d..%d)", h.ID, p, len(body), bodyLine, lastLine)
				}
			}
		}
		for _, l := range r.Links {
			if l.Line < bodyLine || l.Line > lastLine {
				t.Fatalf("link %q line %d outside %d..%d", l.URL, l.Line, bodyLine, lastLine)
			}
		}
	})
}

// TestConcurrent runs Analyze from several goroutines; run with -race.
func TestConcurrent(t *testing.T) {
	ins := []Input{readReference(t, "en-long.md"), readReference(t, "nl-lijdend.md")}
	want := []Report{Analyze(ins[0], DefaultThresholds()), Analyze(ins[1], DefaultThresholds())}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for range 5 {
				r := Analyze(ins[g%2], DefaultThresholds())
				if r.Metrics != want[g%2].Metrics || len(r.Hints) != len(want[g%2].Hints) {
					t.Errorf("goroutine %d: different report", g)
					return
				}
			}
		})
	}
	wg.Wait()
}
