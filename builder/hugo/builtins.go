package hugo

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"strings"

	"rsc.io/qr"
)

// builtin renders a built-in shortcode. msg, when set, is a warning; an
// empty out with a msg shows nothing.
type builtin func(c *call) (out string, msg string)

// builtins are Hugo's embedded shortcodes. The embeds (youtube, vimeo,
// gist, x, tweet, twitter, instagram) render a link to the original, with
// a local thumbnail when Options.Thumbnail has one: nothing is loaded from
// a third party until the reader clicks.
var builtins = map[string]builtin{
	"figure":    figure,
	"youtube":   youtube,
	"vimeo":     vimeo,
	"gist":      gist,
	"x":         xPost,
	"tweet":     xPost,
	"twitter":   xPost,
	"instagram": instagram,
	"highlight": highlightSC,
	"details":   details,
	"param":     param,
	"ref":       func(c *call) (string, string) { return refSC(c, true) },
	"relref":    func(c *call) (string, string) { return refSC(c, false) },
	"qr":        qrSC,
	"comment":   func(*call) (string, string) { return "", "" },
}

// embeds are the built-ins that would load a third party's player.
var embeds = map[string]bool{"youtube": true, "vimeo": true, "gist": true, "x": true, "tweet": true, "twitter": true, "instagram": true}

var esc = template.HTMLEscapeString

// str returns a parameter as text: a named one, else the positional one at
// index (when index >= 0).
func (c *call) str(name string, index int) string {
	if c.sc.Named != nil {
		return toString(c.sc.Named[name])
	}
	if index >= 0 && index < len(c.sc.Positional) {
		return toString(c.sc.Positional[index])
	}
	return ""
}

// flag reads a boolean parameter written as true/false/1/0.
func (c *call) flag(name string, def bool) bool {
	v, ok := c.sc.Named[name]
	if !ok {
		return def
	}
	switch toString(v) {
	case "true", "1":
		return true
	case "false", "0":
		return false
	}
	return def
}

func attr(name, value string) string {
	if value == "" {
		return ""
	}
	return " " + name + `="` + esc(value) + `"`
}

func figure(c *call) (string, string) {
	src := c.str("src", -1)
	if u, err := url.Parse(src); err == nil && !u.IsAbs() {
		if r := resources(c.run.page.Resources).Get(u.Path); r != nil {
			src = r.RelPermalink
		}
	}
	caption, title, attrText, link := c.str("caption", -1), c.str("title", -1), c.str("attr", -1), c.str("link", -1)
	var b strings.Builder
	b.WriteString("<figure" + attr("class", c.str("class", -1)) + ">")
	if link != "" {
		b.WriteString(`<a href="` + esc(link) + `"` + attr("target", c.str("target", -1)) + attr("rel", c.str("rel", -1)) + ">")
	}
	b.WriteString(`<img src="` + esc(src) + `"`)
	if alt := c.str("alt", -1); alt != "" {
		b.WriteString(attr("alt", alt))
	} else if caption != "" {
		b.WriteString(` alt="` + esc(plainify(c.run.e.markdownify(caption, false))) + `"`)
	}
	b.WriteString(attr("width", c.str("width", -1)) + attr("height", c.str("height", -1)) + attr("loading", c.str("loading", -1)) + ">")
	if link != "" {
		b.WriteString("</a>")
	}
	if title != "" || caption != "" || attrText != "" {
		b.WriteString("<figcaption>")
		if title != "" {
			b.WriteString("<h4>" + esc(title) + "</h4>")
		}
		if caption != "" || attrText != "" {
			b.WriteString("<p>" + c.run.e.markdownify(caption, false))
			al := c.str("attrlink", -1)
			if al != "" {
				b.WriteString("\n" + `<a href="` + esc(al) + `">`)
			}
			b.WriteString(c.run.e.markdownify(attrText, false))
			if al != "" {
				b.WriteString("</a>")
			}
			b.WriteString("</p>")
		}
		b.WriteString("</figcaption>")
	}
	b.WriteString("</figure>")
	return b.String(), ""
}

// embedLink is the click-to-load stand-in for an embedded player or post:
// a link to the original with a local thumbnail or a title.
func (c *call) embedLink(provider, id, href, title, class string) string {
	var b strings.Builder
	cls := "embed embed-" + provider
	if class != "" {
		cls += " " + class
	}
	b.WriteString(`<div class="` + esc(cls) + `"><a href="` + esc(href) + `" rel="noopener">`)
	if c.run.e.opt.Thumbnail != nil {
		if thumb := c.run.e.opt.Thumbnail(provider, id); thumb != "" {
			b.WriteString(`<img src="` + esc(thumb) + `" alt="` + esc(title) + `" loading="lazy">`)
		}
	}
	b.WriteString(`<span class="embed-title">` + esc(title) + `</span></a></div>`)
	return b.String()
}

func youtube(c *call) (string, string) {
	id := c.str("id", 0)
	if id == "" {
		return "", "needs a video id: {{< youtube ID >}}"
	}
	href := "https://www.youtube.com/watch?v=" + url.QueryEscape(id)
	if start := c.str("start", -1); start != "" {
		href += "&t=" + url.QueryEscape(start) + "s"
	}
	title := c.str("title", -1)
	if title == "" {
		title = "YouTube video"
	}
	class := c.str("class", -1)
	if c.sc.Named == nil && len(c.sc.Positional) > 1 {
		class = ""
	}
	return c.embedLink("youtube", id, href, title, class), ""
}

func vimeo(c *call) (string, string) {
	id := c.str("id", 0)
	if id == "" {
		return "", "needs a video id: {{< vimeo ID >}}"
	}
	title := c.str("title", 2)
	if title == "" {
		title = "Vimeo video"
	}
	return c.embedLink("vimeo", id, "https://vimeo.com/"+url.PathEscape(id), title, c.str("class", 1)), ""
}

