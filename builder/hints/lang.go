package hints

import "strings"

// language holds what the checks need to know about one language. The two
// values, en and nl, are built once and never changed.
type language struct {
	code        string
	syllables   func(w string) int
	flesch      func(words, sentences, syllables float64) float64
	transitions map[string][][]string // first word -> the words after it, one slice per phrase
	startOnly   map[string]bool       // transition words that are one only at a sentence's start ("Next, ...")
	passive     func(ws []string) bool
	you, we     map[string]bool // reader words and writer words
	invite      map[string]bool // words that invite the reader to act
	wpm         func(th Thresholds) int
}

// fleschEN is Flesch's reading ease for English.
func fleschEN(words, sentences, syllables float64) float64 {
	return 206.835 - 1.015*(words/sentences) - 84.6*(syllables/words)
}

// fleschNL is Douma's adaptation of Flesch's formula for Dutch.
func fleschNL(words, sentences, syllables float64) float64 {
	return 206.84 - 0.77*(100*syllables/words) - 0.93*(words/sentences)
}

// set turns a word list into a lookup table.
func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// phrases indexes single- and multi-word phrases by their first word.
func phrases(list ...string) map[string][][]string {
	m := make(map[string][][]string, len(list))
	for _, p := range list {
		f := strings.Fields(p)
		m[f[0]] = append(m[f[0]], f[1:])
	}
	return m
}

// hasPhrase reports whether ws holds one of the phrases, or starts with
// one of the words in startOnly.
func hasPhrase(ws []string, m map[string][][]string, startOnly map[string]bool) bool {
	if len(ws) > 0 && startOnly[ws[0]] {
		return true
	}
	for i, w := range ws {
		rests, ok := m[w]
		if !ok {
			continue
		}
	next:
		for _, rest := range rests {
			if i+len(rest) >= len(ws) {
				continue
			}
			for k, r := range rest {
				if ws[i+1+k] != r {
					continue next
				}
			}
			return true
		}
	}
	return false
}

// stem cuts a contraction such as "you're" or "we’ll" to its pronoun.
func stem(w string) string {
	if i := strings.IndexAny(w, "'’"); i > 0 {
		return w[:i]
	}
	return w
}
