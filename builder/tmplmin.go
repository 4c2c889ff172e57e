package builder

import (
	"bytes"
	"fmt"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/svg"
)

// Layouts are minified once, when the theme is parsed, instead of every
// page they render: the text between the template actions of each
// template is minified as one HTML document in which every action stands
// as a placeholder, and the pieces between the placeholders go back into
// the text nodes. What the actions write is minified where it is made
// (the bodies when parsed, see parseOne) or is short text. A template
// whose placeholders do not all come back in order, or that the minifier
// rejects, keeps its text, and its layout's pages are minified whole as
// before (layout.minified is false).

// tmplMinifier minifies template text: HTML with inline SVG, and nothing
// inside <script> or <style> or attributes holding JavaScript or CSS, where
// a placeholder would not parse.
func tmplMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepSpecialComments: true})
	m.AddFunc("image/svg+xml", svg.Minify)
	return m
}

// placeholder is what an action looks like in the text handed to the
// minifier: letters and digits only, so it survives as text, an attribute
// name or value, or part of one. tmplMarker must not occur in a template's
// text (minifyTree checks).
const tmplMarker = "kpjx"

var placeholderRE = regexp.MustCompile(tmplMarker + `([0-9]+)q`)

// minifyTemplates minifies the text of every template of set that is not
// in done, and records them in done. It reports whether all of them could
// be minified.
func minifyTemplates(m *minify.M, set *template.Template, done map[*parse.Tree]bool) bool {
	ok := true
	for _, t := range set.Templates() {
		if t.Tree == nil || t.Tree.Root == nil || done[t.Tree] {
			continue
		}
		done[t.Tree] = true
		if err := minifyTree(m, t.Tree); err != nil {
			ok = false
		}
	}
	return ok
}

// minifyTree minifies the text nodes of one template in place; on error
// it leaves them as they were.
func minifyTree(m *minify.M, tree *parse.Tree) error {
	var texts []*parse.TextNode // texts[i] sits right before placeholder i; nil when none does
	var doc bytes.Buffer
	var pending *parse.TextNode
	mark := func() {
		texts = append(texts, pending)
		pending = nil
		doc.WriteString(tmplMarker + strconv.Itoa(len(texts)-1) + "q")
	}
	var walk func(l *parse.ListNode)
	walk = func(l *parse.ListNode) {
		if l == nil {
			return
		}
		for _, n := range l.Nodes {
			switch n := n.(type) {
			case *parse.TextNode:
				if pending != nil {
					mark()
				}
				pending = n
				doc.Write(n.Text)
			case *parse.IfNode:
				mark()
				walk(n.List)
				mark()
				walk(n.ElseList)
				mark()
			case *parse.RangeNode:
				mark()
				walk(n.List)
				mark()
				walk(n.ElseList)
				mark()
			case *parse.WithNode:
				mark()
				walk(n.List)
				mark()
				walk(n.ElseList)
				mark()
			case *parse.CommentNode:
			default:
				mark()
			}
		}
	}
	walk(tree.Root)
	mark() // the end, so that every text sits before a placeholder
	if bytes.Count(doc.Bytes(), []byte(tmplMarker)) != len(texts) {
		return fmt.Errorf("template %s: text holds %q", tree.Name, tmplMarker)
	}
	out, err := m.Bytes("text/html", doc.Bytes())
	if err != nil {
		return err
	}
	// A template may be called between words or inline elements, so the
	// whitespace it starts or ends with stays, as one character.
	out = keepEdge(doc.Bytes(), out)
	locs := placeholderRE.FindAllSubmatchIndex(out, -1)
	if len(locs) != len(texts) {
		return fmt.Errorf("template %s: the minifier lost a placeholder", tree.Name)
	}
	pieces := make([][]byte, len(texts))
	start := 0
	for i, loc := range locs {
		if n, _ := strconv.Atoi(string(out[loc[2]:loc[3]])); n != i {
			return fmt.Errorf("template %s: the minifier moved a placeholder", tree.Name)
		}
		piece := out[start:loc[0]]
		if texts[i] == nil && len(piece) > 0 {
			if !bytes.Equal(bytes.TrimSpace(piece), nil) {
				return fmt.Errorf("template %s: the minifier wrote text between actions", tree.Name)
			}
			// A space the minifier put between two actions (attributes
			// of one tag, say): what the actions write keeps its own.
			piece = nil
		}
		pieces[i] = piece
		start = loc[1]
	}
	if len(bytes.TrimSpace(out[start:])) > 0 {
		return fmt.Errorf("template %s: the minifier wrote text after the end", tree.Name)
	}
	for i, t := range texts {
		if t == nil {
			continue
		}
		// Where the text met an action without a space, it still does:
		// the minifier's space between two attributes, say, is already
		// the template's next text or not wanted at all.
		piece := pieces[i]
		if i > 0 && !startsSpace(t.Text) {
			piece = bytes.TrimLeft(piece, " \t\r\n")
		}
		if i > 0 && startsSpace(t.Text) && len(piece) > 0 && isLetter(piece[0]) && attrEnd(out[:locs[i-1][0]]) {
			// An attribute after a condition: the space the minifier put
			// before the condition is not there when the condition holds.
			piece = append([]byte{' '}, piece...)
		}
		if !endsSpace(t.Text) {
			piece = bytes.TrimRight(piece, " \t\r\n")
		}
		piece = trimAroundBlocks(piece, i > 0)
		t.Text = append([]byte(nil), piece...)
	}
	return nil
}

