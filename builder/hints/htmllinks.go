package hints

import (
	"bytes"
	"html"

	"github.com/yuin/goldmark/ast"
)

// Raw HTML is not prose, but a link written in HTML is a link: an ending
// "<a href=...>" leads the reader on as a Markdown link does, and the
// builder counts it as an internal link when it points at a post.

// htmlBlock records the links of an HTML block, which is not prose.
func (w *walker) htmlBlock(n ast.Node) {
	l := n.Lines()
	found := false
	for i := 0; i < l.Len(); i++ {
		seg := l.At(i)
		for _, href := range hrefs(seg.Value(w.src)) {
			w.d.links = append(w.d.links, Link{URL: href, Line: w.line(seg.Start)})
			found = true
		}
	}
	if found {
		w.d.htmlLinks = append(w.d.htmlLinks, len(w.d.blocks))
	}
}

// hrefs returns the href of every <a> tag in markup.
func hrefs(markup []byte) []string {
	var out []string
	low := bytes.ToLower(markup)
	for from := 0; ; {
		i := bytes.Index(low[from:], []byte("<a"))
		if i < 0 {
			return out
		}
		i += from + 2
		if i >= len(low) || !isSpaceByte(low[i]) {
			from = i
			continue
		}
		end := bytes.IndexByte(markup[i:], '>')
		if end < 0 {
			end = len(markup) - i
		}
		if href, ok := attr(markup[i:i+end], "href"); ok {
			out = append(out, href)
		}
		from = i + end
	}
}

// attr returns the value of attribute name in the inside of a tag.
func attr(tag []byte, name string) (string, bool) {
	low := bytes.ToLower(tag)
	for from := 0; ; {
		i := bytes.Index(low[from:], []byte(name))
		if i < 0 {
			return "", false
		}
		i += from
		from = i + len(name)
		if i > 0 && !isSpaceByte(low[i-1]) {
			continue
		}
		j := from
		for j < len(tag) && isSpaceByte(tag[j]) {
			j++
		}
		if j >= len(tag) || tag[j] != '=' {
			continue
		}
		j++
		for j < len(tag) && isSpaceByte(tag[j]) {
			j++
		}
		if j >= len(tag) {
			return "", false
		}
		if q := tag[j]; q == '"' || q == '\'' {
			k := bytes.IndexByte(tag[j+1:], q)
			if k < 0 {
				return html.UnescapeString(string(tag[j+1:])), true
			}
			return html.UnescapeString(string(tag[j+1 : j+1+k])), true
		}
		k := j
		for k < len(tag) && !isSpaceByte(tag[k]) {
			k++
		}
		return html.UnescapeString(string(tag[j:k])), true
	}
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
