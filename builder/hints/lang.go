package hints

import (
	"slices"
	"strings"
)

// wordFlag marks what a word is to the checks. A language's lex maps each
// known word to its flags, so measuring costs one map lookup per word.
type wordFlag uint32

const (
	flagYou        wordFlag = 1 << iota // addresses the reader
	flagWe                              // refers to the writer
	flagFunction                        // a function word of this language and not of the other
	flagAux                             // may build the passive
	flagTransition                      // starts a transition phrase
	flagStartOnly                       // a transition only at a sentence's start
	flagArticle                         // skipped when comparing sentence openings
	flagSyllables                       // the syllable count is in bits 16-23
	flagPhrase                          // a transition phrase on its own
	flagOwn                             // the first of the bits a language's own checks define, up to bit 15
)

// syllableShift is where a syllable exception sits in a wordFlag.
const syllableShift = 16

// language holds what the checks need to know about one language. The two
// values, en and nl, are built once and never changed.
type language struct {
	lex         map[string]wordFlag   // built by build from the lists below
	lexFilter   *[1 << 14 / 64]uint64 // words whose length, first and last byte occur in lex; most other words skip the map
	code        string
	syllables   func(w string) int
	flesch      func(words, sentences, syllables float64) float64
	transitions map[string][][]string // first word -> the words after it, one slice per phrase
	startOnly   map[string]bool       // transition words that are one only at a sentence's start ("Next, ...")
	you, we     map[string]bool       // reader words and writer words
	function    map[string]bool       // frequent words of this language that the other one lacks
	wpm         func(th Thresholds) int
	aux         map[string]bool // passive auxiliaries
	articles    []string
	syllableExc map[string]int // words the syllable rules get wrong
	// own are word sets of the language's own checks, which read them
	// from the flags: one flag from flagOwn on per set.
	own map[wordFlag]map[string]bool
}

// build fills lex from the word lists and returns l.
func (l *language) build() *language {
	l.lex = make(map[string]wordFlag)
	l.lexFilter = new([1 << 14 / 64]uint64)
	mark := func(m map[string]bool, f wordFlag) {
		for w := range m {
			l.lex[w] |= f
		}
	}
	mark(l.you, flagYou)
	mark(l.we, flagWe)
	mark(l.function, flagFunction)
	mark(l.aux, flagAux)
	mark(l.startOnly, flagStartOnly)
	mark(set(l.articles...), flagArticle)
	for f, m := range l.own {
		if f < flagOwn || f >= 1<<syllableShift {
			panic("hints: the flag of an own word set must lie between flagOwn and the syllable count")
		}
		mark(m, f)
	}
	for w, rests := range l.transitions {
		l.lex[w] |= flagTransition
		if slices.ContainsFunc(rests, func(rest []string) bool { return len(rest) == 0 }) {
			l.lex[w] |= flagPhrase
		}
	}
	for w, n := range l.syllableExc {
		l.lex[w] = l.lex[w]&(1<<syllableShift-1) | flagSyllables | wordFlag(min(n, 255))<<syllableShift
	}
	for w := range l.lex {
		k := filterKey(w)
		l.lexFilter[k/64] |= 1 << (k % 64)
	}
	return l
}

// filterKey hashes a word's length and its first and last byte.
func filterKey(w string) uint {
	return uint(len(w)&15)<<10 | uint(w[0]&31)<<5 | uint(w[len(w)-1]&31)
}

// flags returns what lex knows about w, skipping the map lookup for most
// words that are not in it.
func (l *language) flags(w string) wordFlag {
	if w == "" {
		return 0
	}
	k := filterKey(w)
	if l.lexFilter[k/64]&(1<<(k%64)) == 0 {
		return 0
	}
	return l.lex[w]
}

// passive reports whether the lower-case sentence ws is in the passive voice.
func (l *language) passive(ws []string) bool {
	fs := make([]wordFlag, len(ws))
	for i, w := range ws {
		fs[i] = l.flags(w)
	}
	return l.passiveOf(ws, fs)
}

// passiveOf reports whether the sentence ws, with flags fs, is in the
// passive voice by the rules of l's language.
func (l *language) passiveOf(ws []string, fs []wordFlag) bool {
	if l.code == "nl" {
		return passiveNL(ws, fs)
	}
	return passiveEN(ws, fs)
}

// countSyllables uses the exception from flags f when there is one.
func (l *language) countSyllables(w string, f wordFlag) int {
	if f&flagSyllables != 0 {
		return int(f >> syllableShift & 0xff)
	}
	return l.syllables(w)
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

// hasPhrase reports whether the sentence ws, with flags fs, holds one of
// the phrases in m, or starts with a start-only transition word.
func hasPhrase(ws []string, fs []wordFlag, m map[string][][]string) bool {
	if len(fs) > 0 && fs[0]&flagStartOnly != 0 {
		return true
	}
	for _, f := range fs {
		if f&flagPhrase != 0 {
			return true
		}
	}
	for i, w := range ws {
		if fs[i]&flagTransition == 0 {
			continue
		}
		rests := m[w]
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
	for i := 1; i < len(w); i++ {
		if w[i] == '\'' || w[i] == 0xE2 && strings.HasPrefix(w[i:], "’") {
			return w[:i]
		}
	}
	return w
}

// syllablesOf counts the syllables of the lower-case word w.
func (l *language) syllablesOf(w string) int { return l.countSyllables(w, l.flags(w)) }
