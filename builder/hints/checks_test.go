package hints

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/tools/txtar"
)

const (
	okTitle = "Write for one reader"
	okDesc  = "How to write a post that one real reader finishes: short sentences, a clear opening, questions and a next step at the end of it."
)

// repeat joins n copies of s with spaces.
func repeat(s string, n int) string { return strings.TrimSpace(strings.Repeat(s+" ", n)) }

// easy is a paragraph of short, plain, varied sentences that trigger no
// readability hint: 10 sentences, 60 words.
const easy = "You write for one reader. So keep it short. Then she reads on. Your post gives her one idea. " +
	"Because of that, she stays. First you name her problem. After that you show the fix. " +
	"A good example helps her see it. However, do not lecture her. In short, you talk with her."

// easyNL is easy in Dutch.
const easyNL = "Je schrijft voor één lezer. Dus houd het kort. Dan leest ze door. Je stuk geeft haar één idee. " +
	"Daardoor blijft ze. Eerst noem je haar probleem. Daarna laat je de oplossing zien. " +
	"Een goed voorbeeld helpt haar om het te zien. Maar geef haar geen les. Kortom, je praat met haar."

func ids(r Report) []string {
	var out []string
	for _, h := range r.Hints {
		out = append(out, h.ID)
	}
	return out
}

