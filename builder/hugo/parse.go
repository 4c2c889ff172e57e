package hugo

import (
	"bytes"
	"fmt"
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
