package hugo

import (
	"regexp"
	"sort"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Range is a half-open byte range [Start, End) of a Markdown source.
type Range struct{ Start, End int }

// trustedKey carries an expansion's trusted ranges through a goldmark parse.
var trustedKey = parser.NewContextKey()

// trustedAttr marks raw HTML nodes that came from shortcode templates.
var trustedAttr = []byte("data-kopij-trusted")

// Extension returns the goldmark extension that lets raw HTML written by
// shortcode templates through while raw HTML written in the post itself
// follows unsafe, as goldmark's html.WithUnsafe would. The builder adds it
// to its converter; it changes nothing for a parse without
// Expanded.ParseOption.
func Extension(unsafe bool) goldmark.Extender { return &trustExt{unsafe: unsafe} }

type trustExt struct{ unsafe bool }

func (x *trustExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(trustMarker{}, 999)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&trustRenderer{unsafe: x.unsafe}, 100)))
}

// ParseOption passes the trusted ranges of x to a goldmark parse of
// x.Markdown (or of a prefix of it, such as the part before <!--more-->).
func (x *Expanded) ParseOption() parser.ParseOption {
	pc := parser.NewContext()
	pc.Set(trustedKey, x.trusted)
	return parser.WithContext(pc)
}

// trustMarker flags HTML nodes whose source lies in trusted ranges.
type trustMarker struct{}

func (trustMarker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	rs, _ := pc.Get(trustedKey).([]Range)
	if len(rs) == 0 {
		return
	}
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			lines := n.Lines()
			pieces := make([][]piece, lines.Len()+1)
			any := false
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				pieces[i] = splitTrust(rs, seg.Start, seg.Stop, lineEnd(src, seg))
				any = any || hasTrusted(pieces[i])
			}
			if n.HasClosure() {
				c := n.ClosureLine
				pieces[lines.Len()] = splitTrust(rs, c.Start, c.Stop, lineEnd(src, c))
				any = any || hasTrusted(pieces[lines.Len()])
			}
			if any {
				n.SetAttribute(trustedAttr, pieces)
			}
		case *ast.RawHTML:
			ok := n.Segments.Len() > 0
			for i := 0; i < n.Segments.Len(); i++ {
				s := n.Segments.At(i)
				ok = ok && inRanges(rs, s.Start, s.Stop)
			}
			if ok {
				n.SetAttribute(trustedAttr, true)
			}
		}
		return ast.WalkContinue, nil
	})
}

// piece is a part of an HTML block line, written by a template or not.
type piece struct {
	start, stop int
	trusted     bool
}

// splitTrust cuts the line [start, stop) into trusted and untrusted
// pieces; the line break after textEnd goes with the piece before it.
func splitTrust(rs []Range, start, stop, textEnd int) []piece {
	var out []piece
	add := func(a, b int, t bool) {
		if b <= a {
			return
		}
		if n := len(out); n > 0 && out[n-1].trusted == t {
			out[n-1].stop = b
			return
		}
		out = append(out, piece{a, b, t})
	}
	pos := start
	for _, r := range rs {
		if r.End <= pos || r.Start >= textEnd {
			continue
		}
		add(pos, max(r.Start, pos), false)
		pos = max(r.Start, pos)
		add(pos, min(r.End, textEnd), true)
		pos = min(r.End, textEnd)
	}
	add(pos, textEnd, false)
	if len(out) == 0 {
		return []piece{{start, stop, false}}
	}
	out[len(out)-1].stop = stop
	return out
}

func hasTrusted(ps []piece) bool {
	for _, p := range ps {
		if p.trusted {
			return true
		}
	}
	return false
}

// lineEnd is where a line segment's text ends: its line break belongs to
// whatever follows a shortcode's output, not to the output.
func lineEnd(src []byte, s text.Segment) int {
	end := s.Stop
	for end > s.Start && (src[end-1] == '\n' || src[end-1] == '\r') {
		end--
	}
	return end
}

// inRanges reports whether [start, stop) lies inside one of the sorted
// ranges. An empty segment counts as inside when its position does.
func inRanges(rs []Range, start, stop int) bool {
	i := sort.Search(len(rs), func(i int) bool { return rs[i].End > start })
	if i == len(rs) {
		return stop == start && len(rs) > 0 && rs[len(rs)-1].End == start
	}
	return rs[i].Start <= start && stop <= rs[i].End
}

// tagRe finds what could open an element or comment in raw HTML.
var tagRe = regexp.MustCompile(`<[A-Za-z/!?]`)

// trustRenderer renders HTML blocks and inline raw HTML: trusted parts as
// written, the rest as goldmark's own renderer does.
type trustRenderer struct{ unsafe bool }

func (r *trustRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, r.block)
	reg.Register(ast.KindRawHTML, r.raw)
}

const omitted = "<!-- raw HTML omitted -->"

func (r *trustRenderer) block(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	v, _ := n.AttributeString(string(trustedAttr))
	pieces, _ := v.([][]piece)
	omittedLast := false
	// line writes line i: trusted pieces as written, the writer's pieces
	// when raw HTML is on or they are plain text (so no words are lost),
	// else one "raw HTML omitted" for the run.
	line := func(i int, seg text.Segment) {
		ps := []piece{{seg.Start, seg.Stop, r.unsafe}}
		if i < len(pieces) && pieces[i] != nil {
			ps = pieces[i]
		}
		for _, p := range ps {
			b := src[p.start:p.stop]
			if p.trusted || r.unsafe || pieces != nil && !tagRe.Match(b) {
				html.DefaultWriter.SecureWrite(w, b)
				omittedLast = false
			} else if !omittedLast {
				_, _ = w.WriteString(omitted + "\n")
				omittedLast = true
			}
		}
	}
	if entering {
		for i := 0; i < n.Lines().Len(); i++ {
			line(i, n.Lines().At(i))
		}
		return ast.WalkContinue, nil
	}
	if n.HasClosure() {
		omittedLast = false
		line(n.Lines().Len(), n.ClosureLine)
	}
	return ast.WalkContinue, nil
}

func (r *trustRenderer) raw(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	if _, ok := n.AttributeString(string(trustedAttr)); ok || r.unsafe {
		for i := 0; i < n.Segments.Len(); i++ {
			s := n.Segments.At(i)
			_, _ = w.Write(s.Value(src))
		}
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(omitted)
	return ast.WalkSkipChildren, nil
}
