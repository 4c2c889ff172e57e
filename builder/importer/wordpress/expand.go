package wordpress

import (
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
)

// expander turns the shortcodes of one item into HTML.
type expander struct {
	c    *converter
	item *item
	note func(string)
}

var (
	audioExt = regexp.MustCompile(`(?i)\.(mp3|m4a|ogg|oga|wav|wma|flac)$`)
	videoExt = regexp.MustCompile(`(?i)\.(mp4|m4v|webm|ogv|wmv|flv|mov)$`)
	imageExt = regexp.MustCompile(`(?i)\.(jpe?g|png|gif|webp|avif|svg|bmp)$`)
)

func (e *expander) expand(sc shortcode) string {
	switch sc.name {
	case "caption", "wp_caption":
		m := captionParts.FindStringSubmatch(sc.inner)
		if m == nil {
			return sc.inner
		}
		caption := m[2]
		if c := sc.attrs["caption"]; c != "" {
			caption = c
		}
		return figureHTML(m[1], caption)
	case "gallery":
		return e.gallery(sc)
	case "embed":
		u := strings.TrimSpace(stripTags(sc.inner))
		if u == "" {
			u = sc.attrs["src"]
		}
		if u == "" {
			return ""
		}
		e.note("embed of " + u + " became a link")
		return linkHTML(u)
	case "youtube", "vimeo":
		u := first(sc.args)
		if u == "" {
			u = sc.attrs["id"]
		}
		u = strings.TrimSpace(html.UnescapeString(u))
		if sc.name == "youtube" && strings.Contains(u, "&w=") { // wordpress.com: [youtube=URL&w=320&h=240]
			u = u[:strings.Index(u, "&w=")]
		}
		if u == "" {
			return ""
		}
		if !strings.Contains(u, "://") {
			if sc.name == "vimeo" {
				u = "https://vimeo.com/" + u
			} else {
				u = "https://www.youtube.com/watch?v=" + u
			}
		}
		e.note(sc.name + " video " + u + " became a link")
		return linkHTML(u)
	case "audio", "video":
		ext := audioExt
		if sc.name == "video" {
			ext = videoExt
		}
		src := sc.attrs["src"]
		for _, k := range sortedAttrKeys(sc.attrs) {
			if src == "" && ext.MatchString("."+k) {
				src = sc.attrs[k]
			}
		}
		if src == "" {
			if a := e.childWith(ext); a != nil {
				src = a.AttachmentURL
			}
		}
		if src == "" {
			e.note("[" + sc.name + "] without a file removed")
			return ""
		}
		e.note(sc.name + " " + src + " became a link to the file on the old blog")
		return linkHTML(src)
	case "playlist":
		var b strings.Builder
		b.WriteString("\n\n<ul>")
		n := 0
		for _, id := range ids(sc.attrs["ids"]) {
			if a := e.c.attachments[id]; a != nil && a.AttachmentURL != "" {
				fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>", html.EscapeString(a.AttachmentURL), html.EscapeString(attachmentTitle(a)))
				n++
			}
		}
		b.WriteString("</ul>\n\n")
		e.note(fmt.Sprintf("playlist became a list of %d links to the files on the old blog", n))
		if n == 0 {
			return ""
		}
		return b.String()
	case "code", "sourcecode", "source":
		lang := sc.attrs["language"]
		for _, k := range []string{"lang", "brush"} {
			if lang == "" {
				lang = sc.attrs[k]
			}
		}
		return codeHTML(lang, sc.inner)
	}
	return ""
}

// gallery lists the gallery's images: those of ids= (or include=), else
// the images attached to the post, in the order WordPress shows them.
func (e *expander) gallery(sc shortcode) string {
	var items []*item
	list := ids(sc.attrs["ids"])
	if len(list) == 0 {
		list = ids(sc.attrs["include"])
	}
	if len(list) > 0 {
		for _, id := range list {
			if a := e.c.attachments[id]; a != nil {
				items = append(items, a)
			} else {
				e.note("gallery image " + id + " is not in the export; left out")
			}
		}
	} else {
		parent := e.item.PostID
		if id := sc.attrs["id"]; id != "" {
			parent = id
		}
		exclude := map[string]bool{}
		for _, id := range ids(sc.attrs["exclude"]) {
			exclude[id] = true
		}
		for _, a := range e.c.children[parent] {
			if !exclude[a.PostID] && imageExt.MatchString(attachmentPath(a)) {
				items = append(items, a)
			}
		}
	}
	if len(items) == 0 {
		e.note("gallery without images in the export removed")
		return ""
	}
	var b strings.Builder
	b.WriteString("\n\n<p>")
	for i, a := range items {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "<img src=\"%s\" alt=\"%s\">", html.EscapeString(a.AttachmentURL), html.EscapeString(attachmentAlt(a)))
	}
	b.WriteString("</p>\n\n")
	return b.String()
}

// childWith is the first attachment of the item whose file matches ext.
func (e *expander) childWith(ext *regexp.Regexp) *item {
	for _, a := range e.c.children[e.item.PostID] {
		if ext.MatchString(attachmentPath(a)) {
			return a
		}
	}
	return nil
}

func attachmentPath(a *item) string {
	if u, err := url.Parse(a.AttachmentURL); err == nil {
		return u.Path
	}
	return a.AttachmentURL
}

// attachmentAlt is the image's alt text, else its caption, else its title.
func attachmentAlt(a *item) string {
	for _, s := range []string{a.metaValue("_wp_attachment_image_alt"), stripTags(a.excerpt()), a.Title} {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			return s
		}
	}
	return ""
}

func attachmentTitle(a *item) string {
	if t := strings.TrimSpace(a.Title); t != "" {
		return t
	}
	return path.Base(attachmentPath(a))
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func sortedAttrKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
