package langdetect

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/abadojack/whatlanggo"
	"golang.org/x/tools/txtar"
)

// labelled is one text of testdata/*.txtar: its file name starts with the
// language it is written in ("nl/vls-frietkot.md" is Flemish, so Dutch).
type labelled struct {
	set, name, want, text string
}

func loadLabelled(t testing.TB) []labelled {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no labelled texts: %v", err)
	}
	var out []labelled
	for _, f := range files {
		a, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range a.Files {
			want, _, ok := strings.Cut(x.Name, "/")
			if !ok {
				t.Fatalf("%s: %s: name it LANG/slug.md", f, x.Name)
			}
			out = append(out, labelled{strings.TrimSuffix(filepath.Base(f), ".txtar"), x.Name, want, string(x.Data)})
		}
	}
	return out
}

// firstWords returns the first n words of s.
func firstWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(n, len(f))], " ")
}

// TestAccuracy reports how many labelled posts Detect gets right, per set
// and in all, and fails below 95 % on posts of 100 words or more. The
// figures for the first 20 and 50 words of each post are logged as well:
// they say how far a short text can be trusted.
func TestAccuracy(t *testing.T) {
	texts := loadLabelled(t)
	if len(texts) < 40 {
		t.Fatalf("%d labelled texts, want at least 40", len(texts))
	}
	type tally struct{ ok, n int }
	perSet := map[string]*tally{}
	var all tally
	for _, x := range texts {
		if n := len(strings.Fields(x.text)); n < 100 {
			t.Errorf("%s has %d words: the labelled posts have 100 or more", x.name, n)
		}
		got, conf := Detect(x.text)
		s := perSet[x.set]
		if s == nil {
			s = &tally{}
			perSet[x.set] = s
		}
		s.n++
		all.n++
		if got == x.want {
			s.ok++
			all.ok++
		} else {
			t.Logf("miss: %s detected as %s (confidence %.2f)", x.name, got, conf)
		}
	}
	var sets []string
	for k := range perSet {
		sets = append(sets, k)
	}
	sort.Strings(sets)
	for _, k := range sets {
		t.Logf("%-8s %2d/%2d", k, perSet[k].ok, perSet[k].n)
	}
	pct := 100 * float64(all.ok) / float64(all.n)
	t.Logf("language accuracy on posts of 100+ words: %d/%d = %.1f%%", all.ok, all.n, pct)
	for _, n := range []int{20, 50} {
		ok := 0
		for _, x := range texts {
			if got, _ := Detect(firstWords(x.text, n)); got == x.want {
				ok++
			}
		}
		t.Logf("first %d words only: %d/%d = %.1f%%", n, ok, len(texts), 100*float64(ok)/float64(len(texts)))
	}
	if pct < 95 {
		t.Errorf("accuracy %.1f%%, want at least 95%%", pct)
	}
}

func TestUnknown(t *testing.T) {
	for _, s := range []string{
		"",
		"Hallo daar",
		"func main() { fmt.Println(42) } // 2024-01-01 https://example.com/a?b=c",
		"这是一个用中文写的句子，它没有空格，所以没有办法按单词来判断语言。",
		"Привет, это текст на русском языке, и он написан кириллицей для проверки.",
	} {
		if got, conf := Detect(s); got != Unknown {
			t.Errorf("Detect(%q) = %s (%.2f), want %s", s, got, conf, Unknown)
		}
	}
}

func TestConfidence(t *testing.T) {
	for _, x := range loadLabelled(t)[:5] {
		got, conf := Detect(x.text)
		if got != Unknown && (conf < MinConfidence || conf > 1) {
			t.Errorf("%s: confidence %.2f outside [%.1f, 1]", x.name, conf, MinConfidence)
		}
	}
}

// TestMarkupIgnored checks that code, numbers and URLs left in the text do
// not outvote the prose around them.
func TestMarkupIgnored(t *testing.T) {
	prose := "Ik schrijf elke week een stuk over de tuin en over wat daar groeit, bloeit en soms ook weer verdwijnt."
	noise := strings.Repeat("{{ .Title }} <p class=\"x\"> 42 3.14 2024-01-02 https://example.com/posts/one/ fmt.Println(x) a_b ", 6)
	if got, conf := Detect(noise + prose + " " + noise); got != "nl" {
		t.Errorf("Dutch prose between code: %s (%.2f), want nl", got, conf)
	}
}

func TestSample(t *testing.T) {
	text := ""
	for i := range 200 {
		text += fmt.Sprintf("w%c ", 'a'+rune(i%26))
	}
	s, n := sample(text)
	if n != windows*windowWords || len(strings.Fields(s)) != n {
		t.Errorf("sample of a long text has %d words (%q), want %d", n, s, windows*windowWords)
	}
	if s, n := sample("one two three"); n != 3 || strings.TrimSpace(s) != "one two three" {
		t.Errorf("short text sample = %q, %d", s, n)
	}
	if _, n := sample("x1 2024 <p> {{ .Title }} ... -- 'quoted' (zoals)"); n != 3 {
		t.Errorf("sample kept %d words of markup and numbers, want 3 (Title, quoted, zoals)", n)
	}
}

func FuzzDetect(f *testing.F) {
	f.Add("Dit is een gewone Nederlandse zin met genoeg woorden om te meten.")
	f.Add("\xff\xfe broken ’ – … «» utf-8 \x00")
	f.Add(strings.Repeat("a ", 40))
	f.Fuzz(func(t *testing.T, s string) {
		lang, conf := Detect(s)
		if conf < 0 || conf > 1 {
			t.Errorf("confidence %v", conf)
		}
		if lang != Unknown && !strings.Contains(strings.Join(Languages(), " "), lang) {
			t.Errorf("language %q not in Languages()", lang)
		}
	})
}

// BenchmarkDetect measures Detect on the labelled posts; BenchmarkWhole is
// the detector on the whole text, the cost the sample saves.
func BenchmarkDetect(b *testing.B) {
	texts := loadLabelled(b)
	long := strings.Repeat(texts[0].text+"\n\n", 8) // a post of about 1000 words
	b.Run("post", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			Detect(texts[i%len(texts)].text)
			i++
		}
	})
	b.Run("1000words", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Detect(long)
		}
	})
	b.Run("whole1000words", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			whatlanggo.DetectWithOptions(long, options)
		}
	})
}
