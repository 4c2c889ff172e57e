package hints

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// wordingCase is one message written with sample values, in one language,
// and the phrases an editor expects in it: the limit stated the way it is
// checked ("at most 60" when 60 is allowed), counts in words up to twenty
// and words from the post quoted as written.
type wordingCase struct {
	en, nl         []any    // the values the check passes, per language
	wantEN, wantNL []string // phrases the message or fix must hold
}

var wordingCases = map[string][]wordingCase{
	"short-post": {{en: []any{58, 300}, nl: []any{58, 300},
		wantEN: []string{"58 words, fewer than 300", "300 words or more"}, wantNL: []string{"58 woorden, minder dan 300", "minstens 300 woorden"}},
		{en: []any{1, 300}, nl: []any{1, 300}, wantEN: []string{"has one word"}, wantNL: []string{"telt één woord"}}},
	"title-missing": {{en: []any{""}, nl: []any{""}, wantEN: []string{"no title"}, wantNL: []string{"geen titel"}},
		{en: []any{"My first post"}, nl: []any{"Mijn eerste stuk"}, wantEN: []string{"is empty", `"My first post"`}, wantNL: []string{"is leeg", `"Mijn eerste stuk"`}}},
	"title-length": {{en: []any{72, 60}, nl: []any{72, 60},
		wantEN: []string{"72 characters", "60 characters or fewer"}, wantNL: []string{"72 tekens", "hooguit 60 tekens"}}},
	"description-missing": {{en: []any{120, 156}, nl: []any{120, 156}, wantEN: []string{"120 to 156 characters"}, wantNL: []string{"120 tot 156 tekens"}}},
	"description-length": {{en: []any{90, 120, 156}, nl: []any{90, 120, 156}, wantEN: []string{"under 120", "120 to 156"}, wantNL: []string{"onder de 120", "120 à 156"}},
		{en: []any{200, 120, 156}, nl: []any{200, 120, 156}, wantEN: []string{"after about 156"}, wantNL: []string{"na ongeveer 156"}}},
	"flesch": {{en: []any{42.0, 60.0}, nl: []any{42.0, 60.0}, wantEN: []string{"60 or more"}, wantNL: []string{"60 of meer"}}},
	"long-sentences": {{en: []any{40.0, 20, 25.0}, nl: []any{40.0, 20, 25.0},
		wantEN: []string{"more than 20 words", "25% at most"}, wantNL: []string{"meer dan 20 woorden", "hooguit 25%"}}},
	"passive-voice":    {{en: []any{30.0, 10.0}, nl: []any{30.0, 10.0}, wantEN: []string{"10% at most"}, wantNL: []string{"hooguit 10%"}}},
	"transition-words": {{en: []any{12.0, 30.0}, nl: []any{12.0, 30.0}, wantEN: []string{"Only 12%", "30% or more"}, wantNL: []string{"Slechts 12%", "30% of meer"}}, {en: []any{0.0, 30.0}, nl: []any{0.0, 30.0}, wantEN: []string{"No sentence"}, wantNL: []string{"Geen enkele zin"}}},
	"same-start": {{en: []any{3, "The Cat"}, nl: []any{3, "De Kat"},
		wantEN: []string{"These three sentences", `"The Cat"`}, wantNL: []string{"Deze drie zinnen", `"De Kat"`}},
		{en: []any{21, "So"}, nl: []any{21, "Dus"}, wantEN: []string{"These 21 sentences"}, wantNL: []string{"Deze 21 zinnen"}}},
	"long-section":   {{en: []any{400, 300}, nl: []any{400, 300}, wantEN: []string{"400 words", "300 at most"}, wantNL: []string{"400 woorden", "hooguit 300"}}},
	"long-paragraph": {{en: []any{180, 150}, nl: []any{180, 150}, wantEN: []string{"180 words", "150 at most"}, wantNL: []string{"180 woorden", "hooguit 150"}}},
	"long-hook":      {{en: []any{90, 60}, nl: []any{90, 60}, wantEN: []string{"90 words", "60 at most"}, wantNL: []string{"90 woorden", "hooguit 60"}}},
	"wall-of-text":   {{en: []any{500, 350}, nl: []any{500, 350}, wantEN: []string{"500 words", "350 at most"}, wantNL: []string{"500 woorden", "hooguit 350"}}},
	"image-alt":      {{en: []any{"chart.png"}, nl: []any{"grafiek.png"}, wantEN: []string{"chart.png"}, wantNL: []string{"grafiek.png"}}},
	"reader-focus": {{en: []any{8, 1}, nl: []any{8, 1}, wantEN: []string{"eight times", "once"}, wantNL: []string{"acht keer", "één keer"}},
		{en: []any{2, 0}, nl: []any{2, 0}, wantEN: []string{"twice", "not once"}, wantNL: []string{"twee keer", "geen enkele keer"}}},
	"no-question": {{en: []any{400}, nl: []any{400}, wantEN: []string{"400 words"}, wantNL: []string{"400 woorden"}}},
	"no-cta":      {{en: []any{}, nl: []any{}, wantEN: []string{"ending"}, wantNL: []string{"slot"}}},
	"no-internal-link": {{en: []any{1, 0}, nl: []any{1, 0}, wantEN: []string{"no other post", "at least one"}, wantNL: []string{"geen enkel ander stuk", "minstens één"}},
		{en: []any{3, 2}, nl: []any{3, 2}, wantEN: []string{"only two other posts", "at least three"}, wantNL: []string{"slechts twee andere stukken", "minstens drie"}}},
	"orphan": {{en: []any{1, 0}, nl: []any{1, 0}, wantEN: []string{"No other post", "at least one"}, wantNL: []string{"Geen enkel ander stuk", "minstens één"}},
		{en: []any{3, 1}, nl: []any{3, 1}, wantEN: []string{"Only one other post"}, wantNL: []string{"Slechts één ander stuk"}},
		{en: []any{3, 2}, nl: []any{3, 2}, wantEN: []string{"Only two other posts"}, wantNL: []string{"Slechts twee andere stukken"}}},
	"lang-mismatch": {{en: []any{"English", "Dutch", "en", "nl"}, nl: []any{"Engels", "Nederlands", "en", "nl"},
		wantEN: []string{"reads as English", "set to Dutch (nl)", "lang: en"}, wantNL: []string{"is Engels", "staat op Nederlands (nl)", "lang: en"}}},
	"subject-empty":  {{en: []any{}, nl: []any{}, wantEN: []string{"no subject"}, wantNL: []string{"geen onderwerp"}}},
	"subject-length": {{en: []any{64, 50}, nl: []any{64, 50}, wantEN: []string{"64 characters", "50 characters or fewer"}, wantNL: []string{"64 tekens", "hooguit 50 tekens"}}},
	"subject-caps":   {{en: []any{}, nl: []any{}, wantEN: []string{"shouts"}, wantNL: []string{"schreeuwt"}}},
	"subject-lang": {{en: []any{"English", "Dutch"}, nl: []any{"Engels", "Nederlands"},
		wantEN: []string{"reads as English", "in Dutch"}, wantNL: []string{"is Engels", "in het Nederlands"}}},
}

