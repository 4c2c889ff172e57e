package importer

import (
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// moreMarker stands for <!--more--> while the body goes through the HTML
// to Markdown converter, which drops comments.
const moreMarker = "KOPIJIMPORTMOREMARKER"

// cleaner rewrites the HTML of a post into the plain structure Markdown can
// say: paragraphs, headings, lists, quotes, code, tables, links, images.
// Layout markup (wrapper divs, spans, fonts, inline styles, classes) goes;
// what readers saw stays.
type cleaner struct {
	note func(string) // receives what was dropped or changed
}

// parseFragment parses an HTML fragment as the content of a <body>.
func parseFragment(src string) *html.Node {
	root := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(src), root)
	if err != nil { // only reader errors, and a strings.Reader has none
		root.AppendChild(&html.Node{Type: html.TextNode, Data: src})
		return root
	}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return root
}

// clean turns the fragment under root into tidy blocks, in place.
func (c *cleaner) clean(root *html.Node) {
	c.strip(root)
	paragraphs(root)
	dropEmpty(root)
}

// inlineTags are kept as they are inside paragraphs; the converter knows them.
var inlineTags = map[atom.Atom]bool{
	atom.A: true, atom.B: true, atom.Strong: true, atom.I: true, atom.Em: true, atom.Code: true,
	atom.Kbd: true, atom.Samp: true, atom.Var: true, atom.Del: true, atom.S: true, atom.Strike: true,
	atom.Img: true, atom.Br: true, atom.Q: true, atom.Cite: true, atom.Mark: true, atom.Ins: true,
	atom.Sub: true, atom.Sup: true,
}

// blockTags are blocks Markdown has; other block containers are unwrapped.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Pre: true, atom.Blockquote: true, atom.Hr: true,
	atom.Table: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Caption: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Figure: true,
	atom.Figcaption: true, atom.Details: true, atom.Summary: true,
}

// lineTags are containers whose content is a line of text: divs and their
// kin. Inside paragraphs they become line breaks.
var lineTags = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.Main: true, atom.Aside: true, atom.Center: true, atom.Nav: true, atom.Address: true,
}

// droppedTags are removed with their content.
var droppedTags = map[atom.Atom]bool{
	atom.Style: true, atom.Link: true, atom.Meta: true, atom.Head: true, atom.Title: true,
	atom.Noscript: true, atom.Form: true, atom.Input: true, atom.Button: true, atom.Select: true,
	atom.Textarea: true, atom.Template: true, atom.Svg: true, atom.Math: true, atom.Canvas: true,
	atom.Map: true, atom.Area: true,
}

// keptAttrs are the attributes the converter reads; every other attribute
// (style, class, id, width, data-*) goes.
func keptAttr(tag atom.Atom, key string) bool {
	switch key {
	case "href":
		return tag == atom.A
	case "src", "alt":
		return tag == atom.Img
	case "title":
		return tag == atom.A || tag == atom.Img
	case "colspan", "rowspan":
		return tag == atom.Td || tag == atom.Th
	case "start":
		return tag == atom.Ol
	case "class":
		return tag == atom.Code || tag == atom.Pre // language-go, for highlighting
	}
	return false
}

var gistScript = regexp.MustCompile(`^(https://gist\.github\.com/[\w.-]+/\w+)\.js`)

// strip removes what readers did not see or what a static page cannot
// run, and replaces embeds with links. Children are handled before their
// parent, so a parent sees the final shape of its content.
func (c *cleaner) strip(n *html.Node) {
	if n.Type == html.ElementNode {
		switch {
		case n.DataAtom == atom.Table && hasClass(n, "tr-caption-container"):
			n = captionTable(n)
		case n.DataAtom == atom.Div && (hasClass(n, "wp-caption") || hasClass(n, "wp-block-image")):
			n.Data, n.DataAtom = "figure", atom.Figure
		case n.DataAtom == atom.P && hasClass(n, "wp-caption-text"):
			n.Data, n.DataAtom = "figcaption", atom.Figcaption
		}
	}
	if n.Type == html.ElementNode && c.replaced(n) {
		return
	}
	for ch := n.FirstChild; ch != nil; {
		next := ch.NextSibling
		c.strip(ch)
		ch = next
	}
	switch n.Type {
	case html.CommentNode:
		switch strings.TrimSpace(n.Data) {
		case "more":
			replace(n, textNode(moreMarker))
		case "nextpage":
			c.note("<!--nextpage--> page break removed: the post is one page now")
			remove(n)
		default:
			remove(n)
		}
		return
	case html.ElementNode:
	default:
		return
	}
	tag := n.DataAtom
	switch {
	case tag == atom.A && attr(n, "href") == "" && (attr(n, "name") == "more" || attr(n, "id") == "more"):
		replace(n, textNode(moreMarker)) // Blogger's jump break
		return
	case tag == atom.Img:
		c.image(n)
	case tag == atom.Figure:
		figure(n)
		return
	}
	keep := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Namespace == "" && keptAttr(n.DataAtom, a.Key) {
			if a.Key == "class" {
				a.Val = languageClass(a.Val)
				if a.Val == "" {
					continue
				}
			}
			keep = append(keep, a)
		}
	}
	n.Attr = keep
	if !inlineTags[n.DataAtom] && !blockTags[n.DataAtom] && !lineTags[n.DataAtom] && n.Parent != nil {
		unwrap(n) // span, font, u, small, o:p and unknown tags: keep the content
	}
}