func TestHints(t *testing.T) {
	long := repeat(easy, 6) // 360 words in one paragraph
	tests := []struct {
		id   string
		in   Input
		th   func(*Thresholds)
		want bool
		line int // expected line when want, 0 to skip
	}{
		{id: "short-post", in: Input{Body: []byte(easy)}, want: true, line: 1},
		{id: "short-post", in: Input{Body: []byte(repeat(easy+"\n\n", 6))}, want: false},
		{id: "title-missing", in: Input{Title: " ", Body: []byte(easy)}, want: true, line: 1},
		{id: "title-missing", in: Input{Title: okTitle, Body: []byte(easy)}, want: false},
		{id: "title-length", in: Input{Title: strings.Repeat("a", 61), Body: []byte(easy)}, want: true},
		{id: "title-length", in: Input{Title: strings.Repeat("é", 60), Body: []byte(easy)}, want: false},
		{id: "description-missing", in: Input{Body: []byte(easy)}, want: true},
		{id: "description-missing", in: Input{Description: okDesc, Body: []byte(easy)}, want: false},
		{id: "description-length", in: Input{Description: "Too short.", Body: []byte(easy)}, want: true},
		{id: "description-length", in: Input{Description: okDesc + strings.Repeat("x", 40), Body: []byte(easy)}, want: true},
		{id: "description-length", in: Input{Description: okDesc, Body: []byte(easy)}, want: false},
		{id: "flesch", in: Input{Body: []byte(repeat("Comprehensive organisational documentation facilitates considerably improved communication. ", 8))}, want: true},
		{id: "flesch", in: Input{Body: []byte(easy)}, want: false},
		{id: "long-sentences", in: Input{Body: []byte("Short one here.\n\n" + repeat("This sentence keeps on going with many small words so that it is longer than twenty words in total, you see.", 5)), BodyLine: 10}, want: true, line: 12},
		{id: "long-sentences", in: Input{Body: []byte(easy)}, want: false},
		{id: "passive-voice", in: Input{Body: []byte(easy + "\n\nThe post was written by me. The draft was read by her. It was published on Monday.")}, want: true, line: 3},
		{id: "passive-voice", in: Input{Body: []byte(easy)}, want: false},
		{id: "transition-words", in: Input{Body: []byte(repeat("You write a post. She reads it. The sun shines on the page. Her coffee gets cold.", 4))}, want: true},
		{id: "transition-words", in: Input{Body: []byte(easy)}, want: false},
		{id: "same-start", in: Input{Body: []byte(easy + "\n\nMaybe she reads. Maybe she stays. Maybe she replies.")}, want: true, line: 3},
		{id: "same-start", in: Input{Body: []byte(easy + "\n\nMaybe she reads. Maybe she stays.\n\n## Maybe\n\nMaybe she replies.")}, want: false},
		{id: "same-start", in: Input{Body: []byte(easy + "\n\nThe cat reads. The dog stays. The bird replies.")}, want: false},
		{id: "long-paragraph", in: Input{Body: []byte(long)}, want: true, line: 1},
		{id: "long-paragraph", in: Input{Body: []byte(repeat(easy+"\n\n", 6))}, want: false},
		{id: "long-paragraph", in: Input{Body: []byte("- " + long)}, want: false},
		{id: "long-section", in: Input{Body: []byte("## Start\n\n" + repeat(easy+"\n\n", 6)), BodyLine: 4}, want: true, line: 4},
		{id: "long-section", in: Input{Body: []byte(repeat(easy+"\n\n## Part\n\n", 6))}, want: false},
		{id: "wall-of-text", in: Input{Body: []byte(repeat(easy+"\n\n", 5))}, want: true, line: 1},
		{id: "wall-of-text", in: Input{Body: []byte(repeat(easy+"\n\n- a list\n\n", 5))}, want: false},
		{id: "wall-of-text", in: Input{Body: []byte(repeat(easy+"\n\n![a photo](p.jpg)\n\n", 5))}, want: false},
		{id: "long-hook", in: Input{Body: []byte("## Intro\n\n" + repeat(easy, 2) + "\n\n" + easy)}, want: true, line: 3},
		{id: "long-hook", in: Input{Body: []byte("Short start.\n\n" + long)}, want: false},
		{id: "image-alt", in: Input{Body: []byte(easy + "\n\n![](chart.png)"), BodyLine: 5}, want: true, line: 7},
		{id: "image-alt", in: Input{Body: []byte(easy + "\n\n![a bar chart](chart.png)")}, want: false},
		{id: "reader-focus", in: Input{Body: []byte(repeat("We built it. Our team likes it. I think my work is good. You may like it.", 2))}, want: true},
		{id: "reader-focus", in: Input{Body: []byte(easy + " We like it.")}, want: false},
		{id: "reader-focus", in: Input{Lang: "nl", Body: []byte("Wij bouwden het. Onze site is snel. Ik vind mijn werk goed. Wij zijn trots op ons team.")}, want: true},
		{id: "reader-focus", in: Input{Lang: "nl", Body: []byte("Je leest dit. Jij weet het. Jouw lezer wacht. Ik help je. U kunt het.")}, want: false},
		{id: "no-question", in: Input{Body: []byte(repeat(easy+"\n\n", 12))}, want: true},
		{id: "no-question", in: Input{Body: []byte(repeat(easy+"\n\n", 12) + "\n\nWhat do you think?")}, want: false},
		{id: "no-question", in: Input{Body: []byte(repeat(easy+"\n\n", 4))}, want: false},
		{id: "no-cta", in: Input{Body: []byte(easy + "\n\nThe end is near.")}, want: true, line: 3},
		{id: "no-cta", in: Input{Body: []byte(easy + "\n\nWhat do you think?")}, want: false},
		{id: "no-cta", in: Input{Body: []byte(easy + "\n\nSee [the next post](/posts/next/).")}, want: false},
		{id: "no-cta", in: Input{Body: []byte(easy + "\n\nSubscribe to get the next one.")}, want: false},
		{id: "no-cta", in: Input{Lang: "nl", Body: []byte(easy + "\n\nSchrijf je in voor de nieuwsbrief.")}, want: false},
		{id: "no-cta", in: Input{Lang: "nl", Body: []byte(easy + "\n\nDat was het.")}, want: true},
		{id: "no-cta", in: Input{Body: []byte(easy + "\n\n- Reply to this post")}, want: false},
		// List items are no sentences in a row, a leading "# Title" is no
		// subheading, one long stretch gets one hint.
		{id: "same-start", in: Input{Body: []byte(easy + "\n\n- Prof. Jansen leads.\n- Prof. Smit follows.\n- Prof. de Vries writes.\n- Prof. Bakker reads.")}, want: false},
		{id: "same-start", in: Input{Body: []byte(easy + "\n\nMaybe she reads.\n\n- a list\n\nMaybe she stays. Maybe she replies.")}, want: false},
		{id: "same-start", in: Input{Body: []byte(easy + "\n\nMaybe she reads. MAYBE she stays. Maybe she replies.")}, want: true},
		{id: "wall-of-text", in: Input{Body: []byte("## Start\n\n" + repeat(easy+"\n\n", 6))}, want: false},
		{id: "long-section", in: Input{Body: []byte(repeat(easy+"\n\n", 5) + "Short one.\n\n" + repeat(easy+"\n\n", 2))}, want: true, line: 1},
		{id: "wall-of-text", in: Input{Body: []byte(repeat("Is this a question you ask yourself every single morning?\n\n", 30))}, want: false},
		{id: "wall-of-text", in: Input{Body: []byte(repeat("Jan de Vries\nPiet Jansen\nKlaas Bakker\nAnna Smit\n\n", 20))}, want: false},
		{id: "long-paragraph", in: Input{Body: []byte(repeat("Wat maakt een goede tekst eigenlijk zo goed?\n", 40))}, want: false},
		{id: "title-missing", in: Input{Title: "my-first-post", TitleEmpty: true, Body: []byte(easy)}, want: true, line: 1},
		{id: "title-missing", in: Input{Title: "Write for one reader", TitleEmpty: true, Body: []byte("# Write for one reader\n\n" + easy)}, want: false},
		{id: "no-cta", in: Input{Body: []byte(easy + "\n\nMore in <a href=\"/posts/next/\">the next post</a>.")}, want: false},
		{id: "no-cta", in: Input{Body: []byte(easy + "\n\nThe end is near.\n\n<p>See <a href='/posts/next/'>the next post</a>.</p>")}, want: false},
		{id: "no-cta", in: Input{Body: []byte(easy + "\n\nWhat do you think?\n\nPhoto: Jan Visser")}, want: false},
		{id: "no-cta", in: Input{Body: []byte(easy + "\n\nThe end is near.\n\nPhoto: [Jan Visser](https://example.com/jan)")}, want: true, line: 3},
		{id: "lang-mismatch", in: Input{Lang: "en", Body: []byte(repeat("Dit is een stuk in het Nederlands, geschreven voor lezers die graag korte zinnen lezen.", 3))}, want: true, line: 1},
		{id: "lang-mismatch", in: Input{Lang: "nl", Body: []byte(repeat("Dit is een stuk in het Nederlands, geschreven voor lezers die graag korte zinnen lezen.", 3))}, want: false},
		{id: "lang-mismatch", in: Input{Body: []byte(repeat("Dit is een stuk in het Nederlands, geschreven voor lezers die graag korte zinnen lezen.", 3))}, want: false},
		// Zero thresholds and the disable list switch checks off.
		{id: "short-post", in: Input{Body: []byte(easy)}, th: func(t *Thresholds) { t.MinWords = 0 }, want: false},
		{id: "flesch", in: Input{Body: []byte(repeat("Comprehensive organisational documentation facilitates considerably improved communication. ", 8))}, th: func(t *Thresholds) { t.FleschGood = 0 }, want: false},
		{id: "no-cta", in: Input{Body: []byte(easy + "\n\nThe end is near.")}, th: func(t *Thresholds) { t.Disable = []string{"no-cta"} }, want: false},
	}
	for _, tt := range tests {
		name := tt.id + "/" + map[bool]string{true: "hit", false: "miss"}[tt.want]
		t.Run(name, func(t *testing.T) {
			th := DefaultThresholds()
			if tt.th != nil {
				tt.th(&th)
			}
			r := Analyze(tt.in, th)
			i := slices.IndexFunc(r.Hints, func(h Hint) bool { return h.ID == tt.id })
			if (i >= 0) != tt.want {
				t.Fatalf("hint %s present = %v, want %v; hints %v, metrics %+v", tt.id, i >= 0, tt.want, ids(r), r.Metrics)
			}
			if i < 0 {
				return
			}
			h := r.Hints[i]
			if tt.line != 0 && h.Line != tt.line {
				t.Errorf("line = %d, want %d", h.Line, tt.line)
			}
			if h.Message == "" || h.Fix == "" || strings.Contains(h.Message+h.Fix, "%!") {
				t.Errorf("bad text: %q / %q", h.Message, h.Fix)
			}
		})
	}
}