// A maximum that is allowed must not be written as if it were not:
// "korter dan 60" when 60 characters pass is "hooguit 60". (A minimum
// that is missed is rightly "fewer than 300": the post has fewer.)
var (
	limitWrongEN = regexp.MustCompile(`(?i)\b(shorter|longer) than \d|\bkeep (it|them) under \d|\bno more than\b`)
	limitWrongNL = regexp.MustCompile(`(?i)\b(korter|langer|kleiner) dan \d|\btot (onder|minder dan) \d|\bniet meer dan\b`)
)

// englishWords are words that give English away in a Dutch message; the
// Dutch messages may use the terms front matter, description, title and
// lang, which are keys a writer types.
var englishWords = map[string]bool{
	"the": true, "and": true, "to": true, "your": true, "you": true, "with": true, "for": true,
	"are": true, "this": true, "that": true, "than": true, "more": true, "words": true, "word": true,
	"post": true, "posts": true, "reader": true, "readers": true, "sentence": true, "sentences": true,
	"at": true, "least": true, "most": true, "aim": true, "has": true, "have": true, "no": true, "not": true,
}

// TestMessageWording writes every message in both languages with sample
// values and checks them as an editor would: no sentence opens with a
// figure, limits are stated as checked, the expected phrases are there,
// and no English slips into Dutch.
func TestMessageWording(t *testing.T) {
	for _, id := range IDs() {
		cases, ok := wordingCases[id]
		if !ok {
			t.Errorf("%s: no wording case; add one to wordingCases", id)
			continue
		}
		m, _ := textsOf(id)
		for _, c := range cases {
			for _, l := range []struct {
				lang string
				say  say
				args []any
				want []string
				bad  *regexp.Regexp
			}{{"en", m.en, c.en, c.wantEN, limitWrongEN}, {"nl", m.nl, c.nl, c.wantNL, limitWrongNL}} {
				got := tryMessage(l.say, l.args)
				if got == nil {
					t.Errorf("%s %s %v: the message does not take these values", id, l.lang, l.args)
					continue
				}
				all := got.msg + " " + got.fix
				for _, w := range l.want {
					if !strings.Contains(all, w) {
						t.Errorf("%s %s: %q lacks %q", id, l.lang, all, w)
					}
				}
				if m := l.bad.FindString(all); m != "" {
					t.Errorf("%s %s: limit stated as not allowed (%q): %q", id, l.lang, m, all)
				}
				for _, s := range []string{got.msg, got.fix} {
					for _, sentence := range splitSentencesLoose(s) {
						if r := []rune(sentence); len(r) > 0 && unicode.IsDigit(r[0]) {
							t.Errorf("%s %s: sentence opens with a figure: %q", id, l.lang, sentence)
						}
					}
				}
				if l.lang == "nl" {
					for _, w := range strings.FieldsFunc(unquoted(all), func(r rune) bool { return !unicode.IsLetter(r) }) {
						if englishWords[strings.ToLower(w)] {
							t.Errorf("%s nl: English word %q in %q", id, w, all)
						}
					}
				}
			}
		}
	}
}

// splitSentencesLoose cuts a message at ". ", "! " and "? ".
func splitSentencesLoose(s string) []string {
	var out []string
	for _, part := range regexp.MustCompile(`[.!?] +`).Split(s, -1) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// unquoted drops the quoted parts of a message: the post's own words and
// front matter examples, which may be in any language.
func unquoted(s string) string {
	return regexp.MustCompile(`"[^"]*"|\([^)]*\)`).ReplaceAllString(s, " ")
}
