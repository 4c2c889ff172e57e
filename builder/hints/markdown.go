package hints

import (
	"bytes"
	"html"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// mdParser is built once and only read afterwards: goldmark keeps all parse
// state in a per-call context, so one parser serves concurrent Analyze calls.
var mdParser = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote)).Parser()

// blockKind tells what a block of prose is.
type blockKind uint8

const (
	paragraph blockKind = iota // a paragraph outside lists
	heading                    // a heading of any level
	listItem                   // the text of a list item
)

// block is one run of prose: its plain text without code, HTML or URLs.
type block struct {
	kind   blockKind
	text   string
	line   int     // file line where the block starts
	pieces []piece // maps text offsets back to file lines and source offsets
	// Offsets into the walker's shared text and pieces while walking: one
	// buffer for the whole post instead of two allocations per block.
	tstart, tend, pstart, pend int
	image                      bool // the paragraph holds an image
	links                      int  // links inside the block, <a href> included
	lines                      int  // source lines the text spans
	longLine                   bool // a line of the block holds more than shortLineBytes of text
}

// shortLineBytes is the most text a line may hold and still read as an
// item of a list typed as lines: "Prof. Jansen" or a one-line question.
const shortLineBytes = 80

// listLike reports a paragraph typed as a list, one short item per line
// (names, steps, questions): a phone shows it as a list, not as a wall.
func (b *block) listLike() bool { return b.lines >= 3 && !b.longLine }

// doc is a post's Markdown reduced to what the checks need.
type doc struct {
	blocks []block
	// breaks[i] is true when a heading, list, image, table, quote or code
	// block sits before blocks[i]: the visual pauses of a phone screen.
	breaks []bool
	links  []Link
	images []Link // images without alt text: URL and line
	// htmlLinks[i] is the number of blocks before the i-th HTML block
	// that holds a link: an ending written in HTML still links onwards.
	htmlLinks []int
	prose     string // the text of all blocks, one per line, for language detection
	// titleHeading is true when the body opens with a level-1 heading
	// that repeats the title; it is left out of the blocks.
	titleHeading bool
}

type walker struct {
	src        []byte
	lineStarts []int
	first      int // file line of src's first line
	d          doc
	cur        strings.Builder // the prose of all blocks, one after another
	pieces     []piece         // the pieces of all blocks
	pending    bool            // a visual break was seen since the last block
	nodeStart  int             // file line where the current block starts
	srcEnd     int             // source offset just past the last text added
	lineLen    int             // bytes of text on the current line of the block
	title      string          // the post's title, to recognise a title heading
}

// parseDoc parses src with kopij's own parser.
func parseDoc(src []byte, firstLine int, title string) *doc {
	return walkDoc(mdParser.Parse(text.NewReader(src)), src, firstLine, title)
}

// walkDoc reduces the tree root, parsed from src, to prose blocks. A
// leading level-1 heading that says title is the title, not the body.
func walkDoc(root ast.Node, src []byte, firstLine int, title string) *doc {
	w := &walker{src: src, first: firstLine, title: title}
	w.cur.Grow(len(src))
	w.lineStarts = make([]int, 1, 1+bytes.Count(src, []byte{'\n'}))
	for i := 0; ; {
		k := bytes.IndexByte(src[i:], '\n')
		if k < 0 {
			break
		}
		i += k + 1
		w.lineStarts = append(w.lineStarts, i)
	}
	w.d.blocks = make([]block, 0, len(w.lineStarts)/2+1)
	w.d.breaks = make([]bool, 0, cap(w.d.blocks))
	w.pieces = make([]piece, 0, cap(w.d.blocks))
	w.blockChildren(root, false)
	all := w.cur.String()
	w.d.prose = all
	for i := range w.d.blocks {
		b := &w.d.blocks[i]
		b.text = all[b.tstart:b.tend]
		b.pieces = w.pieces[b.pstart:b.pend:b.pend]
	}
	return &w.d
}

// line returns the file line of byte offset off in src.
func (w *walker) line(off int) int {
	return sort.SearchInts(w.lineStarts, off+1) - 1 + w.first
}

func (w *walker) blockChildren(n ast.Node, inList bool) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c == n.FirstChild() && n.Kind() == ast.KindDocument && w.isTitle(c) {
			w.d.titleHeading = true
			continue
		}
		switch c.Kind() {
		case ast.KindHeading:
			w.pending = true
			w.prose(c, heading)
			w.pending = true
		case ast.KindParagraph, ast.KindTextBlock:
			k := paragraph
			if inList {
				k = listItem
			}
			w.prose(c, k)
		case ast.KindList:
			w.pending = true
			w.blockChildren(c, true)
			w.pending = true
		case ast.KindListItem:
			w.blockChildren(c, true)
		case ast.KindBlockquote:
			w.pending = true
			w.blockChildren(c, inList)
			w.pending = true
		case ast.KindHTMLBlock:
			w.pending = true
			w.htmlBlock(c)
		case extast.KindTable, ast.KindFencedCodeBlock, ast.KindCodeBlock, ast.KindThematicBreak:
			w.pending = true
		case extast.KindFootnoteList:
			// Footnotes are reference material below the post, not prose.
		default:
			w.blockChildren(c, inList)
		}
	}
}

