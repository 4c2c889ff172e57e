package importer

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// replace puts r where n was; n is detached.
func replace(n, r *html.Node) {
	if n.Parent == nil {
		return
	}
	n.Parent.InsertBefore(r, n)
	n.Parent.RemoveChild(n)
}

func remove(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// unwrap replaces n by its children.
func unwrap(n *html.Node) {
	p := n.Parent
	if p == nil {
		return
	}
	for ch := n.FirstChild; ch != nil; {
		next := ch.NextSibling
		n.RemoveChild(ch)
		p.InsertBefore(ch, n)
		ch = next
	}
	p.RemoveChild(n)
}

// moveChildren appends the children of from to to.
func moveChildren(from, to *html.Node) {
	for ch := from.FirstChild; ch != nil; {
		next := ch.NextSibling
		from.RemoveChild(ch)
		to.AppendChild(ch)
		ch = next
	}
}

func textNode(s string) *html.Node { return &html.Node{Type: html.TextNode, Data: s} }

// linkParagraph is <p><a href="u">text</a></p>.
func linkParagraph(u, text string) *html.Node {
	p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
	a := &html.Node{Type: html.ElementNode, Data: "a", DataAtom: atom.A, Attr: []html.Attribute{{Key: "href", Val: u}}}
	a.AppendChild(textNode(text))
	p.AppendChild(a)
	return p
}

// find reports whether f holds for n or a descendant; f sees every node.
func find(n *html.Node, f func(*html.Node) bool) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if f(ch) || find(ch, f) {
			return true
		}
	}
	return false
}

// textOf is the text content of n.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return b.String()
}