// TestTitleHeading checks that a leading "# Title" that repeats the title
// is neither a sentence nor a subheading, and that another leading heading
// still is.
func TestTitleHeading(t *testing.T) {
	body := "# Write for one reader\n\n" + easy
	with := Analyze(Input{Title: okTitle, Body: []byte(body)}, DefaultThresholds()).Metrics
	without := Analyze(Input{Title: okTitle, Body: []byte(easy)}, DefaultThresholds()).Metrics
	if with != without {
		t.Errorf("title heading changed the metrics:\n with %+v\n without %+v", with, without)
	}
	other := Analyze(Input{Title: "Another title", Body: []byte(body)}, DefaultThresholds()).Metrics
	if other.Subheadings != 1 || other.Sentences != without.Sentences+1 {
		t.Errorf("a heading that is not the title: %+v", other)
	}
}

// TestDetectedLanguage checks that a post without a language is analysed
// in the language of its text, and that a declared language the text
// plainly contradicts gives way.
func TestDetectedLanguage(t *testing.T) {
	dutch := repeat("Dit is een stuk in het Nederlands, geschreven voor lezers die graag korte zinnen lezen.", 3)
	for _, lang := range []string{"", "en"} {
		r := Analyze(Input{Lang: lang, Body: []byte(dutch)}, DefaultThresholds())
		if r.Lang != "nl" || r.TextLang != "nl" {
			t.Errorf("lang %q: analysed as %q, text %q; want nl", lang, r.Lang, r.TextLang)
		}
	}
	r := Analyze(Input{Lang: "nl-BE", Body: []byte(dutch)}, DefaultThresholds())
	if r.Lang != "nl" || r.TextLang != "" {
		t.Errorf("declared nl-BE: analysed as %q, text %q; want nl without asking the detector", r.Lang, r.TextLang)
	}
	r = Analyze(Input{Lang: "de", Body: []byte(dutch)}, DefaultThresholds())
	if !slices.Contains(ids(r), "lang-mismatch") {
		t.Errorf("declared de on Dutch text: hints %v, want lang-mismatch", ids(r))
	}
}

