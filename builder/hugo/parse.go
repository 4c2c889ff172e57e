package hugo

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Node is a piece of a parsed body: a Text or a *Shortcode.
type Node interface{ node() }

// Text is body text outside shortcodes, kept byte for byte. A shortcode
// comment ({{</* x */>}}) becomes the Text "{{< x >}}", as Hugo shows it.
type Text struct {
	Value string
	Pos   int // byte offset in the parsed source
}

// Shortcode is one shortcode call with its inner content when it is paired.
type Shortcode struct {
	Name       string
	Markdown   bool           // {{% %}}: the output is Markdown rendered with the page
	Positional []any          // positional parameters; nil when Named is set
	Named      map[string]any // named parameters; nil for positional calls
	Inner      []Node         // content between the opening and the closing tag
	Paired     bool           // a closing tag was found
	SelfClosed bool           // written as {{< x />}}
	Inline     bool           // an inline shortcode (x.inline), whose inner is a template
	Indent     string         // spaces and tabs between the line start and the opening tag
	Pos        int            // byte offset of the opening "{{"
	End        int            // byte offset just after the closing tag's ">}}" (or the opening's)
	InnerStart int            // byte offset of the inner content
	InnerEnd   int            // byte offset where the closing tag starts
}

func (Text) node()       {}
func (*Shortcode) node() {}

// ParseError is a malformed shortcode: what is wrong and where.
type ParseError struct {
	Pos int    // byte offset of the opening "{{"
	End int    // byte offset after the malformed call, where parsing resumes
	Msg string // what is wrong, lower case
}

func (e *ParseError) Error() string { return e.Msg }

// Parse splits a Markdown body into text and shortcodes. Opening and closing
// tags are matched by name, innermost first, the way Hugo nests them; an
// opening tag without a closing tag stands alone. Malformed shortcodes are
// returned as errors and left out of the nodes, so no part of them reaches a
// reader; a "{{<" that is never closed stays text. Parse never fails as a
// whole.
func Parse(src []byte) ([]Node, []*ParseError) {
	p := &scanner{src: src}
	p.frames = []*frame{{}}
	p.run()
	for len(p.frames) > 1 {
		p.unwind()
	}
	return p.frames[0].nodes, p.errs
}

type frame struct {
	sc    *Shortcode
	nodes []Node
}

type scanner struct {
	src    []byte
	pos    int // start of unconsumed text
	frames []*frame
	errs   []*ParseError
}

func (p *scanner) top() *frame { return p.frames[len(p.frames)-1] }

func (p *scanner) text(from, to int) {
	if to <= from {
		return
	}
	f := p.top()
	if n := len(f.nodes); n > 0 {
		if t, ok := f.nodes[n-1].(Text); ok && t.Pos+len(t.Value) == from {
			f.nodes[n-1] = Text{Value: t.Value + string(p.src[from:to]), Pos: t.Pos}
			return
		}
	}
	f.nodes = append(f.nodes, Text{Value: string(p.src[from:to]), Pos: from})
}

// unwind turns the innermost open shortcode into a standalone one and hands
// what followed it to the enclosing frame.
func (p *scanner) unwind() {
	f := p.top()
	p.frames = p.frames[:len(p.frames)-1]
	parent := p.top()
	parent.nodes = append(parent.nodes, f.sc)
	for _, n := range f.nodes {
		if t, ok := n.(Text); ok {
			p.appendText(parent, t)
			continue
		}
		parent.nodes = append(parent.nodes, n)
	}
}

func (p *scanner) appendText(f *frame, t Text) {
	if n := len(f.nodes); n > 0 {
		if prev, ok := f.nodes[n-1].(Text); ok && prev.Pos+len(prev.Value) == t.Pos {
			f.nodes[n-1] = Text{Value: prev.Value + t.Value, Pos: prev.Pos}
			return
		}
	}
	f.nodes = append(f.nodes, t)
}

