package newsletter

import (
	"image"
	_ "image/gif" // image sizes for the width attribute Outlook needs
	_ "image/jpeg"
	_ "image/png"
	"io/fs"
	"net/url"
	"path"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// contentWidth is the width of the email's text column in CSS pixels:
// 600 less the card's padding and border.
const contentWidth = 518

// dropped elements do nothing in a mail client but alarm spam filters.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Form: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Object: true, atom.Embed: true,
	atom.Canvas: true, atom.Svg: true, atom.Math: true, atom.Link: true, atom.Meta: true, atom.Base: true,
}

// keptAttrs are the attributes mail clients use; the rest (event
// handlers, srcset, loading, ...) is dropped.
var keptAttrs = map[string]bool{
	"href": true, "src": true, "alt": true, "title": true, "class": true, "id": true, "width": true, "height": true,
	"colspan": true, "rowspan": true, "align": true, "lang": true, "dir": true, "start": true, "type": true, "style": true,
	"cite": true, "datetime": true, "scope": true, "reversed": true,
}

// images tells the width of an image of the built site, in pixels; 0 when
// unknown.
type images func(src string) int

// siteImages reads image sizes from the built site folder site, whose
// files are served below home.
func siteImages(site fs.FS, home string) images {
	return func(src string) int {
		if site == nil || !strings.HasPrefix(src, home) {
			return 0
		}
		u, err := url.Parse(strings.TrimPrefix(src, home))
		if err != nil || u.Path == "" {
			return 0
		}
		name := path.Clean(strings.TrimPrefix(u.Path, "/"))
		if !fs.ValidPath(name) {
			return 0
		}
		f, err := site.Open(name)
		if err != nil {
			return 0
		}
		defer f.Close()
		cfg, _, err := image.DecodeConfig(f)
		if err != nil {
			return 0
		}
		return cfg.Width
	}
}

// emailContent rewrites a post's HTML for mail clients: scripts, forms and
// embeds out (a video or frame becomes a link), task-list boxes as
// characters, links and images absolute against base, and images at most
// as wide as the text column, with a width Outlook for Windows reads.
func emailContent(fragment, base string, sizes images) string {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), ctx)
	if err != nil {
		return html.EscapeString(fragment)
	}
	bu, _ := url.Parse(base)
	var b strings.Builder
	for _, n := range nodes {
		ctx.AppendChild(n)
	}
	cleanChildren(ctx, bu, sizes)
	for c := ctx.FirstChild; c != nil; c = c.NextSibling {
		html.Render(&b, c)
	}
	return b.String()
}

func cleanChildren(n *html.Node, base *url.URL, sizes images) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.CommentNode {
			n.RemoveChild(c)
		} else if c.Type == html.ElementNode {
			cleanElement(n, c, base, sizes)
		}
		c = next
	}
}

func cleanElement(parent, n *html.Node, base *url.URL, sizes images) {
	switch {
	case dropped[n.DataAtom]:
		parent.RemoveChild(n)
		return
	case n.DataAtom == atom.Iframe || n.DataAtom == atom.Video || n.DataAtom == atom.Audio:
		src := attr(n, "src")
		for c := n.FirstChild; src == "" && c != nil; c = c.NextSibling {
			if c.DataAtom == atom.Source {
				src = attr(c, "src")
			}
		}
		src = absolute(base, src)
		if src == "" {
			parent.RemoveChild(n)
			return
		}
		a := &html.Node{Type: html.ElementNode, Data: "a", DataAtom: atom.A, Attr: []html.Attribute{{Key: "href", Val: src}}}
		a.AppendChild(&html.Node{Type: html.TextNode, Data: "▶ " + src})
		p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
		p.AppendChild(a)
		parent.InsertBefore(p, n)
		parent.RemoveChild(n)
		return
	case n.DataAtom == atom.Input:
		box := "☐ "
		if hasAttr(n, "checked") {
			box = "☑ "
		}
		parent.InsertBefore(&html.Node{Type: html.TextNode, Data: box}, n)
		parent.RemoveChild(n)
		return
	}
	kept := n.Attr[:0]
	for _, a := range n.Attr {
		if !keptAttrs[a.Key] {
			continue
		}
		if a.Key == "href" || a.Key == "src" {
			if a.Val = absolute(base, a.Val); a.Val == "" {
				continue
			}
		}
		kept = append(kept, a)
	}
	n.Attr = kept
	if n.DataAtom == atom.Img {
		sizeImage(n, sizes)
	}
	cleanChildren(n, base, sizes)
}

// sizeImage caps an image at the text column. Without a width attribute
// Outlook for Windows shows an image at its full size, whatever the CSS.
func sizeImage(n *html.Node, sizes images) {
	w, _ := strconv.Atoi(attr(n, "width"))
	if w == 0 && sizes != nil {
		w = sizes(attr(n, "src"))
	}
	if w == 0 {
		return
	}
	setAttr(n, "width", strconv.Itoa(min(w, contentWidth)))
	removeAttr(n, "height") // height: auto keeps the proportions
}

// absolute resolves ref against base; "" for a script URL or one that
// does not parse.
func absolute(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	u, err := url.Parse(ref)
	if err != nil || ref == "" {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto", "tel":
	default:
		return ""
	}
	if base != nil && !u.IsAbs() {
		return base.ResolveReference(u).String()
	}
	return u.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
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

func removeAttr(n *html.Node, key string) {
	kept := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Key != key {
			kept = append(kept, a)
		}
	}
	n.Attr = kept
}