// TestPassages checks that every passage points at its text in the body.
func TestPassages(t *testing.T) {
	body := "Intro with a [link](/a/) in it.\n\n" +
		"The post was written by me, and *the draft* was read by her on a \"Monday\" in May. It was published the next day.\n\n" +
		"Maybe she reads.\nMaybe she stays. Maybe she replies.\n\n" + easy + "\n\nThe end is near."
	r := Analyze(Input{Title: okTitle, Body: []byte(body), BodyLine: 3}, DefaultThresholds())
	seen := 0
	for _, h := range r.Hints {
		if len(h.Passages) > 0 && (h.Text != h.Passages[0].Text || h.Line != h.Passages[0].Line) {
			t.Errorf("%s: text/line %q/%d differ from its first passage %+v", h.ID, h.Text, h.Line, h.Passages[0])
		}
		for _, p := range h.Passages {
			seen++
			if p.Start < 0 || p.End > len(body) || p.Start >= p.End {
				t.Errorf("%s: passage %+v outside the body", h.ID, p)
				continue
			}
			src := body[p.Start:p.End]
			if first := strings.Fields(p.Text)[0]; !strings.HasPrefix(src, first) {
				t.Errorf("%s: passage starts at %q, want %q", h.ID, src, first)
			}
			if got := 3 + strings.Count(body[:p.Start], "\n"); got != p.Line {
				t.Errorf("%s: passage %q on line %d, says %d", h.ID, p.Text, got, p.Line)
			}
		}
	}
	if seen == 0 {
		t.Fatalf("no passages in hints %v", ids(r))
	}
	want := map[string]string{
		"passive-voice": "The post was written by me, and *the draft* was read by her on a \"Monday\" in May.",
		"same-start":    "Maybe she reads.",
		"no-cta":        "The end is near.",
	}
	for _, h := range r.Hints {
		if w, ok := want[h.ID]; ok {
			if got := body[h.Passages[0].Start:h.Passages[0].End]; got != w {
				t.Errorf("%s: passage is %q, want %q", h.ID, got, w)
			}
			delete(want, h.ID)
		}
	}
	if len(want) > 0 {
		t.Errorf("hints missing: %v (got %v)", want, ids(r))
	}
}

// TestQuotedAsWritten checks that a repeated opening is quoted with the
// case the writer typed, not lowered.
func TestQuotedAsWritten(t *testing.T) {
	r := Analyze(Input{Lang: "nl", Body: []byte(easyNL + "\n\nDe kat leest. De kat slaapt. De kat eet.")}, DefaultThresholds())
	for _, h := range r.Hints {
		if h.ID == "same-start" {
			if !strings.Contains(h.Message, `"De kat"`) || !strings.HasPrefix(h.Message, "Deze drie zinnen") {
				t.Errorf("same-start message %q, want \"De kat\" quoted and the count in words", h.Message)
			}
			return
		}
	}
	t.Errorf("no same-start in %v", ids(r))
}

