package hugo

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type tagInfo struct {
	name       string
	closing    bool
	selfClosed bool
	inline     bool
	positional []any
	named      map[string]any
}

// tagLexer reads the inside of one tag, between "{{<" and ">}}".
type tagLexer struct {
	src   []byte
	pos   int
	right string
}

// resume returns where text continues after a malformed tag: after its
// closing delimiter.
func (l *tagLexer) resume() int {
	i := bytes.Index(l.src[l.pos:], []byte(l.right))
	if i < 0 {
		return len(l.src)
	}
	return l.pos + i + len(l.right)
}

func (l *tagLexer) skipSpace() {
	for l.pos < len(l.src) && isASCIISpace(l.src[l.pos]) {
		l.pos++
	}
}

func (l *tagLexer) atRight() bool { return bytes.HasPrefix(l.src[l.pos:], []byte(l.right)) }

func (l *tagLexer) tag() (tagInfo, error) {
	var t tagInfo
	l.skipSpace()
	if l.pos < len(l.src) && l.src[l.pos] == '/' {
		t.closing = true
		l.pos++
		l.skipSpace()
	}
	name, inline, err := l.name()
	if err != nil {
		return t, err
	}
	t.name, t.inline = name, inline
	if t.closing {
		l.skipSpace()
		if !l.atRight() {
			return t, fmt.Errorf("closing tag of %q has more than a name: write {{< /%s >}}", name, name)
		}
		return t, nil
	}
	for {
		l.skipSpace()
		if l.pos >= len(l.src) {
			return t, fmt.Errorf("shortcode %q is not closed", name)
		}
		if l.atRight() {
			return t, nil
		}
		if l.src[l.pos] == '/' {
			l.pos++
			l.skipSpace()
			if !l.atRight() {
				return t, fmt.Errorf("unexpected / in shortcode %q: a self-closing tag ends with /%s", name, l.right)
			}
			t.selfClosed = true
			return t, nil
		}
		if err := l.param(&t); err != nil {
			return t, fmt.Errorf("shortcode %q: %w", name, err)
		}
	}
}

func (l *tagLexer) name() (string, bool, error) {
	start := l.pos
	r, _ := utf8.DecodeRune(l.src[l.pos:])
	if !isAlphaNumeric(r) {
		if l.atRight() {
			return "", false, fmt.Errorf("shortcode has no name")
		}
		return "", false, fmt.Errorf("shortcode name must start with a letter or digit, not %q", r)
	}
	inline := false
	for l.pos < len(l.src) {
		r, w := utf8.DecodeRune(l.src[l.pos:])
		switch {
		case isAlphaNumeric(r) || r == '-' || r == '/' && !l.atSelfClose():
		case r == '.' && bytes.HasPrefix(l.src[l.pos:], []byte(".inline")) && !inline:
			inline = true
			w = len(".inline")
		case r == '.':
			return "", false, fmt.Errorf("a shortcode name may hold a period only in NAME.inline")
		default:
			return string(l.src[start:l.pos]), inline, nil
		}
		l.pos += w
	}
	return string(l.src[start:l.pos]), inline, nil
}

// atSelfClose reports whether a "/" at pos ends the tag ("/>}}").
func (l *tagLexer) atSelfClose() bool {
	i := l.pos + 1
	for i < len(l.src) && isASCIISpace(l.src[i]) {
		i++
	}
	return bytes.HasPrefix(l.src[i:], []byte(l.right))
}

// param reads one positional value or one name=value pair.
func (l *tagLexer) param(t *tagInfo) error {
	c := l.src[l.pos]
	if c == '"' || c == '`' {
		v, err := l.quoted()
		if err != nil {
			return err
		}
		return l.addPositional(t, v)
	}
	if r, _ := utf8.DecodeRune(l.src[l.pos:]); !isAlphaNumeric(r) && r != '-' {
		return fmt.Errorf("unexpected %q: quote values that contain it", r)
	}
	start := l.pos
	for l.pos < len(l.src) {
		r, w := utf8.DecodeRune(l.src[l.pos:])
		if !isAlphaNumeric(r) && r != '-' && r != '.' {
			break
		}
		l.pos += w
	}
	word := string(l.src[start:l.pos])
	if word == "" {
		r, _ := utf8.DecodeRune(l.src[l.pos:])
		return fmt.Errorf("unexpected %q: quote values that contain it", r)
	}
	l.skipSpace()
	if l.pos >= len(l.src) || l.src[l.pos] != '=' {
		return l.addPositional(t, typed(word))
	}
	l.pos++
	l.skipSpace()
	if l.pos >= len(l.src) {
		return fmt.Errorf("parameter %q has no value", word)
	}
	var v any
	if c := l.src[l.pos]; c == '"' || c == '`' {
		s, err := l.quoted()
		if err != nil {
			return err
		}
		v = s
	} else {
		start := l.pos
		for l.pos < len(l.src) && !isASCIISpace(l.src[l.pos]) && !l.atRight() && !(l.src[l.pos] == '/' && l.atSelfClose()) {
			l.pos++
		}
		if l.pos == start {
			return fmt.Errorf("parameter %q has no value", word)
		}
		v = typed(string(l.src[start:l.pos]))
	}
	if t.positional != nil {
		return fmt.Errorf("named parameter %q after positional ones: use one kind only", word)
	}
	if t.named == nil {
		t.named = map[string]any{}
	}
	t.named[word] = v
	return nil
}

func (l *tagLexer) addPositional(t *tagInfo, v any) error {
	if t.named != nil {
		return fmt.Errorf("positional parameter %v after named ones: use one kind only", v)
	}
	t.positional = append(t.positional, v)
	return nil
}

// quoted reads "..." (with \" escapes, on one line) or `...` (raw, may span
// lines). Quoted values are always strings.
func (l *tagLexer) quoted() (string, error) {
	q := l.src[l.pos]
	l.pos++
	if q == '`' {
		end := bytes.IndexByte(l.src[l.pos:], '`')
		if end < 0 {
			return "", fmt.Errorf("raw string is not closed with `")
		}
		s := string(l.src[l.pos : l.pos+end])
		l.pos += end + 1
		return s, nil
	}
	var b strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == '\\' && l.pos+1 < len(l.src) && l.src[l.pos+1] == '"':
			b.WriteByte('"')
			l.pos += 2
		case c == '"':
			l.pos++
			return b.String(), nil
		case c == '\n':
			return "", fmt.Errorf("quoted value is not closed on its line: end it with \"")
		default:
			b.WriteByte(c)
			l.pos++
		}
	}
	return "", fmt.Errorf("quoted value is not closed: end it with \"")
}

// typed gives an unquoted value Hugo's type: bool, int, float or string.
func typed(s string) any {
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	if isInt(s) {
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
		return s
	}
	if isFloat(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	}
	return s
}

func isInt(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isFloat(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	dot := strings.IndexByte(s, '.')
	if dot < 0 || dot == len(s)-1 || strings.Count(s, ".") != 1 {
		return false
	}
	for _, c := range strings.Replace(s, ".", "", 1) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isAlphaNumeric(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}