// replaced handles, before their content, the elements that go whole or
// become a link: scripts, players, media and forms. It reports whether n
// was one of them.
func (c *cleaner) replaced(n *html.Node) bool {
	tag := n.DataAtom
	switch {
	case tag == atom.Script:
		src := attr(n, "src")
		if m := gistScript.FindStringSubmatch(src); m != nil {
			replace(n, linkParagraph(m[1], m[1]))
			c.note("gist embed became a link to " + m[1])
		} else {
			if src != "" {
				c.note("script " + src + " removed")
			} else {
				c.note("inline script removed")
			}
			remove(n)
		}
		return true
	case tag == atom.Iframe || tag == atom.Embed || tag == atom.Object:
		src := attr(n, "src")
		if src == "" {
			src = attr(n, "data")
		}
		if src == "" {
			for ch := n.FirstChild; ch != nil && src == ""; ch = ch.NextSibling {
				if ch.DataAtom == atom.Embed || (ch.DataAtom == atom.Param && attr(ch, "name") == "movie") {
					src = attr(ch, "src") + attr(ch, "value")
				}
			}
		}
		if u := embedPage(src); u != "" {
			replace(n, linkParagraph(u, u))
			c.note("embedded " + n.Data + " became a link to " + u)
		} else {
			c.note("embedded " + n.Data + " without an address removed")
			remove(n)
		}
		return true
	case tag == atom.Video || tag == atom.Audio:
		src := attr(n, "src")
		for ch := n.FirstChild; ch != nil && src == ""; ch = ch.NextSibling {
			if ch.DataAtom == atom.Source {
				src = attr(ch, "src")
			}
		}
		if src != "" {
			replace(n, linkParagraph(src, src))
			c.note(n.Data + " became a link to " + src)
		} else {
			remove(n)
		}
		return true
	case droppedTags[tag]:
		if tag == atom.Form || tag == atom.Input || tag == atom.Button || tag == atom.Select || tag == atom.Textarea {
			c.note("form element <" + n.Data + "> removed")
		}
		remove(n)
		return true
	}
	return false
}

// image fixes lazy-loaded images, whose src is a placeholder.
func (c *cleaner) image(n *html.Node) {
	src := attr(n, "src")
	if src == "" || strings.HasPrefix(src, "data:") {
		for _, k := range []string{"data-src", "data-lazy-src", "data-original"} {
			if v := attr(n, k); v != "" {
				setAttr(n, "src", v)
				return
			}
		}
	}
}

var languageRe = regexp.MustCompile(`(?:^|\s)(?:language|lang|brush)[-:]\s*([\w+#-]+)`)

// languageClass keeps "language-x" of a code block class list.
func languageClass(class string) string {
	if m := languageRe.FindStringSubmatch(class); m != nil {
		return "language-" + strings.ToLower(m[1])
	}
	return ""
}

// embedPage turns the address of an embedded player into the page a reader
// can open: a YouTube embed into its watch page.
func embedPage(src string) string {
	if src == "" {
		return ""
	}
	if strings.HasPrefix(src, "//") {
		src = "https:" + src
	}
	u, err := url.Parse(src)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	host := strings.TrimPrefix(u.Host, "www.")
	switch {
	case (host == "youtube.com" || host == "youtube-nocookie.com") && strings.HasPrefix(u.Path, "/embed/"):
		id := strings.TrimPrefix(u.Path, "/embed/")
		if id != "" && !strings.Contains(id, "/") {
			return "https://www.youtube.com/watch?v=" + id
		}
	case host == "youtube.com" && strings.HasPrefix(u.Path, "/v/"):
		return "https://www.youtube.com/watch?v=" + strings.TrimPrefix(u.Path, "/v/")
	case host == "player.vimeo.com" && strings.HasPrefix(u.Path, "/video/"):
		return "https://vimeo.com/" + strings.TrimPrefix(u.Path, "/video/")
	}
	return u.String()
}

// captionTable turns Blogger's captioned image (a table with the image in
// one row and class tr-caption in the next) into a figure, which it returns.
func captionTable(t *html.Node) *html.Node {
	fig := &html.Node{Type: html.ElementNode, Data: "figure", DataAtom: atom.Figure}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type == html.ElementNode && (ch.DataAtom == atom.Td || ch.DataAtom == atom.Th) {
				if hasClass(ch, "tr-caption") {
					cap := &html.Node{Type: html.ElementNode, Data: "figcaption", DataAtom: atom.Figcaption}
					moveChildren(ch, cap)
					fig.AppendChild(cap)
				} else {
					moveChildren(ch, fig)
				}
				continue
			}
			walk(ch)
		}
	}
	walk(t)
	replace(t, fig)
	return fig
}

// figure writes an image with its caption as two paragraphs: the image,
// then the caption in italics. An image without alt text takes the caption.
func figure(fig *html.Node) {
	var img *html.Node
	var caption string
	var capNode *html.Node
	find(fig, func(n *html.Node) bool {
		switch {
		case n.DataAtom == atom.Img && img == nil:
			img = n
		case n.DataAtom == atom.Figcaption && capNode == nil:
			capNode = n
			caption = strings.Join(strings.Fields(textOf(n)), " ")
		}
		return false
	})
	if capNode != nil {
		capNode.Parent.RemoveChild(capNode)
	}
	if img != nil && caption != "" && strings.TrimSpace(attr(img, "alt")) == "" {
		setAttr(img, "alt", caption)
	}
	div := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	moveChildren(fig, div)
	replace(fig, div)
	if capNode != nil && caption != "" {
		p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
		em := &html.Node{Type: html.ElementNode, Data: "em", DataAtom: atom.Em}
		moveChildren(capNode, em)
		p.AppendChild(em)
		div.AppendChild(p)
	}
}