func TestLinkHints(t *testing.T) {
	in := Input{Lang: "nl", Title: okTitle, Body: []byte("Lees [dit](/posts/a/) en <https://example.com>.\n\nEn [dat](../b/).")}
	r := Analyze(in, DefaultThresholds())
	want := []Link{{"/posts/a/", 1}, {"https://example.com", 1}, {"../b/", 3}}
	if !slices.Equal(r.Links, want) {
		t.Errorf("links = %v, want %v", r.Links, want)
	}
	r.AddLinkHints(0, 0, DefaultThresholds())
	if got := ids(r); !slices.Contains(got, "no-internal-link") || !slices.Contains(got, "orphan") {
		t.Errorf("hints %v miss no-internal-link or orphan", got)
	}
	if r.Metrics.InternalLinks != 0 || r.Metrics.InboundLinks != 0 {
		t.Errorf("metrics %+v", r.Metrics)
	}
	for _, h := range r.Hints {
		if h.ID == "orphan" && !strings.Contains(h.Message, "stuk") {
			t.Errorf("orphan message not in Dutch: %q", h.Message)
		}
	}
	r = Analyze(in, DefaultThresholds())
	r.AddLinkHints(2, 1, DefaultThresholds())
	if got := ids(r); slices.Contains(got, "no-internal-link") || slices.Contains(got, "orphan") {
		t.Errorf("hints %v, want no link hints", got)
	}
	if r.Metrics.InternalLinks != 2 || r.Metrics.InboundLinks != 1 {
		t.Errorf("metrics %+v", r.Metrics)
	}
}

// TestMessages writes every hint in both languages with the counts the
// checks pass, small and large, and holds the text to an editor's rules:
// no format mistakes, no sentence that opens with a figure.
func TestMessages(t *testing.T) {
	samples := [][]any{
		{0, 0}, {1, 1}, {2, 3}, {21, 300}, {0.0, 30.0}, {42.5, 25.0}, {42.5, 20, 25.0},
		{3, "Maybe"}, {0, 1, 2}, {200, 120, 156}, {100, 120, 156}, {"chart.png"}, {""}, {"bestand"},
		{"Dutch", "English", "nl", "en"},
	}
	for _, id := range IDs() {
		m, _ := textsOf(id)
		for _, say := range []say{m.en, m.nl} {
			for _, a := range samples {
				got := tryMessage(say, a)
				if got == nil {
					continue // these arguments are not this hint's
				}
				for _, s := range []string{got.msg, got.fix} {
					if strings.TrimSpace(s) == "" || strings.Contains(s, "%!") {
						t.Errorf("%s %v: bad text %q", id, a, s)
					}
					for _, sentence := range strings.SplitAfter(s, ". ") {
						if c := strings.TrimSpace(sentence); c != "" && c[0] >= '0' && c[0] <= '9' {
							t.Errorf("%s %v: sentence starts with a figure: %q", id, a, c)
						}
					}
				}
			}
		}
	}
	if len(IDs()) != len(messages)+len(subjectMessages) || !slices.IsSorted(IDs()) {
		t.Errorf("IDs() = %v", IDs())
	}
}

// tryMessage formats a message with arguments that may not fit it, and
// returns nil when they do not.
func tryMessage(say say, a []any) (m *msgText) {
	defer func() {
		if recover() != nil {
			m = nil
		}
	}()
	got := say(args(a))
	return &got
}

func TestNoHintsIsEmptyList(t *testing.T) {
	th := DefaultThresholds()
	th.Disable = IDs()
	b, err := json.Marshal(Analyze(Input{Body: []byte(easy)}, th))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"hints":[]`) {
		t.Errorf("json = %s, want \"hints\":[]", b)
	}
}

func TestSeverityJSON(t *testing.T) {
	b, err := json.Marshal(Hint{ID: "x", Severity: Warn, Line: 3})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":"x","severity":"warn","line":3,"message":"","fix":""}`; string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	var h Hint
	if err := json.Unmarshal(b, &h); err != nil || h.Severity != Warn {
		t.Errorf("unmarshal: %v %v", h.Severity, err)
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Error("ParseSeverity(fatal) gave no error")
	}
}

func TestValidate(t *testing.T) {
	if err := DefaultThresholds().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	bad := []func(*Thresholds){
		func(t *Thresholds) { t.FleschPoor = 70 },
		func(t *Thresholds) { t.PassivePoorPct = 5 },
		func(t *Thresholds) { t.MinWords = -1 },
		func(t *Thresholds) { t.ReaderFocusMin = 2 },
		func(t *Thresholds) { t.Disable = []string{"no-such-hint"} },
	}
	for i, f := range bad {
		th := DefaultThresholds()
		f(&th)
		if err := th.Validate(); err == nil || !strings.Contains(err.Error(), "hints.") {
			t.Errorf("case %d: err = %v, want an error naming the key", i, err)
		}
	}
	th := DefaultThresholds()
	th.FleschGood, th.FleschPoor = 0, 0
	if err := th.Validate(); err != nil {
		t.Errorf("switched-off check: %v", err)
	}
}

