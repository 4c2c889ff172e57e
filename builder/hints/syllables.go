package hints

import (
	"strings"
	"unicode/utf8"
)

// syllablesEN estimates the syllables of a lower-case English word: vowel
// groups, less a silent final e, -es and -ed, plus vowel pairs that are
// spoken apart ("radio", "actual").
func syllablesEN(w string) int {
	n, prevVowel := 0, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		v := c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' && i > 0 && !prevVowel
		if v && !prevVowel {
			n++
		}
		prevVowel = v
	}
	if n <= 1 {
		return max(n, 1)
	}
	l := len(w)
	switch {
	case strings.HasSuffix(w, "le") && l > 2 && !isVowelEN(w, l-3):
		// "table", "simple": the e is silent but the l is its own syllable.
	case strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") && !strings.HasSuffix(w, "ie") && !strings.HasSuffix(w, "ye") && !strings.HasSuffix(w, "oe"):
		n--
	case strings.HasSuffix(w, "es") && l > 3 && !silentEsKeeps(w):
		n--
	case strings.HasSuffix(w, "ed") && l > 3 && w[l-3] != 't' && w[l-3] != 'd' && !isVowelEN(w, l-3):
		n--
	}
	for _, suffix := range [...]string{"ely", "eful", "eless", "eness", "ement"} {
		if l > len(suffix)+2 && w[l-1] == suffix[len(suffix)-1] && w[l-len(suffix):] == suffix {
			k := l - len(suffix)
			if !isVowelEN(w, k-1) && isVowelEN(w, k-2) && (k < 3 || !isVowelEN(w, k-3)) {
				n-- // "lately", "careful", "statement": the inner e is silent
			}
			break
		}
	}
	for i := 1; i+1 < len(w); i++ {
		pair := w[i : i+2]
		switch pair {
		case "ia", "io", "iu":
			if w[i-1] != 't' && w[i-1] != 'c' && w[i-1] != 's' && w[i-1] != 'x' {
				n++ // "media", "radio", "medium"; not "nation", "social"
			}
		case "ua", "uo":
			if w[i-1] != 'q' && w[i-1] != 'g' {
				n++ // "actual", "usual"; not "equal", "language"
			}
		case "eo":
			if i+2 == len(w) || w[i+2] != 'u' && w[i+2] != 'p' {
				n++ // "video", "neon"; not "gorgeous", "people"
			}
		}
	}
	if strings.HasSuffix(w, "ism") {
		n++ // "realism"
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

func isVowelEN(w string, i int) bool {
	switch w[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	case 'y':
		return i > 0 && !isVowelEN(w, i-1)
	}
	return false
}

// nlUnits are the Dutch vowel spellings that make one syllable, longest
// first. Other vowel sequences ("ia" in "piano", "eo" in "video") are spoken
// apart and count per vowel.
var nlUnits = [...]string{"aai", "ooi", "oei", "eeu", "ieu", "eau", "aa", "ee", "oo", "uu", "ie", "ei", "ij", "ui", "oe", "ou", "eu", "au", "ai", "oi", "ey", "uy"}

// syllablesNL counts the syllables of a lower-case Dutch word by its vowel
// groups; a diaeresis (ë, ï, ö, ü) starts a new syllable.
func syllablesNL(w string) int {
	n := 0
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRuneInString(w[i:])
		if !isVowelNL(r) {
			i += size
			continue
		}
		// Start of a vowel group: read it as a series of units.
		for i < len(w) {
			r, size = utf8.DecodeRuneInString(w[i:])
			if !isVowelNL(r) {
				break
			}
			n++
			matched := false
			if r < utf8.RuneSelf {
				for _, u := range nlUnits {
					if strings.HasPrefix(w[i:], u) {
						i += len(u)
						matched = true
						break
					}
				}
			}
			if !matched {
				i += size
				// A diaeresis letter starts a syllable that may continue
				// with a plain vowel: "naïef" is na-ïef.
				if b := undiaeresis(r); b != 0 && i < len(w) {
					for _, u := range nlUnits {
						if len(u) == 2 && u[0] == b && u[1] == w[i] {
							i++
							break
						}
					}
				}
			}
			// A following diaeresis vowel is its own syllable: the loop
			// counts it again, as it is not part of any unit.
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

func isVowelNL(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'á', 'à', 'â', 'é', 'è', 'ê', 'ë', 'í', 'ï', 'î', 'ó', 'ò', 'ô', 'ö', 'ú', 'ü', 'û':
		return true
	}
	return false
}
