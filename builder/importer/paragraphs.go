package importer

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// paragraphs rebuilds the children of a block container (the body, a
// blockquote) as a list of blocks. Blogger's editor writes a line per
// <div>, an empty line as <div><br></div> or <div>&nbsp;</div>, and older
// posts separate paragraphs with <br><br>; readers saw paragraphs, so that
// is what comes out:
//
//	<div>a</div><div>b</div><div><br></div><div>c</div>  ->  <p>a<br>b</p><p>c</p>
//	a<br><br>b                                           ->  <p>a</p><p>b</p>
//
// Divs disappear; real blocks (headings, lists, tables, pre) stay as they are.
func paragraphs(parent *html.Node) {
	pb := &paraBuilder{}
	for ch := parent.FirstChild; ch != nil; {
		next := ch.NextSibling
		parent.RemoveChild(ch)
		pb.feed(ch)
		ch = next
	}
	pb.flush()
	for _, n := range pb.out {
		parent.AppendChild(n)
	}
}

type paraBuilder struct {
	out       []*html.Node // finished blocks
	cur       []*html.Node // inline content of the paragraph being built
	lineEnded bool         // the last thing fed ended a line (a <br> or a div)
	blanks    int          // <br>s and no-break spaces fed so far
}

// feed adds one node, detached from its parent.
func (pb *paraBuilder) feed(n *html.Node) {
	switch {
	case n.Type == html.TextNode && strings.TrimSpace(n.Data) == moreMarker:
		pb.flush() // the jump break stands between paragraphs
		pb.cur = []*html.Node{n}
		pb.flush()
	case n.Type == html.TextNode:
		if blank(n.Data) {
			if strings.Contains(n.Data, "\u00a0") {
				pb.blanks++
			}
			if len(pb.cur) > 0 {
				pb.cur = append(pb.cur, n)
			}
			return
		}
		pb.content(n)
	case n.Type != html.ElementNode:
		return
	case n.DataAtom == atom.Br:
		pb.blanks++
		switch {
		case len(pb.cur) == 0:
		case pb.lineEnded:
			pb.flush()
		default:
			pb.cur = append(pb.cur, n)
			pb.lineEnded = true
		}
	case lineTags[n.DataAtom] || n.DataAtom == atom.P:
		if n.DataAtom == atom.P {
			pb.flush()
			pb.feedChildren(n)
			pb.flush()
			return
		}
		before, blanks := len(pb.out), pb.blanks
		hadContent := pb.feedChildren(n)
		switch {
		case !hadContent && pb.blanks > blanks && before == len(pb.out):
			pb.flush() // <div>&nbsp;</div>: an empty line between paragraphs
		case len(pb.cur) > 0 && !pb.lineEnded:
			pb.cur = append(pb.cur, &html.Node{Type: html.ElementNode, Data: "br", DataAtom: atom.Br})
			pb.lineEnded = true
		}
	case n.DataAtom == atom.Blockquote:
		pb.flush()
		paragraphs(n)
		pb.out = append(pb.out, n)
	case blockTags[n.DataAtom]:
		pb.flush()
		lines(n)
		pb.out = append(pb.out, n)
	default:
		pb.content(n)
	}
}

// feedChildren feeds the children of n and reports whether any of them was
// content (text or an inline element) rather than blank space.
func (pb *paraBuilder) feedChildren(n *html.Node) bool {
	had := false
	for ch := n.FirstChild; ch != nil; {
		next := ch.NextSibling
		n.RemoveChild(ch)
		if ch.Type == html.ElementNode && ch.DataAtom != atom.Br || ch.Type == html.TextNode && !blank(ch.Data) {
			had = true
		}
		pb.feed(ch)
		ch = next
	}
	return had
}

func (pb *paraBuilder) content(n *html.Node) {
	pb.cur = append(pb.cur, n)
	pb.lineEnded = false
}

// flush ends the paragraph being built, without its trailing line breaks.
func (pb *paraBuilder) flush() {
	cur := pb.cur
	for len(cur) > 0 {
		last := cur[len(cur)-1]
		if last.DataAtom == atom.Br || last.Type == html.TextNode && blank(last.Data) {
			cur = cur[:len(cur)-1]
			continue
		}
		break
	}
	pb.cur, pb.lineEnded = nil, false
	if len(cur) == 0 {
		return
	}
	p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
	for _, n := range cur {
		p.AppendChild(n)
	}
	pb.out = append(pb.out, p)
}

// lines unwraps the divs inside a block that holds inline content (a list
// item, a table cell, a heading): each div becomes a line.
func lines(n *html.Node) {
	for ch := n.FirstChild; ch != nil; {
		next := ch.NextSibling
		switch {
		case ch.Type != html.ElementNode:
		case lineTags[ch.DataAtom]:
			lines(ch)
			if next != nil && ch.FirstChild != nil {
				ch.AppendChild(&html.Node{Type: html.ElementNode, Data: "br", DataAtom: atom.Br})
			}
			unwrap(ch)
		case ch.DataAtom == atom.Blockquote:
			paragraphs(ch)
		default:
			lines(ch)
		}
		ch = next
	}
}

// blank reports text that shows nothing but space, no-break spaces included.
func blank(s string) bool {
	return strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " ")) == ""
}

// dropEmpty removes paragraphs that show nothing.
func dropEmpty(root *html.Node) {
	for ch := root.FirstChild; ch != nil; {
		next := ch.NextSibling
		if ch.DataAtom == atom.P && blank(textOf(ch)) && !find(ch, func(c *html.Node) bool { return c.DataAtom == atom.Img }) {
			root.RemoveChild(ch)
		}
		ch = next
	}
}