func TestSortedWorstFirst(t *testing.T) {
	r := Analyze(Input{Body: []byte(easy + "\n\n![](x.png)\n\nThe end.")}, DefaultThresholds())
	if len(r.Hints) < 2 || r.Hints[0].ID != "title-missing" && r.Hints[0].Severity != Error {
		t.Fatalf("hints %v", ids(r))
	}
	for i := 1; i < len(r.Hints); i++ {
		a, b := r.Hints[i-1], r.Hints[i]
		if a.Severity < b.Severity || a.Severity == b.Severity && a.Line > b.Line {
			t.Errorf("hint %d (%s %v line %d) before %s %v line %d", i, a.ID, a.Severity, a.Line, b.ID, b.Severity, b.Line)
		}
	}
}

// TestLanguageConfirmed runs the labelled posts of package langdetect
// through Analyze: a Dutch or English post declared in its own language is
// confirmed by its own words without asking the detector, and one declared
// in the other language is analysed in its own with lang-mismatch.
func TestLanguageConfirmed(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "langdetect", "testdata", "*.txtar"))
	if len(files) == 0 {
		t.Skip("no labelled posts in ../langdetect/testdata")
	}
	confirmed, n := 0, 0
	for _, f := range files {
		a, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range a.Files {
			want, _, _ := strings.Cut(x.Name, "/")
			if want != "nl" && want != "en" {
				continue
			}
			n++
			r := Analyze(Input{Title: okTitle, Lang: want, Body: x.Data}, DefaultThresholds())
			if r.TextLang == "" {
				confirmed++
			}
			if r.Lang != want || slices.Contains(ids(r), "lang-mismatch") {
				t.Errorf("%s declared %s: analysed as %s, hints %v", x.Name, want, r.Lang, ids(r))
			}
			other := map[string]string{"nl": "en", "en": "nl"}[want]
			r = Analyze(Input{Title: okTitle, Lang: other, Body: x.Data}, DefaultThresholds())
			if r.Lang != want || !slices.Contains(ids(r), "lang-mismatch") {
				t.Errorf("%s declared %s: analysed as %s, hints %v; want %s and lang-mismatch", x.Name, other, r.Lang, ids(r), want)
			}
		}
	}
	t.Logf("declared language confirmed without the detector on %d of %d posts", confirmed, n)
	if confirmed < n*9/10 {
		t.Errorf("confirmed %d of %d, want nine in ten", confirmed, n)
	}
}

// TestReportOwnsItsTexts checks that the texts a report quotes are held in
// one block of their own size, each once, and not as slices of the whole
// prose of the post, which a site's build would keep for every post.
func TestReportOwnsItsTexts(t *testing.T) {
	long := repeat("This sentence goes on and on with many words that a reader has to keep in mind", 3) + "."
	body := "The post was written by me and it was read by her on a Monday in May. " + long + "\n\n" +
		repeat(easy, 4) + "\n\n" + long + "\n\nThe end is near."
	r := Analyze(Input{Title: okTitle, Body: []byte(body), BodyLine: 3}, DefaultThresholds())
	uniq := map[string]bool{}
	lo, hi := uintptr(0), uintptr(0)
	n := 0
	note := func(s string) {
		if s == "" {
			return
		}
		n++
		uniq[s] = true
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		if lo == 0 || p < lo {
			lo = p
		}
		hi = max(hi, p+uintptr(len(s)))
	}
	for _, h := range r.Hints {
		note(h.Text)
		for _, p := range h.Passages {
			note(p.Text)
		}
	}
	size := 0
	for s := range uniq {
		size += len(s)
	}
	if n < 3 || len(uniq) == n {
		t.Fatalf("%d texts, %d different, in hints %v: the test needs several, some of them the same", n, len(uniq), ids(r))
	}
	if got := int(hi - lo); got != size {
		t.Errorf("the texts span %d bytes of memory, want %d: the %d different texts, each once", got, size, len(uniq))
	}
	if cap(r.Links) != len(r.Links) {
		t.Errorf("links: capacity %d for %d", cap(r.Links), len(r.Links))
	}
}