func (p *scanner) run() {
	for {
		i := bytes.Index(p.src[p.pos:], []byte("{{"))
		if i < 0 {
			p.text(p.pos, len(p.src))
			return
		}
		start := p.pos + i
		if start+2 >= len(p.src) || (p.src[start+2] != '<' && p.src[start+2] != '%') {
			p.text(p.pos, start+2)
			p.pos = start + 2
			continue
		}
		p.text(p.pos, start)
		p.pos = p.call(start)
	}
}

// call reads one tag starting at "{{<" or "{{%" and returns where text
// resumes.
func (p *scanner) call(start int) int {
	markdown := p.src[start+2] == '%'
	right := ">}}"
	if markdown {
		right = "%}}"
	}
	body := start + 3
	if bytes.HasPrefix(p.src[body:], []byte("/*")) {
		end := bytes.Index(p.src[body:], []byte("*/"+right))
		if end < 0 {
			p.errs = append(p.errs, &ParseError{Pos: start, End: len(p.src), Msg: "shortcode comment is not closed: end it with */" + right})
			p.text(start, len(p.src))
			return len(p.src)
		}
		inner := p.src[body+2 : body+end]
		f := p.top()
		f.nodes = append(f.nodes, Text{Value: string(p.src[start:start+3]) + string(inner) + right, Pos: start})
		return body + end + 2 + len(right)
	}
	closeAt := bytes.Index(p.src[body:], []byte(right))
	if next := nextOpener(p.src[body:]); next >= 0 && next < closeAt {
		// Another call starts first: this one is never closed.
		closeAt = -1
	}
	if closeAt < 0 {
		// Never closed: most likely prose about templates, not a call.
		p.errs = append(p.errs, &ParseError{Pos: start, End: start + 3, Msg: "shortcode is not closed: end it with " + right})
		p.text(start, start+3)
		return start + 3
	}
	l := &tagLexer{src: p.src, pos: body, right: right}
	tag, err := l.tag()
	if err != nil {
		end := body + closeAt + len(right)
		if l.pos > end {
			end = l.resume()
		}
		p.errs = append(p.errs, &ParseError{Pos: start, End: end, Msg: err.Error()})
		return end
	}
	end := l.pos + len(right)
	if tag.closing {
		p.close(start, end, tag.name)
		return end
	}
	sc := &Shortcode{
		Name: tag.name, Markdown: markdown, Inline: tag.inline,
		Positional: tag.positional, Named: tag.named, SelfClosed: tag.selfClosed,
		Indent: indentBefore(p.src, start), Pos: start, End: end,
		InnerStart: end, InnerEnd: end,
	}
	if tag.selfClosed {
		p.top().nodes = append(p.top().nodes, sc)
		return end
	}
	p.frames = append(p.frames, &frame{sc: sc})
	return end
}

// nextOpener returns the offset of the next "{{<" or "{{%" in b, or -1.
func nextOpener(b []byte) int {
	a, c := bytes.Index(b, []byte("{{<")), bytes.Index(b, []byte("{{%"))
	if a < 0 || c >= 0 && c < a {
		return c
	}
	return a
}

// close matches a closing tag with the innermost open shortcode of that name.
func (p *scanner) close(start, end int, name string) {
	for i := len(p.frames) - 1; i > 0; i-- {
		if p.frames[i].sc.Name != name {
			continue
		}
		for len(p.frames)-1 > i {
			p.unwind()
		}
		f := p.top()
		p.frames = p.frames[:len(p.frames)-1]
		f.sc.Paired = true
		f.sc.Inner = f.nodes
		f.sc.InnerEnd = start
		f.sc.End = end
		p.top().nodes = append(p.top().nodes, f.sc)
		return
	}
	p.errs = append(p.errs, &ParseError{Pos: start, End: end, Msg: fmt.Sprintf("closing tag {{< /%s >}} has no opening tag", name)})
}

// indentBefore returns the blanks between the start of the line and pos, or
// "" when anything else stands there.
func indentBefore(src []byte, pos int) string {
	i := pos
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	if i > 0 && src[i-1] != '\n' {
		return ""
	}
	return string(src[i:pos])
}

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
