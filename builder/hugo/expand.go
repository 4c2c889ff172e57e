package hugo

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"regexp"
	"sort"
	"strings"
)

// Expand runs the shortcodes of one page body. The result's Markdown goes
// to goldmark with Expanded.ParseOption, and goldmark's HTML through
// Expanded.Finish:
//
//	x, err := eng.Expand(page, body)
//	doc := md.Parser().Parse(text.NewReader(x.Markdown), x.ParseOption())
//	md.Renderer().Render(&buf, x.Markdown, doc)
//	html := x.Finish(buf.Bytes())
//
// Unknown shortcodes, malformed calls and misused built-ins are warnings
// and show nothing (an unknown paired shortcode shows its inner content).
// The error, an *Error, is for a site template that fails; x is then still
// complete, with that shortcode left out.
func (e *Engine) Expand(p *Page, body []byte) (*Expanded, error) {
	if p == nil {
		p = &Page{}
	}
	nodes, perrs := parseBody(body, e.readsInner)
	x := &Expanded{prefix: choosePrefix(body)}
	run := &expansion{e: e, page: p, body: body, x: x, view: newPageView(e, p)}
	for i, c := range body {
		if c == '\n' {
			run.newlines = append(run.newlines, i)
		}
	}
	run.unOpen, run.unClose = chooseSentinels(body)
	for _, pe := range perrs {
		run.warn(pe.Pos, "%s", pe.Msg)
	}
	var out bytes.Buffer
	ordinal := 0
	for _, n := range nodes {
		switch n := n.(type) {
		case Text:
			out.WriteString(n.Value)
		case *Shortcode:
			html, ok := run.render(n, nil, ordinal, 0)
			ordinal++
			if !ok {
				if n.Paired && !n.Inline && !run.known(n.Name) {
					// An unknown paired shortcode shows its content.
					out.WriteString(run.innerText(n, nil, 1))
				}
				continue
			}
			if n.Markdown {
				run.splice(&out, html, n.Indent == "")
				continue
			}
			out.WriteString(x.placeholder(html))
		}
	}
	x.Markdown = out.Bytes()
	sort.SliceStable(x.Warnings, func(i, j int) bool { return x.Warnings[i].Line < x.Warnings[j].Line })
	return x, joinErrors(run.errs)
}

// expansion is the state of one Expand call.
type expansion struct {
	e        *Engine
	page     *Page
	body     []byte
	x        *Expanded
	view     *pageView
	tmpl     *template.Template // clone of the engine's templates, made on first use
	errs     []error
	unOpen   string // marks the start of writer's text inside {{% %}} output
	unClose  string
	calls    int   // shortcodes run, bounded against runaway nesting
	newlines []int // offsets of the body's line breaks
}

// lineOf returns the file line of body offset pos.
func (r *expansion) lineOf(pos int) int {
	first := r.page.BodyLine
	if first < 1 {
		first = 1
	}
	return first + sort.SearchInts(r.newlines, pos)
}

// readsInner tells the parser which shortcodes take inner content: those
// whose template reads .Inner, and the built-ins highlight, details and qr.
func (e *Engine) readsInner(name string) (uses, known bool) {
	if _, ok := e.files[name]; ok && (e.opt.SiteEmbeds || !embeds[name]) {
		if e.files[name] == "" {
			return false, false // a broken template: let the tags decide
		}
		return e.usesInner[name], true
	}
	if _, ok := builtins[name]; ok {
		switch name {
		case "highlight", "details", "qr", "comment":
			return true, true
		}
		return false, true
	}
	return false, false
}

func (r *expansion) warn(pos int, format string, args ...any) {
	r.x.Warnings = append(r.x.Warnings, Warning{File: r.page.File, Line: r.lineOf(pos), Msg: fmt.Sprintf(format, args...)})
}

func (r *expansion) known(name string) bool {
	_, site := r.e.files[name]
	_, builtin := builtins[name]
	return site || builtin
}

// render runs one shortcode and returns its output. ok is false when it
// shows nothing: unknown, misused or failed (each reported).
func (r *expansion) render(sc *Shortcode, parent *call, ordinal, level int) (string, bool) {
	r.calls++
	if r.calls > 10000 || level > 100 {
		r.warn(sc.Pos, "shortcode %q is nested too deeply or called too often; left out", sc.Name)
		return "", false
	}
	if sc.Inline {
		r.warn(sc.Pos, "inline shortcode %q left out: Hugo runs inline shortcodes only with enableInlineShortcodes; move it to layouts/shortcodes/%s.html", sc.Name, strings.TrimSuffix(sc.Name, ".inline"))
		return "", false
	}
	if !r.known(sc.Name) {
		r.warn(sc.Pos, "unknown shortcode %q left out: add layouts/shortcodes/%s.html to the site or remove the call", sc.Name, sc.Name)
		return "", false
	}
	c := &call{run: r, sc: sc, parent: parent, ordinal: ordinal}
	if sc.Paired {
		c.inner = r.innerText(sc, c, level+1)
		if sc.Markdown && level > 0 {
			// Hugo renders the inner Markdown of nested {{% %}} first, and
			// unwraps a one-line paragraph.
			h := r.e.renderMarkdown([]byte(c.inner), nil)
			if !strings.Contains(c.inner, "\n") {
				h = unwrapParagraph(h)
			}
			c.inner = h
		} else if sc.Markdown {
			// The markers go inside the surrounding blanks, so that a
			// template trimming .Inner still finds them.
			core := strings.TrimSpace(c.inner)
			i := strings.Index(c.inner, core)
			c.inner = c.inner[:i] + r.unOpen + core + r.unClose + c.inner[i+len(core):]
		}
	}
	var out string
	var err error
	if name, ok := r.e.files[sc.Name]; ok && (r.e.opt.SiteEmbeds || !embeds[sc.Name]) {
		out, err = r.execSite(name, c)
		if err != nil {
			r.errs = append(r.errs, &Error{File: r.page.File, Line: r.lineOf(sc.Pos), Name: sc.Name, Err: err})
			return "", false
		}
	} else {
		b := builtins[sc.Name]
		var msg string
		out, msg = b(c)
		if msg != "" {
			r.warn(sc.Pos, "shortcode %q: %s", sc.Name, msg)
			if out == "" {
				return "", false
			}
		}
	}
	if !sc.Paired && sc.Indent != "" {
		out = reindent(out, sc.Indent)
	}
	return out, true
}

