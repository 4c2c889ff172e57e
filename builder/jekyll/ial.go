package jekyll

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var (
	blockIALRE = regexp.MustCompile(`^ {0,3}\{:\s*([^:{}][^{}]*?|)\s*\}\s*$`)
	spanIALRE  = regexp.MustCompile(`^\{:\s*([^:{}][^{}]*?)\s*\}`)
	attrRE     = regexp.MustCompile(`([\w-]+)=(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+))|([#.][\w-]+)|([\w-]+)`)
)

// KramdownOptions set the goldmark extension's behaviour.
type KramdownOptions struct {
	TOCLevels []int // heading levels the {:toc} list shows; 1 to 6 when empty
}

// NewKramdown returns the goldmark extension for kramdown's attribute
// lists: a block list on the line after a paragraph, heading, list, quote
// or code block ({: #id .class key="value"}), a span list right after an
// emphasis, link, image or code span (*word*{: .x}), and {:toc} on a list
// (* TOC\n{:toc}), which becomes the table of contents of the page's
// headings, as kramdown writes it (ul#markdown-toc). Headings with the class
// no_toc stay out of it. Run Fragments.Kramdown on the text first.
func NewKramdown(opts KramdownOptions) goldmark.Extender {
	if len(opts.TOCLevels) == 0 {
		opts.TOCLevels = []int{1, 2, 3, 4, 5, 6}
	}
	return &kramdownExt{opts: opts}
}

type kramdownExt struct{ opts KramdownOptions }

func (e *kramdownExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&ialTransformer{opts: e.opts}, 500)))
}

type ialTransformer struct{ opts KramdownOptions }

// attrs is a parsed attribute list.
type attrs struct {
	id      string
	classes []string
	pairs   [][2]string
	toc     bool
}

func parseAttrs(s string) attrs {
	var a attrs
	for _, m := range attrRE.FindAllStringSubmatch(s, -1) {
		switch {
		case m[1] != "":
			v := m[2] + m[3] + m[4]
			a.pairs = append(a.pairs, [2]string{strings.ToLower(m[1]), v})
		case strings.HasPrefix(m[5], "#"):
			a.id = m[5][1:]
		case strings.HasPrefix(m[5], "."):
			a.classes = append(a.classes, m[5][1:])
		case m[6] == "toc":
			a.toc = true
		}
	}
	return a
}

func (a attrs) apply(n ast.Node) {
	if a.id != "" {
		n.SetAttributeString("id", []byte(a.id))
	}
	if len(a.classes) > 0 {
		cls := strings.Join(a.classes, " ")
		if old, ok := n.AttributeString("class"); ok {
			if b, ok := old.([]byte); ok && len(b) > 0 {
				cls = string(b) + " " + cls
			}
		}
		n.SetAttributeString("class", []byte(cls))
	}
	for _, p := range a.pairs {
		if strings.HasPrefix(p[0], "on") {
			continue // event handlers are scripts
		}
		n.SetAttributeString(p[0], []byte(p[1]))
	}
}

func (t *ialTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var tocLists []ast.Node
	var paras []ast.Node
	var texts []*ast.Text
	var headings []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			paras = append(paras, n)
		case *ast.Heading:
			headings = append(headings, n)
		case *ast.Text:
			texts = append(texts, n)
		}
		return ast.WalkContinue, nil
	})
	for _, h := range headings {
		headerID(h, src)
	}
	for _, p := range paras {
		if list := t.blockIAL(p, src); list != nil {
			tocLists = append(tocLists, list)
		}
	}
	for _, n := range texts {
		spanIAL(n, src)
	}
	for _, list := range tocLists {
		if list.Parent() != nil {
			list.Parent().ReplaceChild(list.Parent(), list, t.toc(doc, src))
		}
	}
}

