package hints

import "testing"

// Hand-checked syllable counts, as a dictionary divides the words.
func TestSyllablesEN(t *testing.T) {
	tests := map[string]int{
		"a": 1, "the": 1, "cat": 1, "make": 1, "makes": 1, "table": 2, "simple": 2, "little": 2,
		"jumped": 1, "wanted": 2, "needed": 2, "played": 1, "boxes": 2, "wishes": 2, "horses": 2,
		"reader": 2, "readers": 2, "water": 2, "beautiful": 3, "video": 3, "radio": 3, "media": 3,
		"nation": 2, "social": 2, "actual": 3, "usual": 3, "language": 2, "equal": 2,
		"lately": 2, "careful": 2, "statement": 2, "people": 2, "every": 3, "everything": 4,
		"you": 1, "your": 1, "yes": 1, "my": 1, "happy": 2, "reply": 2, "type": 1, "style": 1,
		"readability": 5, "newsletter": 3, "subscribe": 2, "publish": 2, "paragraph": 3,
		"sentence": 2, "question": 2, "create": 2, "idea": 3, "free": 1, "tree": 1, "shoe": 1,
		"tourism": 3, "business": 2, "quiet": 2, "online": 2, "something": 2,
	}
	for w, want := range tests {
		if got := en.syllablesOf(w); got != want {
			t.Errorf("syllables(%q) = %d, want %d", w, got, want)
		}
	}
}

func TestSyllablesNL(t *testing.T) {
	tests := map[string]int{
		"de": 1, "een": 1, "huis": 1, "boek": 1, "lezer": 2, "lezers": 2, "schrijven": 2,
		"blijven": 2, "nieuw": 1, "leeuw": 1, "mooi": 1, "saai": 1, "koeien": 2, "ruimte": 2,
		"geïnformeerd": 4, "zeeën": 2, "coördinatie": 5, "ideeën": 3, "naïef": 2, "piano": 3,
		"video": 3, "theater": 3, "materiaal": 4, "januari": 4, "bureau": 2, "uitleggen": 3,
		"leesbaarheid": 3, "eenvoudig": 3, "verhuizing": 3, "gebruikers": 3, "tussenkop": 3,
		"alinea": 4, "website": 2, "nieuwsbrief": 2, "euro": 2, "auto": 2, "vrouw": 1,
		"aandacht": 2, "onderwerp": 3, "signaalwoord": 3, "systeem": 2,
	}
	for w, want := range tests {
		if got := nl.syllablesOf(w); got != want {
			t.Errorf("syllables(%q) = %d, want %d", w, got, want)
		}
	}
}