// innerText returns the inner content of sc with nested shortcodes run;
// each nested output stands in it as a placeholder, so it survives any
// Markdown rendering of the inner text and is put back by Finish.
func (r *expansion) innerText(sc *Shortcode, parent *call, level int) string {
	var b strings.Builder
	ordinal := 0
	for _, n := range sc.Inner {
		switch n := n.(type) {
		case Text:
			b.WriteString(n.Value)
		case *Shortcode:
			html, ok := r.render(n, parent, ordinal, level)
			ordinal++
			if ok {
				b.WriteString(r.x.placeholder(html))
			} else if n.Paired && !n.Inline && !r.known(n.Name) {
				b.WriteString(r.innerText(n, parent, level+1))
			}
		}
	}
	return b.String()
}

// splice appends the output of a top-level {{% %}} shortcode to the
// Markdown, recording what the template wrote (as opposed to the writer's
// inner text) as trusted. With dedent, template lines that start with an
// HTML tag lose their indentation: a template indented for legibility
// would otherwise turn its own markup into code blocks, which is not what
// its author saw (Hugo before 0.55 did not read {{% %}} output as Markdown).
func (r *expansion) splice(out *bytes.Buffer, s string, dedent bool) {
	depth := 0
	start := out.Len()
	write := func(chunk string) {
		if depth == 0 && dedent {
			b := out.Bytes()
			chunk = dedentTags(chunk, len(b) == 0 || b[len(b)-1] == '\n')
		}
		out.WriteString(chunk)
	}
	flush := func() {
		if out.Len() > start && depth == 0 {
			r.x.trusted = appendRange(r.x.trusted, Range{start, out.Len()})
		}
		start = out.Len()
	}
	for s != "" {
		i := strings.Index(s, r.unOpen)
		j := strings.Index(s, r.unClose)
		if i < 0 && j < 0 {
			write(s)
			break
		}
		if j < 0 || i >= 0 && i < j {
			write(s[:i])
			flush()
			depth++
			s = s[i+len(r.unOpen):]
			continue
		}
		write(s[:j])
		flush()
		if depth > 0 {
			depth--
		}
		s = s[j+len(r.unClose):]
	}
	flush()
}

// dedentTags removes the blanks before an HTML tag that starts a line.
// atStart tells whether s begins at the start of a line.
func dedentTags(s string, atStart bool) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if i == 0 && !atStart {
			continue
		}
		if t := strings.TrimLeft(l, " \t"); len(t) < len(l) && strings.HasPrefix(t, "<") {
			lines[i] = t
		}
	}
	return strings.Join(lines, "")
}

func appendRange(rs []Range, r Range) []Range {
	if n := len(rs); n > 0 && rs[n-1].End == r.Start {
		rs[n-1].End = r.End
		return rs
	}
	return append(rs, r)
}

// chooseSentinels picks two Unicode noncharacters absent from src to mark
// the writer's text inside {{% %}} output.
func chooseSentinels(src []byte) (string, string) {
	for r := rune(0xFDD0); r < 0xFDEF; r += 2 {
		a, b := string(r), string(r+1)
		if !bytes.Contains(src, []byte(a)) && !bytes.Contains(src, []byte(b)) {
			return a, b
		}
	}
	return "\U0010FFFE", "\U0010FFFF"
}

// stripSentinels removes the writer's-text markers from s, for functions
// that render it (markdownify) or measure it.
func (r *expansion) stripSentinels(s string) string {
	if !strings.Contains(s, r.unOpen) && !strings.Contains(s, r.unClose) {
		return s
	}
	return strings.NewReplacer(r.unOpen, "", r.unClose, "").Replace(s)
}

var oneParagraph = regexp.MustCompile(`(?s)\A<p>(.*)</p>\n\z`)

// unwrapParagraph strips the <p> of HTML that is one paragraph.
func unwrapParagraph(h string) string {
	if m := oneParagraph.FindStringSubmatch(h); m != nil && !strings.Contains(m[1], "<p>") {
		return m[1]
	}
	return h
}

// reindent indents the lines after the first, as Hugo does for the output
// of an indented shortcode without inner content.
func reindent(s, indent string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for i, l := range lines {
		if i > 0 && l != "" {
			b.WriteString(indent)
		}
		b.WriteString(l)
	}
	return b.String()
}

// deindent removes indent from the start of each line after the first.
func deindent(s, indent string) string {
	if indent == "" {
		return s
	}
	lines := strings.SplitAfter(s, "\n")
	for i := range lines {
		if i > 0 {
			lines[i] = strings.TrimPrefix(lines[i], indent)
		}
	}
	return strings.Join(lines, "")
}

func joinErrors(errs []error) error { return errors.Join(errs...) }