// keepEdge gives the minified out the leading and trailing whitespace of
// src back, shortened to one newline or space.
func keepEdge(src, out []byte) []byte {
	lead := src[:len(src)-len(bytes.TrimLeft(src, " \t\r\n"))]
	trail := src[len(bytes.TrimRight(src, " \t\r\n")):]
	if len(lead) == len(src) {
		trail = nil
	}
	var b []byte
	if len(lead) > 0 && !startsSpace(out) {
		b = append(b, edgeSpace(lead))
	}
	b = append(b, out...)
	if len(trail) > 0 && !endsSpace(out) {
		b = append(b, edgeSpace(trail))
	}
	return b
}

func edgeSpace(ws []byte) byte {
	if bytes.IndexByte(ws, '\n') >= 0 {
		return '\n'
	}
	return ' '
}

func startsSpace(b []byte) bool {
	return len(b) > 0 && (b[0] == ' ' || b[0] == '\n' || b[0] == '\t' || b[0] == '\r')
}

func endsSpace(b []byte) bool {
	return len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\n' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r')
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// attrEnd tells whether before, with the placeholders at its end left out,
// ends like an attribute value inside a tag.
func attrEnd(before []byte) bool {
	for {
		loc := placeholderRE.FindAllIndex(before, -1)
		if len(loc) == 0 || loc[len(loc)-1][1] != len(before) {
			break
		}
		before = before[:loc[len(loc)-1][0]]
	}
	before = bytes.TrimRight(before, " \t\r\n")
	return len(before) > 0 && before[len(before)-1] == '"' && bytes.LastIndexByte(before, '<') > bytes.LastIndexByte(before, '>')
}

// blockTags are the elements whitespace next to which the minifier drops
// (its blockTag list), with the head's meta and link.
var blockTags = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`address article aside blockquote br caption col colgroup dd details div dl dt
		fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html legend li main menu
		nav noscript ol option p pre section style summary table tbody td tfoot th thead title tr ul meta link`) {
		blockTags[t] = true
	}
}

// trimAroundBlocks drops the whitespace a piece of template text has next
// to an action (at its start when afterAction, and at its end) when a
// block element's tag is on the other side: the minifier, which saw an
// action's placeholder there, kept it as if beside text.
func trimAroundBlocks(piece []byte, afterAction bool) []byte {
	if afterAction {
		rest := bytes.TrimLeft(piece, " \t\r\n")
		if len(rest) < len(piece) && blockTags[tagName(rest)] {
			piece = rest
		}
	}
	body := bytes.TrimRight(piece, " \t\r\n")
	if len(body) < len(piece) && len(body) > 0 && body[len(body)-1] == '>' {
		if lt := bytes.LastIndexByte(body, '<'); lt >= 0 && blockTags[tagName(body[lt:])] {
			piece = body
		}
	}
	return piece
}

// tagName is the lower-case name of the tag b starts with, "" when b does
// not start with one.
func tagName(b []byte) string {
	if len(b) < 2 || b[0] != '<' {
		return ""
	}
	b = b[1:]
	if b[0] == '/' {
		b = b[1:]
	}
	n := 0
	for n < len(b) && (isLetter(b[n]) || '0' <= b[n] && b[n] <= '9') {
		n++
	}
	return strings.ToLower(string(b[:n]))
}
