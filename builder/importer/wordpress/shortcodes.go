package wordpress

import (
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
)

// shortcode is one [name attrs]inner[/name] found in a post.
type shortcode struct {
	name   string
	attrs  map[string]string // named attributes, lower-cased keys
	args   []string          // positional values: [youtube URL]
	inner  string            // content between the tags; "" for a self-closing one
	closed bool              // had a closing tag
}

// enclosing are the shortcodes that wrap content.
var enclosing = map[string]bool{"caption": true, "wp_caption": true, "embed": true, "code": true,
	"sourcecode": true, "source": true, "audio": true, "video": true}

// known are the shortcodes handled; others are removed with a note when
// they look like shortcodes, or left as text ("[sic]").
var known = map[string]bool{"caption": true, "wp_caption": true, "gallery": true, "embed": true,
	"audio": true, "video": true, "playlist": true, "code": true, "sourcecode": true, "source": true,
	"youtube": true, "vimeo": true}

var shortcodeName = regexp.MustCompile(`^[A-Za-z][\w-]{0,63}`)

// maxTagLen is the longest shortcode tag read, brackets included.
const maxTagLen = 4096

// expandShortcodes replaces every shortcode in s by what expand returns.
// [[name]] is WordPress's way to write a literal [name].
func expandShortcodes(s string, expand func(sc shortcode) string, note func(string)) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '[')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		name := shortcodeName.FindString(s[1:])
		// A tag's attributes are short; looking no further keeps a text
		// full of "[" linear.
		end := strings.IndexByte(s[:min(len(s), maxTagLen)], ']')
		if name == "" || end < 0 || strings.ContainsAny(s[1:end], "[\n") {
			if strings.HasPrefix(s, "[[") {
				if j := strings.Index(s, "]]"); j > 0 {
					b.WriteString(s[1 : j+1]) // [[gallery]] shows [gallery]
					s = s[j+2:]
					continue
				}
			}
			b.WriteByte('[')
			s = s[1:]
			continue
		}
		rest := strings.TrimSpace(s[1+len(name) : end])
		selfClosed := strings.HasSuffix(rest, "/")
		rest = strings.TrimSuffix(rest, "/")
		sc := shortcode{name: strings.ToLower(name)}
		sc.attrs, sc.args = parseAttrs(rest)
		after := s[end+1:]
		closeTag := "[/" + name + "]"
		if !selfClosed && (enclosing[sc.name] || !known[sc.name]) {
			if j := strings.Index(after, closeTag); j >= 0 {
				sc.inner, sc.closed = after[:j], true
				after = after[j+len(closeTag):]
			}
		}
		switch {
		case known[sc.name]:
			b.WriteString(expand(sc))
		case sc.closed || len(sc.attrs) > 0 || strings.ContainsAny(name, "-_"):
			note("shortcode [" + name + "] has no kopij equivalent; removed" + keptInner(sc))
			b.WriteString(sc.inner)
		default:
			b.WriteString(s[:end+1]) // plain text in brackets
		}
		s = after
	}
}

func keptInner(sc shortcode) string {
	if strings.TrimSpace(sc.inner) != "" {
		return ", its text kept"
	}
	return ""
}

var attrRe = regexp.MustCompile(`([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|'([^']*)'|(\S+)`)

// parseAttrs reads shortcode attributes as WordPress does: key="v",
// key='v', key=v, and positional "v" or v. "[youtube=URL]" gives a
// positional URL.
func parseAttrs(s string) (map[string]string, []string) {
	attrs := map[string]string{}
	var args []string
	if strings.HasPrefix(s, "=") { // [youtube=https://...]
		return attrs, []string{strings.TrimSpace(s[1:])}
	}
	s = strings.NewReplacer("\u00a0", " ", "\u200b", " ", "&#8221;", `"`, "&#8243;", `"`, "&quot;", `"`).Replace(s)
	for _, m := range attrRe.FindAllStringSubmatch(s, -1) {
		switch {
		case m[1] != "":
			attrs[strings.ToLower(m[1])] = html.UnescapeString(m[2])
		case m[3] != "":
			attrs[strings.ToLower(m[3])] = html.UnescapeString(m[4])
		case m[5] != "":
			attrs[strings.ToLower(m[5])] = html.UnescapeString(m[6])
		case m[7] != "" || m[8] != "":
			args = append(args, m[7]+m[8])
		case m[9] != "":
			args = append(args, m[9])
		}
	}
	return attrs, args
}

// captionParts splits caption content into the image and the caption text,
// the way WordPress does.
var captionParts = regexp.MustCompile(`(?is)^\s*((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)$`)

// figureHTML is a captioned image as HTML that the importer's cleaner turns
// into an image and an italic caption.
func figureHTML(img, caption string) string {
	caption = strings.TrimSpace(caption)
	if caption == "" {
		return "\n\n<figure>" + img + "</figure>\n\n"
	}
	return "\n\n<figure>" + img + "<figcaption>" + caption + "</figcaption></figure>\n\n"
}

func linkHTML(u string) string {
	e := html.EscapeString(u)
	return fmt.Sprintf("\n\n<p><a href=\"%s\">%s</a></p>\n\n", e, e)
}

func codeHTML(lang, code string) string {
	class := ""
	if lang != "" {
		class = fmt.Sprintf(" class=\"language-%s\"", html.EscapeString(strings.ToLower(lang)))
	}
	code = strings.Trim(html.UnescapeString(code), "\r\n")
	return fmt.Sprintf("\n\n<pre><code%s>%s</code></pre>\n\n", class, html.EscapeString(code))
}

// ids reads a comma-separated id list such as ids="12,13".
func ids(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			if _, err := strconv.Atoi(f); err == nil {
				out = append(out, f)
			}
		}
	}
	return out
}
