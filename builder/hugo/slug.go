package hugo

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// SlugOptions are the site settings that change Hugo's path rules.
type SlugOptions struct {
	DisablePathToLower bool // keep upper case in paths (disablePathToLower)
	RemovePathAccents  bool // é -> e in paths (removePathAccents)
}

// Slugify turns a title, slug or file name into a path the way Hugo's
// urlize does: letters, digits and marks of every script kept, and also
// . _ - + ~ @ # / \ and %XX escapes; runs of spaces become one hyphen
// (none at the start); anything else is dropped. Upper case is lowered
// unless DisablePathToLower. The result is the unescaped path: a browser
// requests "/h%C3%A9/" for the "/hé/" returned here.
func Slugify(s string, o SlugOptions) string {
	s = sanitizePath(s)
	if o.RemovePathAccents {
		s = removeAccents(s)
	}
	if !o.DisablePathToLower {
		s = strings.ToLower(s)
	}
	// Hugo passes the path through net/url, which reads a final '#' as an
	// empty fragment and drops it.
	if i := strings.IndexByte(s, '#'); i >= 0 && i == len(s)-1 {
		s = s[:i]
	}
	return s
}

func sanitizePath(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingHyphen, wasHyphen := false, false
	for i, r := range s {
		if allowedPathRune(s, i, r) {
			wasHyphen = r == '-'
			if pendingHyphen && !wasHyphen {
				b.WriteByte('-')
			}
			pendingHyphen = false
			b.WriteRune(r)
		} else if b.Len() > 0 && !wasHyphen && unicode.IsSpace(r) {
			pendingHyphen = true
		}
	}
	return b.String()
}

func allowedPathRune(s string, i int, r rune) bool {
	if r == ' ' {
		return false
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
		return true
	}
	switch r {
	case '.', '/', '\\', '_', '#', '+', '~', '-', '@':
		return true
	case '%':
		return i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func removeAccents(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}