func gist(c *call) (string, string) {
	user, id, file := c.str("user", 0), c.str("id", 1), c.str("file", 2)
	if user == "" || id == "" {
		return "", "needs a user and a gist id: {{< gist USER ID [FILE] >}}"
	}
	href := "https://gist.github.com/" + url.PathEscape(user) + "/" + url.PathEscape(id)
	title := "Gist " + user + "/" + id
	if file != "" {
		href += "#file-" + strings.NewReplacer(".", "-", " ", "-").Replace(strings.ToLower(file))
		title += ": " + file
	}
	return c.embedLink("gist", id, href, title, ""), ""
}

func xPost(c *call) (string, string) {
	user, id := c.str("user", -1), c.str("id", 0)
	if id == "" {
		return "", "needs a post id: {{< x user=\"NAME\" id=\"ID\" >}}"
	}
	if user == "" {
		user = "i"
	}
	title := "Post on X"
	if user != "i" {
		title = "Post by @" + user + " on X"
	}
	return c.embedLink("x", id, "https://x.com/"+url.PathEscape(user)+"/status/"+url.PathEscape(id), title, ""), ""
}

func instagram(c *call) (string, string) {
	id := c.str("id", 0)
	if id == "" {
		return "", "needs a post id: {{< instagram ID >}}"
	}
	return c.embedLink("instagram", id, "https://www.instagram.com/p/"+url.PathEscape(id)+"/", "Instagram post", ""), ""
}

func highlightSC(c *call) (string, string) {
	code := strings.Trim(c.run.stripSentinels(deindent(c.inner, c.sc.Indent)), "\n\r")
	return c.run.e.highlight(code, c.str("lang", 0), fenceOptions(c.str("options", 1))), ""
}

// fenceOptions turns Hugo's highlight options ("linenos=table,hl_lines=2
// 4-5") into goldmark-highlighting attributes ("linenos=table, hl_lines=[2,"4-5"]").
func fenceOptions(opts string) string {
	if strings.TrimSpace(opts) == "" {
		return ""
	}
	var out []string
	for _, kv := range strings.Split(opts, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.Trim(strings.TrimSpace(v), `"`)
		switch k {
		case "hl_lines":
			var parts []string
			for _, f := range strings.Fields(v) {
				if strings.Contains(f, "-") {
					parts = append(parts, `"`+f+`"`)
				} else {
					parts = append(parts, f)
				}
			}
			out = append(out, "hl_lines=["+strings.Join(parts, ",")+"]")
		case "linenos", "linenostart":
			out = append(out, k+"="+v)
		}
	}
	return strings.Join(out, ", ")
}

func details(c *call) (string, string) {
	summary := c.str("summary", -1)
	if summary == "" {
		summary = "Details"
	}
	var b strings.Builder
	b.WriteString("<details" + attr("class", c.str("class", -1)) + attr("name", c.str("name", -1)))
	if c.flag("open", false) {
		b.WriteString(" open")
	}
	b.WriteString(attr("title", c.str("title", -1)) + ">\n")
	b.WriteString("  <summary>" + c.run.e.markdownify(summary, false) + "</summary>\n  ")
	b.WriteString(c.run.e.markdownify(c.run.stripSentinels(c.inner), true))
	b.WriteString("</details>")
	return b.String(), ""
}

func param(c *call) (string, string) {
	key := c.str("", 0)
	if key == "" {
		return "", "needs a parameter name: {{< param NAME >}}"
	}
	v := c.run.view.Param(key)
	if v == nil {
		return "", fmt.Sprintf("param %q is set neither in the page's front matter nor in the site's params", key)
	}
	return esc(toString(v)), ""
}

func refSC(c *call, abs bool) (string, string) {
	var arg any = c.Params()
	if m, ok := arg.(map[string]any); ok {
		arg = m
	}
	u, err := c.run.view.ref(arg, abs)
	if err != nil {
		return "#", err.Error()
	}
	return esc(u), ""
}

var qrLevels = map[string]qr.Level{"low": qr.L, "medium": qr.M, "quartile": qr.Q, "high": qr.H}

func qrSC(c *call) (string, string) {
	text := c.str("text", -1)
	if text == "" {
		text = strings.TrimSpace(c.run.stripSentinels(c.inner))
	}
	if text == "" {
		return "", "needs a text: {{< qr text=\"...\" />}}"
	}
	levelName := c.str("level", -1)
	if levelName == "" {
		levelName = "medium"
	}
	level, ok := qrLevels[levelName]
	if !ok {
		return "", "level must be low, medium, quartile or high"
	}
	scale := 4
	if s := c.str("scale", -1); s != "" {
		scale = int(toInt(s))
		if scale < 2 {
			return "", "scale must be an integer of at least 2"
		}
	}
	code, err := qr.Encode(text, level)
	if err != nil {
		return "", "cannot encode the text: " + err.Error()
	}
	code.Scale = scale
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%d", text, levelName, scale)))
	name := path.Join(strings.Trim(c.str("targetDir", -1), "/"), "qr_"+hex.EncodeToString(sum[:8])+".png")
	if c.run.x.Files == nil {
		c.run.x.Files = map[string][]byte{}
	}
	c.run.x.Files[name] = code.PNG()
	size := fmt.Sprint((code.Size + 8) * scale)
	return `<img src="` + esc(c.run.e.relURL("/"+name)) + `" width="` + size + `" height="` + size + `"` +
		attr("alt", c.str("alt", -1)) + attr("class", c.str("class", -1)) + attr("id", c.str("id", -1)) +
		attr("title", c.str("title", -1)) + attr("loading", c.str("loading", -1)) + ">", ""
}
