package hints

import (
	"slices"
	"strings"
	"testing"
)

func sentencesOf(text string) []string {
	var out []string
	for _, r := range splitSentences(text, nil) {
		out = append(out, text[r[0]:r[1]])
	}
	return out
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"plain", "One. Two! Three? Four", []string{"One.", "Two!", "Three?", "Four"}},
		{"abbreviation en", "Use a tool, e.g. Hugo or kopij. It works.", []string{"Use a tool, e.g. Hugo or kopij.", "It works."}},
		{"abbreviation i.e.", "Write short, i.e. under twenty words. Then stop.", []string{"Write short, i.e. under twenty words.", "Then stop."}},
		{"abbreviation nl", "Kies een thema, bijv. het standaardthema. Dat werkt.", []string{"Kies een thema, bijv. het standaardthema.", "Dat werkt."}},
		{"o.a.", "Dit geldt o.a. voor blogs. En voor sites.", []string{"Dit geldt o.a. voor blogs.", "En voor sites."}},
		{"title", "Ask Dr. Jansen about it. She knows.", []string{"Ask Dr. Jansen about it.", "She knows."}},
		{"dr. lower", "Vraag het aan dr. Jansen. Zij weet het.", []string{"Vraag het aan dr. Jansen.", "Zij weet het."}},
		{"word abbreviation", "De server loopt vol. Als dat gebeurt, stop. Zie vol. 2 en nr. 3 voor meer.", []string{"De server loopt vol.", "Als dat gebeurt, stop.", "Zie vol. 2 en nr. 3 voor meer."}},
		{"initial", "J. Smith wrote it. Read it.", []string{"J. Smith wrote it.", "Read it."}},
		{"decimal", "It grew by 3.5 percent. Nice.", []string{"It grew by 3.5 percent.", "Nice."}},
		{"decimal comma", "Het groeide 3,5 procent. Mooi.", []string{"Het groeide 3,5 procent.", "Mooi."}},
		{"domain", "Visit example.com today. Or not.", []string{"Visit example.com today.", "Or not."}},
		{"ellipsis lower", "Well... that was odd. Next.", []string{"Well... that was odd.", "Next."}},
		{"ellipsis upper", "Wait... Then it came.", []string{"Wait...", "Then it came."}},
		{"unicode ellipsis", "Wacht… Toen kwam het.", []string{"Wacht…", "Toen kwam het."}},
		{"quote after stop", `He said "stop." Then he left.`, []string{`He said "stop."`, "Then he left."}},
		{"curly quotes", "Ze zei: „Kom.” Daarna ging ze.", []string{"Ze zei: „Kom.”", "Daarna ging ze."}},
		{"question in quote", `"Why?" she asked. "Because."`, []string{`"Why?"`, "she asked.", `"Because."`}},
		{"etc end", "Posts, tags, etc. The rest waits.", []string{"Posts, tags, etc.", "The rest waits."}},
		{"etc middle", "Posts, tags, etc. are built.", []string{"Posts, tags, etc. are built."}},
		{"lower after stop", "It ends here. and goes on", []string{"It ends here. and goes on"}},
		{"multiple marks", "Really?! Yes.", []string{"Really?!", "Yes."}},
		{"number start", "It failed. 3 times, even.", []string{"It failed.", "3 times, even."}},
		{"cjk", "我们写博客。你读它。", []string{"我们写博客。", "你读它。"}},
		{"only punctuation", "... !!", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sentencesOf(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("split %q\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := map[string][]string{
		"you're right, aren't you?": {"you're", "right", "aren't", "you"},
		"we’ll see":                 {"we’ll", "see"},
		"alleen-lezen modus":        {"alleen-lezen", "modus"},
		"3.5 percent -- well":       {"3", "5", "percent", "well"},
		"geïnformeerd café":         {"geïnformeerd", "café"},
		"博客 ok":                     {"博", "客", "ok"},
		"- list item":               {"list", "item"},
	}
	for in, want := range tests {
		var got []string
		words(in, func(w string, _ bool) { got = append(got, w) })
		if !slices.Equal(got, want) {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPassive(t *testing.T) {
	tests := []struct {
		lang    *language
		text    string
		passive bool
	}{
		{en, "The archive was moved last spring.", true},
		{en, "The post is written by a guest.", true},
		{en, "Mistakes were made.", true},
		{en, "The files are being copied.", true},
		{en, "It has been done before.", true},
		{en, "The door was never opened again.", true},
		{en, "The rows were carefully repaired by hand.", true},
		{en, "The cat got caught in the rain.", true},
		{en, "We moved the archive last spring.", false},
		{en, "She is a writer.", false},
		{en, "The team is ready for the move.", false},
		{en, "There is a need for speed.", false},
		{en, "He was red with anger.", false},
		{en, "I was there when it happened.", false},
		{nl, "De site werd op een zaterdag verhuisd.", true},
		{nl, "Het probleem werd door een ontwikkelaar opgelost.", true},
		{nl, "De pagina's worden elke nacht gecontroleerd.", true},
		{nl, "Er wordt veel geschreven over bloggen.", true},
		{nl, "Het boek is in 2020 geschreven.", true},
		{nl, "Er werd besloten dat alles mee ging.", true},
		{nl, "Het archief werd meegenomen.", true},
		{nl, "De bezoekers werden bij de deur tegengehouden.", true},
		{nl, "De oude versie wordt teruggezet.", true},
		{nl, "De tekst is opgelost in het niets.", true},
		{nl, "We verhuisden de site op zaterdag.", false},
		{nl, "Hij is naar huis gegaan.", false},
		{nl, "Zij heeft het boek geschreven, en dat is mooi.", false},
		{nl, "Je wordt er blij van.", false},
		{nl, "Het is een goed idee.", false},
		{nl, "Ze was gisteren jarig.", false},
		{nl, "Van al dat gepraat is niemand beter geworden.", false},
		{nl, "Het gepraat was niet van de lucht.", false},
		{nl, "Dat is iets waar je vriend mee gebaat is.", false},
		{nl, "Ik ben geïnteresseerd in je verhaal.", false},
		{nl, "Er is veel gepraat over de nieuwe wet.", false},
		{nl, "Dit is een gelegenheid om te leren.", false},
		{nl, "Het wordt een bekend verhaal.", false},
		{nl, "Zijn geest was ergens anders.", false},
		{nl, "Ze zei dat het hek was dicht toen ik opgestaan was.", false},
		{nl, "Er werd veel gepraat over de nieuwe wet.", true},
		{nl, "Het huis is door de storm beschadigd.", true},
		{nl, "Hij vertelde dat het huis werd verkocht.", true},
		{nl, "Omdat de brief te laat werd verstuurd, kwam hij niet.", true},
	}
	for _, tt := range tests {
		var ws []string
		words(strings.ToLower(tt.text), func(w string, _ bool) { ws = append(ws, w) })
		if got := tt.lang.passive(ws); got != tt.passive {
			t.Errorf("%s passive(%q) = %v, want %v", tt.lang.code, tt.text, got, tt.passive)
		}
	}
}

// TestTransitionCoverage keeps the English list at least as long as
// Yoast's, which has over 300 single and multi-word entries.
func TestTransitionCoverage(t *testing.T) {
	if n := len(enTransitions); n < 300 {
		t.Errorf("%d English transition entries, want at least 300", n)
	}
	seen := map[string]bool{}
	for _, p := range enTransitions {
		if seen[p] {
			t.Errorf("%q listed twice", p)
		}
		seen[p] = true
	}
}

func TestTransitions(t *testing.T) {
	tests := []struct {
		lang *language
		text string
		want bool
	}{
		{en, "However, it worked.", true},
		{en, "It worked because we tested it.", true},
		{en, "On the other hand, it was slow.", true},
		{en, "Next, add a heading.", true},
		{en, "Read the next post.", false},
		{en, "The other hand held a cup.", false},
		{en, "It worked.", false},
		{en, "After that, nobody asked again.", true},
		{en, "That is, it never ran.", true},
		{en, "It actually ran.", true},
		{en, "Another test failed.", true},
		{en, "Last, publish it.", true},
		{en, "The last test failed.", false},
		{nl, "Daarom werkt het.", true},
		{nl, "Tot slot: publiceer.", true},
		{nl, "Het werkt, maar traag.", true},
		{nl, "Nu werkt het.", true},
		{nl, "Het werkt nu.", false},
		{nl, "Het werkt goed.", false},
	}
	for _, tt := range tests {
		var ws []string
		var fs []wordFlag
		words(strings.ToLower(tt.text), func(w string, _ bool) { ws, fs = append(ws, w), append(fs, tt.lang.flags(w)) })
		if got := hasPhrase(ws, fs, tt.lang.transitions); got != tt.want {
			t.Errorf("%s transition(%q) = %v, want %v", tt.lang.code, tt.text, got, tt.want)
		}
	}
}
