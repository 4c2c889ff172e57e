package builder

import (
	"bufio"
	"bytes"
	"html"
	"html/template"
	"strings"
	"sync"

	"github.com/kopij/kopij/builder/hints"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// moreMarker separates a post's summary from the rest, as in Hugo.
const moreMarker = "<!--more-->"

// maxNesting bounds the depth of nested lists and quotes that the Markdown
// stage accepts, so a pathological file cannot exhaust the stack.
const maxNesting = 200

// newSiteMarkdown returns the goldmark converter of a site: its Markdown
// options, the base path put before links and images that start with /,
// and the extensions of its generator. It is safe for concurrent use.
func newSiteMarkdown(cfg *Config, extra ...goldmark.Extender) goldmark.Markdown {
	ext := extra
	if bp := cfg.BasePath(); bp != "/" {
		ext = append(ext, basePathLinks(bp))
	}
	return newMarkdown(cfg.Markdown, ext...)
}

// newMarkdown returns the goldmark converter for Markdown options and
// extra extensions. It is safe for concurrent use.
func newMarkdown(cfg MarkdownConfig, extra ...goldmark.Extender) goldmark.Markdown {
	var rendererOpts []renderer.Option
	if cfg.Unsafe {
		rendererOpts = append(rendererOpts, gmhtml.WithUnsafe())
	}
	return goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.Typographer,
			codeHighlighting{},
		),
		goldmark.WithExtensions(extra...),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(rendererOpts...),
	)
}

// rendered is the output of the Markdown stage for one body.
type rendered struct {
	content     template.HTML
	summary     template.HTML
	summaryText string
	headings    []Heading
	firstH1     string   // text of a leading level-1 heading, used when there is no title
	doc         ast.Node // the parsed body, for the hints
	src         []byte   // the bytes doc was parsed from
}

// renderMarkdown converts a body. It cannot fail: goldmark renders any input.
func renderMarkdown(md goldmark.Markdown, src []byte) rendered {
	return renderMarkdownWith(md, src, nil)
}

// renderMarkdownWith converts a body with parse options, passing the HTML
// of the body and of its summary through finish (when not nil): what
// shortcodes and Liquid tags held out of Markdown goes back in there.
func renderMarkdownWith(md goldmark.Markdown, src []byte, finish func([]byte) []byte, opts ...parser.ParseOption) rendered {
	var r rendered
	if finish == nil {
		finish = func(b []byte) []byte { return b }
	}
	src = limitNesting(src)
	doc := md.Parser().Parse(text.NewReader(src), opts...)
	r.doc, r.src = doc, src
	r.content = template.HTML(renderHTML(md, src, doc, finish))

	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok {
			continue
		}
		t := strings.TrimSpace(hints.PlainText(h, src))
		if h.Level == 1 && r.firstH1 == "" && n == doc.FirstChild() {
			r.firstH1 = t
		}
		if h.Level >= 2 && h.Level <= 4 {
			id, _ := h.AttributeString("id")
			idStr, _ := id.([]byte)
			r.headings = append(r.headings, Heading{Level: h.Level, ID: string(idStr), Text: t})
		}
	}

	if i := bytes.Index(src, []byte(moreMarker)); i >= 0 {
		head := src[:i]
		sdoc := md.Parser().Parse(text.NewReader(head), opts...)
		html := renderHTML(md, head, sdoc, finish)
		r.summary = template.HTML(html)
		r.summaryText = collapseSpace(stripTags(html))
	} else {
		for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
			if n.Kind() != ast.KindParagraph {
				continue
			}
			html := renderHTML(md, src, n, finish)
			r.summary = template.HTML(html)
			r.summaryText = collapseSpace(stripTags(html))
			break
		}
	}
	return r
}

// renderBuffer is what renderHTML renders into: goldmark writes through
// a bufio.Writer, and makes one for every call unless it is given one.
type renderBuffer struct {
	out bytes.Buffer
	w   *bufio.Writer
}

var renderBuffers = sync.Pool{New: func() any {
	rb := &renderBuffer{}
	rb.w = bufio.NewWriterSize(&rb.out, 4096)
	return rb
}}

// renderHTML renders the node n of a document parsed from src and passes
// the HTML through finish. It cannot fail: it writes to memory only.
func renderHTML(md goldmark.Markdown, src []byte, n ast.Node, finish func([]byte) []byte) string {
	rb := renderBuffers.Get().(*renderBuffer)
	defer renderBuffers.Put(rb)
	rb.out.Reset()
	rb.w.Reset(&rb.out)
	_ = md.Renderer().Render(rb.w, src, n)
	_ = rb.w.Flush()
	return string(finish(rb.out.Bytes()))
}

// stripTags removes HTML tags and decodes entities, giving the text a
// reader sees.
func stripTags(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '<':
			in = true
		case c == '>' && in:
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteByte(c)
		}
	}
	return html.UnescapeString(b.String())
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// limitNesting cuts lines that open more than maxNesting levels of quotes or
// list markers, which would otherwise make rendering quadratic.
func limitNesting(src []byte) []byte {
	if len(src) < maxNesting {
		return src
	}
	var out []byte
	start := 0
	changed := false
	for start < len(src) {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		line := src[start:end]
		depth, rest := nestingPrefix(line)
		if depth > maxNesting {
			if !changed {
				out = append(out, src[:start]...)
				changed = true
			}
			out = append(out, line[rest:]...)
		} else if changed {
			out = append(out, line...)
		}
		if changed && end < len(src) {
			out = append(out, '\n')
		}
		start = end + 1
	}
	if !changed {
		return src
	}
	return out
}

// nestingPrefix measures the container prefix of a line: quote and list
// markers ("1." and "1)" included) count one level each, and indentation one
// level per two columns, since an indented list nests by at least two. rest
// is where the line's text starts.
func nestingPrefix(line []byte) (depth, rest int) {
	cols := 0
	i := 0
scan:
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ':
			cols++
		case c == '\t':
			cols += 4
		case c == '>' || c == '-' || c == '*' || c == '+':
			depth++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j == len(line) || line[j] != '.' && line[j] != ')' {
				break scan
			}
			depth++
			i = j
		default:
			break scan
		}
		i++
	}
	return depth + cols/2, i
}

// basePathLinks is the goldmark extension that puts a site's base path
// before the destination of every link and image that starts with a
// single /, so "/img/x.png" on a site at https://example.com/blog/ is
// "/blog/img/x.png" in pages and, made absolute, in feeds. A destination
// that already starts with the base path is left alone.
type basePathLinks string

func (b basePathLinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(b, 500)))
}

// Transform rewrites the destinations of one parsed document.
func (b basePathLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	bp := string(b)
	fix := func(dest []byte) []byte {
		if len(dest) == 0 || dest[0] != '/' || len(dest) > 1 && (dest[1] == '/' || dest[1] == '\\') {
			return dest
		}
		if strings.HasPrefix(string(dest), bp) || string(dest)+"/" == bp {
			return dest
		}
		return append([]byte(strings.TrimSuffix(bp, "/")), dest...)
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = fix(n.Destination)
		case *ast.Image:
			n.Destination = fix(n.Destination)
		}
		return ast.WalkContinue, nil
	})
}
