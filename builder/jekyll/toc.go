package jekyll

import (
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// toc builds kramdown's table of contents from the document's headings.
func (t *ialTransformer) toc(doc *ast.Document, src []byte) ast.Node {
	levels := map[int]bool{}
	for _, l := range t.opts.TOCLevels {
		levels[l] = true
	}
	root := ast.NewList('*')
	root.SetAttributeString("id", []byte("markdown-toc"))
	type open struct {
		level int
		list  *ast.List
	}
	stack := []open{{0, root}}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || !levels[h.Level] || hasClass(h, "no_toc") {
			continue
		}
		idv, _ := h.AttributeString("id")
		id, _ := idv.([]byte)
		for len(stack) > 1 && stack[len(stack)-1].level >= h.Level {
			stack = stack[:len(stack)-1]
		}
		parent := stack[len(stack)-1]
		item := ast.NewListItem(2)
		link := ast.NewLink()
		link.Destination = append([]byte("#"), id...)
		link.SetAttributeString("id", append([]byte("markdown-toc-"), id...))
		link.AppendChild(link, ast.NewString([]byte(headingText(h, src))))
		tb := ast.NewTextBlock()
		tb.AppendChild(tb, link)
		item.AppendChild(item, tb)
		parent.list.AppendChild(parent.list, item)
		sub := ast.NewList('*')
		item.AppendChild(item, sub)
		stack = append(stack, open{h.Level, sub})
	}
	pruneEmptyLists(root)
	return root
}

func pruneEmptyLists(n ast.Node) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		if l, ok := c.(*ast.List); ok && l.ChildCount() == 0 {
			n.RemoveChild(n, c)
		} else {
			pruneEmptyLists(c)
		}
		c = next
	}
}

func hasClass(n ast.Node, class string) bool {
	v, ok := n.AttributeString("class")
	b, _ := v.([]byte)
	return ok && strings.Contains(" "+string(b)+" ", " "+class+" ")
}

// headingText is the text a reader sees in a heading.
func headingText(h ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Segment.Value(src))
			if n.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if n.IsCode() { // typographic quotes, written as entities
				b.WriteString(html.UnescapeString(string(n.Value)))
			} else {
				b.Write(n.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