// isTitle reports a level-1 heading whose text is the title: the page
// shows the title once, so the heading is neither a sentence nor a
// subheading of the body.
func (w *walker) isTitle(n ast.Node) bool {
	h, ok := n.(*ast.Heading)
	if !ok || h.Level != 1 {
		return false
	}
	title := strings.Join(strings.Fields(w.title), " ")
	return title != "" && strings.EqualFold(strings.Join(strings.Fields(PlainText(n, w.src)), " "), title)
}

// prose turns a paragraph-like node into a block.
func (w *walker) prose(n ast.Node, kind blockKind) {
	b := block{kind: kind, line: -1, lines: 1}
	w.lineLen = 0
	w.nodeStart = w.first
	if l := n.Lines(); l.Len() > 0 {
		w.nodeStart = w.line(l.At(0).Start)
	}
	b.tstart, b.pstart = w.cur.Len(), len(w.pieces)
	w.inline(n, &b)
	b.tend, b.pend = w.cur.Len(), len(w.pieces)
	w.cur.WriteByte('\n') // keeps the last word of one block from running into the next in prose
	if w.lineLen > shortLineBytes {
		b.longLine = true
	}
	if b.line < 0 {
		b.line = w.nodeStart
	}
	if b.image {
		w.pending = true
	}
	w.d.blocks = append(w.d.blocks, b)
	w.d.breaks = append(w.d.breaks, w.pending)
	w.pending = b.image
}

func (w *walker) add(b *block, s []byte, off int) {
	l := w.line(off)
	if b.line < 0 {
		b.line = l
	}
	at := w.cur.Len() - b.tstart
	if n := len(w.pieces); n == b.pstart || !w.pieces[n-1].exact || w.pieces[n-1].line != l ||
		w.pieces[n-1].src+at-w.pieces[n-1].at != off {
		w.pieces = append(w.pieces, piece{at: at, line: l, src: off, exact: true})
	}
	w.cur.Write(s)
	w.srcEnd = off + len(s)
	w.lineLen += len(s)
}

// addMade writes text that is not in the source as such, such as a
// typographic quote, mapping all of it to the source offset after the
// text before it.
func (w *walker) addMade(b *block, s string) {
	at := w.cur.Len() - b.tstart
	l := w.nodeStart
	if n := len(w.pieces); n > b.pstart {
		l = w.pieces[n-1].line
	}
	w.pieces = append(w.pieces, piece{at: at, line: l, src: w.srcEnd})
	w.cur.WriteString(s)
	w.lineLen += len(s)
}

// lineBreak ends a source line inside a block.
func (w *walker) lineBreak(b *block) {
	w.cur.WriteByte(' ')
	b.lines++
	if w.lineLen > shortLineBytes {
		b.longLine = true
	}
	w.lineLen = 0
}

func (w *walker) inline(n ast.Node, b *block) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			w.add(b, t.Segment.Value(w.src), t.Segment.Start)
			if t.SoftLineBreak() || t.HardLineBreak() {
				w.lineBreak(b)
			}
		case *ast.String:
			// The typographer extension stores quotes and dashes as HTML
			// entities ("&rsquo;"); prose needs the characters.
			if bytes.IndexByte(t.Value, '&') >= 0 {
				w.addMade(b, html.UnescapeString(string(t.Value)))
			} else {
				w.addMade(b, string(t.Value))
			}
		case *ast.RawHTML:
			// Markup is not prose, but a link written in HTML is a link.
			if seg := t.Segments; seg.Len() > 0 {
				first := seg.At(0)
				if v := first.Value(w.src); len(v) > 3 && (v[1] == 'a' || v[1] == 'A') && isSpaceByte(v[2]) {
					var tag []byte
					for i := 0; i < seg.Len(); i++ {
						part := seg.At(i)
						tag = append(tag, part.Value(w.src)...)
					}
					for _, href := range hrefs(tag) {
						w.d.links = append(w.d.links, Link{URL: href, Line: w.line(first.Start)})
						b.links++
					}
				}
			}
		case *ast.CodeSpan, *extast.TaskCheckBox, *extast.FootnoteLink:
			// Code and markup are not prose.
		case *ast.AutoLink:
			w.d.links = append(w.d.links, Link{URL: string(t.URL(w.src)), Line: w.nodeLine(c, b)})
			b.links++
		case *ast.Link:
			w.d.links = append(w.d.links, Link{URL: string(t.Destination), Line: w.nodeLine(c, b)})
			b.links++
			w.inline(c, b)
		case *ast.Image:
			b.image = true
			if strings.TrimSpace(PlainText(c, w.src)) == "" {
				w.d.images = append(w.d.images, Link{URL: string(t.Destination), Line: w.nodeLine(c, b)})
			}
		default:
			w.inline(c, b)
		}
	}
}

// nodeLine finds the line of an inline node from its first text segment,
// falling back to the block's line.
func (w *walker) nodeLine(n ast.Node, b *block) int {
	var off = -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		return w.line(off)
	}
	if n := len(w.pieces); n > b.pstart {
		return w.pieces[n-1].line
	}
	return w.nodeStart
}

// PlainText returns the text a reader sees inside an inline node, such as
// a heading or an image's alt text; line breaks become spaces.
func PlainText(n ast.Node, src []byte) string {
	var sb strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			sb.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				sb.WriteByte(' ')
			}
		case *ast.String:
			sb.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return sb.String()
}
