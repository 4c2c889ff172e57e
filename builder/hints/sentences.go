package hints

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end in a dot that does not end a sentence, written in lower
// case without their last dot. Both languages share the set: an English
// abbreviation in a Dutch post (or the reverse) is common and harmless.
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "cf": true, "dr": true, "mr": true, "mrs": true, "ms": true,
	"prof": true, "vs": true, "approx": true, "fig": true, "jr": true, "sr": true,
	"inc": true, "ltd": true, "p": true, "pp": true,
	"bijv": true, "bv": true, "o.a": true, "d.w.z": true, "m.a.w": true, "evt": true,
	"ca": true, "mevr": true, "dhr": true, "blz": true, "t.a.v": true,
	"i.p.v": true, "m.b.t": true, "n.a.v": true, "z.g.a.n": true, "zgn": true, "resp": true,
	"ir": true, "mr.": true, "drs": true, "ing": true, "incl": true, "excl": true, "vgl": true,
}

// beforeNumber are abbreviations that are also words ("vol", "min"): they
// keep a sentence going only before a number, as in "vol. 2" or "min. 5".
var beforeNumber = map[string]bool{"vol": true, "min": true, "max": true, "nr": true, "no": true, "fig": true}

// listEnders are abbreviations that may end a sentence too; a capital after
// them starts a new one.
var listEnders = map[string]bool{"etc": true, "enz": true, "e.d": true, "e.a": true, "a.s": true}

// closers may follow a sentence's final punctuation.
func closer(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '”', '’', '»', '›', '*', '_':
		return true
	}
	return false
}

// fullStop reports sentence-final punctuation that needs no space after it,
// as in Chinese and Japanese.
func fullStop(r rune) bool { return r == '。' || r == '！' || r == '？' }

// splitSentences returns the [start, end) byte ranges of the sentences in
// text. It knows abbreviations, initials, decimals, ellipses and quotes.
func splitSentences(text string, out [][2]int) [][2]int {
	start := 0
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && c != '.' && c != '!' && c != '?' {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if fullStop(r) {
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !closer(r2) && !fullStop(r2) {
					break
				}
				j += s2
			}
			out = appendSentence(out, text, start, j)
			start, i = j, j
			continue
		}
		if r != '.' && r != '!' && r != '?' && r != '…' {
			i += size
			continue
		}
		// Take the whole run of terminators, then closing quotes.
		j, dots, strong := i, 0, false
	scan:
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			switch r2 {
			case '.':
				dots++
			case '…':
				dots += 3
			case '!', '?':
				strong = true
			default:
				break scan
			}
			j += s2
		}
		k := j
		for k < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[k:])
			if !closer(r2) {
				break
			}
			k += s2
		}
		if k < len(text) {
			r2, _ := utf8.DecodeRuneInString(text[k:])
			if !unicode.IsSpace(r2) {
				i = k // "3.5", "example.com", "e.g.x": not an end
				continue
			}
		}
		m := k
		for m < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[m:])
			if !unicode.IsSpace(r2) {
				break
			}
			m += s2
		}
		next, _ := utf8.DecodeRuneInString(text[m:])
		if m < len(text) && !strong && !endsSentence(text[:i], dots, next) {
			i = k
			continue
		}
		out = appendSentence(out, text, start, k)
		start, i = m, m
	}
	return appendSentence(out, text, start, len(text))
}

// endsSentence decides whether a dot or ellipsis after before, followed by a
// space and the rune next, ends a sentence.
func endsSentence(before string, dots int, next rune) bool {
	lowerNext := unicode.IsLower(next)
	if dots > 1 {
		return !lowerNext // an ellipsis ends a sentence only before a capital
	}
	if lowerNext {
		return false
	}
	w := lastWord(before)
	if w == "" {
		return true
	}
	if r, size := utf8.DecodeRuneInString(w); size == len(w) && unicode.IsUpper(r) {
		return false // an initial, as in "J. Smith"
	}
	lw := strings.ToLower(w)
	if beforeNumber[lw] {
		return !unicode.IsDigit(next)
	}
	if listEnders[lw] {
		return unicode.IsUpper(next)
	}
	return !abbreviations[lw] && !strings.Contains(lw, ".")
}

// lastWord returns the letters and inner dots just before the end of s.
func lastWord(s string) string {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		i -= size
	}
	return strings.TrimLeft(s[i:], ".")
}

func appendSentence(out [][2]int, text string, start, end int) [][2]int {
	for start < end && (text[start] == ' ' || text[start] == '\t' || text[start] == '\n') {
		start++
	}
	if strings.TrimFunc(text[start:end], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) == "" {
		return out
	}
	return append(out, [2]int{start, end})
}

// isCJK reports scripts written without spaces, where every character is
// counted as a word.
func isCJK(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r))
}

// wordChar reports runes that make up words.
func wordChar(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// words calls fn for each word of s (already lower case), with cjk true for
// a single CJK character. Inner apostrophes and hyphens keep a word whole.
func words(s string, fn func(w string, cjk bool)) {
	for i := 0; ; {
		a, e, cjk := nextWord(s, i)
		if a < 0 {
			return
		}
		fn(s[a:e], cjk)
		i = e
	}
}

// nextWord finds the first word in s[i:] and returns its bounds, or a < 0
// when there is none. A loop over nextWord is the hot path of Analyze, so it
// avoids decoding ASCII.
func nextWord(s string, i int) (a, e int, cjk bool) {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiWord[c] {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isCJK(r) {
			return i, i + size, true
		}
		if wordChar(r) {
			break
		}
		i += size
	}
	if i >= len(s) {
		return -1, -1, false
	}
	j := i
	for j < len(s) {
		c := s[j]
		if asciiWord[c] {
			j++
			continue
		}
		if c < utf8.RuneSelf {
			if (c == '\'' || c == '-') && j+1 < len(s) && isWordStart(s[j+1:]) {
				j++
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if r == '’' && j+size < len(s) && isWordStart(s[j+size:]) {
			j += size
			continue
		}
		if isCJK(r) || !wordChar(r) {
			break
		}
		j += size
	}
	return i, j, false
}

// asciiWord[c] reports the ASCII letters and digits.
var asciiWord = func() (t [256]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z'
	}
	return t
}()

func isWordStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return wordChar(r) && !isCJK(r)
}
