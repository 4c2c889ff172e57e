package hints

import (
	"strings"
	"unicode/utf8"
)

// syllablesEN estimates the syllables of a lower-case English word: vowel
// groups, less a silent final e, -es and -ed, plus vowel pairs that are
// spoken apart ("radio", "actual").
func syllablesEN(w string) int {
	n, extra, prevVowel := 0, 0, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		v := aeiou[c] || c == 'y' && i > 0 && !prevVowel
		if v && !prevVowel {
			n++
		}
		prevVowel = v
		if i < 2 || !v {
			continue
		}
		// Vowel pairs spoken apart inside one vowel group.
		a, prev := w[i-1], w[i-2]
		switch {
		case a == 'i' && (c == 'a' || c == 'o' || c == 'u'):
			if prev != 't' && prev != 'c' && prev != 's' && prev != 'x' {
				extra++ // "media", "radio", "medium"; not "nation", "social"
			}
		case a == 'u' && (c == 'a' || c == 'o'):
			if prev != 'q' && prev != 'g' {
				extra++ // "actual", "usual"; not "equal", "language"
			}
		case a == 'e' && c == 'o':
			if i+1 == len(w) || w[i+1] != 'u' && w[i+1] != 'p' {
				extra++ // "video", "neon"; not "gorgeous", "people"
			}
		}
	}
	if n <= 1 {
		return max(n, 1)
	}
	n += extra
	l := len(w)
	switch last := w[l-1]; last {
	case 'e':
		switch {
		case w[l-2] == 'l' && l > 2 && !isVowelEN(w, l-3):
			// "table", "simple": the e is silent but the l is its own syllable.
		case w[l-2] != 'e' && w[l-2] != 'i' && w[l-2] != 'y' && w[l-2] != 'o':
			n--
		}
	case 's':
		if w[l-2] == 'e' && l > 3 && !silentEsKeeps(w) {
			n--
		}
	case 'd':
		if w[l-2] == 'e' && l > 3 && w[l-3] != 't' && w[l-3] != 'd' && !isVowelEN(w, l-3) {
			n--
		}
	}
	switch w[l-1] {
	case 'y', 'l', 's', 't':
		for _, suffix := range [...]string{"ely", "eful", "eless", "eness", "ement"} {
			if l > len(suffix)+2 && w[l-len(suffix):] == suffix {
				k := l - len(suffix)
				if !isVowelEN(w, k-1) && isVowelEN(w, k-2) && (k < 3 || !isVowelEN(w, k-3)) {
					n-- // "lately", "careful", "statement": the inner e is silent
				}
				break
			}
		}
	}
	if strings.HasSuffix(w, "ism") {
		n++ // "tourism"
	}
	return max(n, 1)
}

// silentEsKeeps reports -es endings that are spoken: "boxes", "wishes".
func silentEsKeeps(w string) bool {
	for _, s := range [...]string{"ses", "xes", "zes", "ches", "shes", "ges", "ces", "les"} {
		if strings.HasSuffix(w, s) {
			return s != "les" || !isVowelEN(w, len(w)-4)
		}
	}
	return false
}

// aeiou[c] reports the letters a, e, i, o and u.
var aeiou = [256]bool{'a': true, 'e': true, 'i': true, 'o': true, 'u': true}

func isVowelEN(w string, i int) bool {
	switch w[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	case 'y':
		return i > 0 && !isVowelEN(w, i-1)
	}
	return false
}

// nlPair reports the Dutch two-letter vowel spellings that make one
// syllable: aa, ee, oo, uu, ie, ij, ei, ey, ui, uy, oe, ou, eu, au, ai, oi.
// Other vowel pairs ("ia" in "piano", "eo" in "video") are spoken apart.
func nlPair(a, b byte) bool {
	switch a {
	case 'a':
		return b == 'a' || b == 'i' || b == 'u'
	case 'e':
		return b == 'e' || b == 'i' || b == 'u' || b == 'y'
	case 'i':
		return b == 'e' || b == 'j'
	case 'o':
		return b == 'o' || b == 'e' || b == 'u' || b == 'i'
	case 'u':
		return b == 'u' || b == 'i' || b == 'y'
	}
	return false
}

// nlUnit returns the length of the one-syllable vowel spelling at w[i:],
// longest first (aai, ooi, oei, eeu, ieu, eau), or 0 for a single letter.
func nlUnit(w string, i int) int {
	if i+2 < len(w) {
		switch w[i : i+3] {
		case "aai", "ooi", "oei", "eeu", "ieu", "eau":
			return 3
		}
	}
	if i+1 < len(w) && nlPair(w[i], w[i+1]) {
		return 2
	}
	return 0
}

// syllablesNL counts the syllables of a lower-case Dutch word by its vowel
// groups; a diaeresis (ë, ï, ö, ü) starts a new syllable.
func syllablesNL(w string) int {
	n := 0
	for i := 0; i < len(w); {
		if c := w[i]; c < utf8.RuneSelf {
			if !asciiVowelNL(c) {
				i++
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(w[i:]); !isVowelNL(r) {
			i += size
			continue
		}
		// Start of a vowel group: read it as a series of units.
		var r rune
		var size int
		for i < len(w) {
			if c := w[i]; c < utf8.RuneSelf {
				if !asciiVowelNL(c) {
					break
				}
				r, size = rune(c), 1
			} else if r, size = utf8.DecodeRuneInString(w[i:]); !isVowelNL(r) {
				break
			}
			n++
			if u := nlUnit(w, i); r < utf8.RuneSelf && u > 0 {
				i += u
				continue
			}
			i += size
			// A diaeresis letter starts a syllable that may continue with
			// a plain vowel: "naïef" is na-ïef.
			if b := undiaeresis(r); b != 0 && i < len(w) && nlPair(b, w[i]) {
				i++
			}
		}
	}
	return max(n, 1)
}

// undiaeresis returns the plain vowel of ë, ï, ö or ü, else 0.
func undiaeresis(r rune) byte {
	switch r {
	case 'ë':
		return 'e'
	case 'ï':
		return 'i'
	case 'ö':
		return 'o'
	case 'ü':
		return 'u'
	}
	return 0
}

func asciiVowelNL(c byte) bool { return aeiou[c] || c == 'y' }

func isVowelNL(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'á', 'à', 'â', 'é', 'è', 'ê', 'ë', 'í', 'ï', 'î', 'ó', 'ò', 'ô', 'ö', 'ú', 'ü', 'û':
		return true
	}
	return false
}