// blockIAL applies an attribute list in a paragraph's last line. It returns
// the list to replace with a table of contents, if the list was {:toc}.
func (t *ialTransformer) blockIAL(p ast.Node, src []byte) ast.Node {
	lines := p.Lines()
	if lines.Len() == 0 {
		return nil
	}
	last := lines.At(lines.Len() - 1)
	m := blockIALRE.FindSubmatch(bytes.TrimRight(last.Value(src), "\n"))
	if m == nil {
		return nil
	}
	a := parseAttrs(string(m[1]))
	if lines.Len() == 1 {
		target := p.PreviousSibling()
		if target == nil {
			target = p.NextSibling() // an attribute list before its block
		}
		if parent := p.Parent(); parent != nil {
			parent.RemoveChild(parent, p)
		}
		if target == nil {
			return nil
		}
		if a.toc {
			if _, ok := target.(*ast.List); ok {
				return target
			}
		}
		a.apply(target)
		return nil
	}
	dropLastLine(p, last.Start)
	target := ast.Node(p)
	if item, ok := p.Parent().(*ast.ListItem); ok && item.NextSibling() == nil && p.NextSibling() == nil && last.Padding == 0 && startsLine(src, last.Start) {
		target = item.Parent()
	}
	if a.toc {
		if list, ok := target.(*ast.List); ok {
			return list
		}
		if item, ok := p.Parent().(*ast.ListItem); ok {
			return item.Parent()
		}
	}
	a.apply(target)
	return nil
}

var headerIDRE = regexp.MustCompile(`\s*\{#([\w-]+)\}\s*$`)

// headerID applies kramdown's "## Heading {#id}" and removes the braces
// from the heading's text.
func headerID(h *ast.Heading, src []byte) {
	last, ok := h.LastChild().(*ast.Text)
	if !ok {
		return
	}
	v := last.Segment.Value(src)
	m := headerIDRE.FindSubmatchIndex(v)
	if m == nil {
		return
	}
	h.SetAttributeString("id", v[m[2]:m[3]])
	if m[0] == 0 {
		h.RemoveChild(h, last)
		return
	}
	last.Segment = last.Segment.WithStop(last.Segment.Start + m[0])
}

// startsLine reports whether the attribute list is written at the start of
// its line, so it belongs to the list rather than to the item's text.
func startsLine(src []byte, at int) bool {
	return at == 0 || src[at-1] == '\n'
}

// dropLastLine removes a paragraph's last line and the inline nodes made
// from it.
func dropLastLine(p ast.Node, start int) {
	lines := p.Lines()
	lines.SetSliced(0, lines.Len()-1)
	for c := p.LastChild(); c != nil; {
		prev := c.PreviousSibling()
		if txt, ok := c.(*ast.Text); ok && txt.Segment.Start < start {
			txt.SetSoftLineBreak(false)
			txt.SetHardLineBreak(false)
			break
		}
		p.RemoveChild(p, c)
		c = prev
	}
}

// spanIAL applies an attribute list at the start of a text that follows
// an inline element.
func spanIAL(n *ast.Text, src []byte) {
	prev := n.PreviousSibling()
	if prev == nil || n.Parent() == nil {
		return
	}
	switch prev.(type) {
	case *ast.Emphasis, *ast.Link, *ast.Image, *ast.CodeSpan, *ast.AutoLink:
	default:
		return
	}
	seg := n.Segment
	rest := src[seg.Start:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	m := spanIALRE.FindSubmatch(rest)
	if m == nil {
		return
	}
	end := seg.Start + len(m[0])
	parseAttrs(string(m[1])).apply(prev)
	// Remove what the list was parsed into: this text and, when typographic
	// quotes split it, the nodes up to the text that holds its end.
	for c := ast.Node(n); c != nil; {
		next := c.NextSibling()
		if txt, ok := c.(*ast.Text); ok && txt.Segment.Stop > end {
			txt.Segment = txt.Segment.WithStart(max(end, txt.Segment.Start))
			return
		}
		c.Parent().RemoveChild(c.Parent(), c)
		if txt, ok := c.(*ast.Text); ok && txt.Segment.Stop == end {
			return
		}
		c = next
	}
}
