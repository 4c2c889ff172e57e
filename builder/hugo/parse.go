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
// reader; a "{{<" that is never closed (before the next call) stays text.
// Parse never fails as a whole, and takes time linear in the body.
func Parse(src []byte) ([]Node, []*ParseError) { return parseBody(src, nil) }

// parseBody is Parse with knowledge of templates: for a name that inner reports
// as known and not reading .Inner, an opening tag is never paired, as in
// Hugo (a closing tag for it is then an error).
func parseBody(src []byte, inner func(name string) (uses, known bool)) ([]Node, []*ParseError) {
	p := &scanner{src: src, inner: inner, open: map[string]int{},
		ltAt: finder{pat: []byte("{{<"), at: -2}, pctAt: finder{pat: []byte("{{%"), at: -2},
		ltEnd: finder{pat: []byte(">}}"), at: -2}, pctEnd: finder{pat: []byte("%}}"), at: -2}}
	p.frames = []*frame{{}}
	p.run()
	p.flatten(0)
	return p.frames[0].nodes, p.errs
}

type frame struct {
	sc    *Shortcode
	nodes []Node
}

type scanner struct {
	src    []byte
	pos    int // start of text not yet emitted
	frames []*frame
	open   map[string]int // name -> open frames of that name
	errs   []*ParseError
	inner  func(string) (bool, bool)

	ltAt, pctAt, ltEnd, pctEnd finder
}

// finder finds the next occurrence of pat at or after a position; the
// positions asked for only grow, so each byte is searched once.
type finder struct {
	pat []byte
	at  int // last found position; -1: none further; -2: not searched
}

func (f *finder) next(src []byte, from int) int {
	if f.at == -1 || f.at >= from {
		return f.at
	}
	if i := bytes.Index(src[from:], f.pat); i >= 0 {
		f.at = from + i
	} else {
		f.at = -1
	}
	return f.at
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

// flatten turns the shortcodes opened above frame i into standalone ones,
// each followed by what was read after it.
func (p *scanner) flatten(i int) {
	base := p.frames[i]
	for _, f := range p.frames[i+1:] {
		p.open[f.sc.Name]--
		base.nodes = append(base.nodes, f.sc)
		base.nodes = append(base.nodes, f.nodes...)
	}
	p.frames = p.frames[:i+1]
}

func (p *scanner) run() {
	scan := 0
	for {
		i := bytes.Index(p.src[scan:], []byte("{{"))
		if i < 0 {
			p.text(p.pos, len(p.src))
			return
		}
		start := scan + i
		if start+2 >= len(p.src) || (p.src[start+2] != '<' && p.src[start+2] != '%') {
			scan = start + 2
			continue
		}
		if !bytes.HasPrefix(p.src[start+3:], []byte("/*")) && !p.closable(start) {
			// Never closed: most likely prose about templates, not a call.
			p.errs = append(p.errs, &ParseError{Pos: start, End: start + 3, Msg: "shortcode is not closed: end it with " + rightDelim(p.src[start+2])})
			scan = start + 3
			continue
		}
		p.text(p.pos, start)
		p.pos = p.call(start)
		scan = p.pos
	}
}

func rightDelim(c byte) string {
	if c == '%' {
		return "%}}"
	}
	return ">}}"
}

// closable reports whether the tag at start has its closing delimiter
// before the next call begins.
func (p *scanner) closable(start int) bool {
	body := start + 3
	end := &p.ltEnd
	if p.src[start+2] == '%' {
		end = &p.pctEnd
	}
	closeAt := end.next(p.src, body)
	if closeAt < 0 {
		return false
	}
	a, b := p.ltAt.next(p.src, body), p.pctAt.next(p.src, body)
	next := a
	if next < 0 || b >= 0 && b < next {
		next = b
	}
	return next < 0 || closeAt < next
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
		end := bytes.Index(p.src[body+2:], []byte("*/"+right))
		if end < 0 {
			p.errs = append(p.errs, &ParseError{Pos: start, End: len(p.src), Msg: "shortcode comment is not closed: end it with */" + right})
			p.text(start, len(p.src))
			return len(p.src)
		}
		inner := p.src[body+2 : body+2+end]
		f := p.top()
		f.nodes = append(f.nodes, Text{Value: string(p.src[start:start+3]) + string(inner) + right, Pos: start})
		return body + 2 + end + 2 + len(right)
	}
	closeAt := bytes.Index(p.src[body:], []byte(right)) // closable made sure it is there
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
	standalone := tag.selfClosed
	if p.inner != nil {
		if uses, known := p.inner(tag.name); known && !uses {
			standalone = true
		}
	}
	if standalone {
		p.top().nodes = append(p.top().nodes, sc)
		return end
	}
	p.frames = append(p.frames, &frame{sc: sc})
	p.open[tag.name]++
	return end
}

// close matches a closing tag with the innermost open shortcode of that name.
func (p *scanner) close(start, end int, name string) {
	for i := len(p.frames) - 1; i > 0 && p.open[name] > 0; i-- {
		if p.frames[i].sc.Name != name {
			continue
		}
		p.flatten(i)
		f := p.top()
		p.frames = p.frames[:len(p.frames)-1]
		p.open[name]--
		f.sc.Paired = true
		f.sc.Inner = f.nodes
		f.sc.InnerEnd = start
		f.sc.End = end
		p.top().nodes = append(p.top().nodes, f.sc)
		return
	}
	msg := fmt.Sprintf("closing tag {{< /%s >}} has no opening tag", name)
	if p.inner != nil {
		if uses, known := p.inner(name); known && !uses {
			msg = fmt.Sprintf("shortcode %q takes no inner content, yet it has a closing tag {{< /%s >}}: remove it", name, name)
		}
	}
	p.errs = append(p.errs, &ParseError{Pos: start, End: end, Msg: msg})
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
