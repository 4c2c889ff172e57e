package wordpress

import (
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"
)

// blockDelim is one block comment: <!-- wp:name {"attrs"} --> (opening),
// <!-- /wp:name --> (closing) or <!-- wp:name /--> (void).
type blockDelim struct {
	start, end int // byte range of the comment in the content
	name       string
	closing    bool
	void       bool
	attrs      map[string]any
}

// nextBlock finds the next block delimiter in s at or after from.
func nextBlock(s string, from int) (blockDelim, bool) {
	for {
		i := strings.Index(s[from:], "<!--")
		if i < 0 {
			return blockDelim{}, false
		}
		start := from + i
		j := strings.Index(s[start+4:], "-->")
		if j < 0 {
			return blockDelim{}, false
		}
		end := start + 4 + j + 3
		inner := strings.TrimSpace(s[start+4 : end-3])
		d := blockDelim{start: start, end: end}
		if strings.HasPrefix(inner, "/wp:") {
			d.closing, inner = true, inner[1:]
		}
		if !strings.HasPrefix(inner, "wp:") {
			from = end
			continue
		}
		inner = inner[3:]
		if strings.HasSuffix(inner, "/") {
			d.void, inner = true, strings.TrimSpace(strings.TrimSuffix(inner, "/"))
		}
		name, rest, _ := strings.Cut(inner, " ")
		d.name = name
		if rest = strings.TrimSpace(rest); strings.HasPrefix(rest, "{") {
			_ = json.Unmarshal([]byte(rest), &d.attrs) // attributes we cannot read are as good as none
		}
		return d, true
	}
}

var figcaption = regexp.MustCompile(`(?s)<figcaption[^>]*>(.*?)</figcaption>`)

// hasBlocks reports content written with the block editor.
func hasBlocks(s string) bool { return strings.Contains(s, "<!-- wp:") }

// blockRenderer turns block editor content into plain HTML: the comments
// go, the HTML between them stays, embeds become links, reusable blocks are
// filled in, and blocks WordPress renders from live data (latest posts,
// archives, search) are left out with a note.
type blockRenderer struct {
	reusable map[string]string // wp_block post id -> its content
	note     func(string)
	dropped  map[string]int // dynamic block name -> times left out
	depth    int
}

func (r *blockRenderer) render(s string) string {
	if r.depth > 8 {
		r.note("reusable blocks nested too deep; the innermost left out")
		return ""
	}
	var b strings.Builder
	pos := 0
	for {
		d, ok := nextBlock(s, pos)
		if !ok {
			b.WriteString(s[pos:])
			break
		}
		b.WriteString(s[pos:d.start])
		pos = d.end
		if d.closing {
			continue
		}
		switch {
		case d.name == "embed" || strings.HasPrefix(d.name, "core-embed/"):
			u, _ := d.attrs["url"].(string)
			inner, after := blockInner(s, d)
			if u == "" {
				u = strings.TrimSpace(stripTags(inner))
			}
			if u != "" {
				fmt.Fprintf(&b, "\n\n<p><a href=\"%s\">%s</a></p>\n\n", html.EscapeString(u), html.EscapeString(u))
				if m := figcaption.FindStringSubmatch(inner); m != nil {
					fmt.Fprintf(&b, "<p><em>%s</em></p>\n\n", m[1])
				}
				r.note("embed of " + u + " became a link")
			}
			pos = after
		case d.name == "block" && d.void:
			ref := fmt.Sprint(d.attrs["ref"])
			content, ok := r.reusable[ref]
			if !ok {
				r.note("reusable block " + ref + " is not in the export; left out")
				continue
			}
			r.depth++
			b.WriteString(r.render(content))
			r.depth--
		case d.name == "social-link" && d.void:
			if u, _ := d.attrs["url"].(string); u != "" {
				service, _ := d.attrs["service"].(string)
				if service == "" {
					service = u
				}
				fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>", html.EscapeString(u), html.EscapeString(service))
			}
		case d.void && !harmlessVoid[d.name]:
			r.dropped[d.name]++
		}
	}
	return b.String()
}

// harmlessVoid are void blocks with nothing to show on a static page.
var harmlessVoid = map[string]bool{"spacer": true, "separator": true, "more": true, "nextpage": true}

// blockInner returns the content of the block opened by d and the position
// after its closing comment (the end of s when it has none).
func blockInner(s string, d blockDelim) (string, int) {
	if d.void {
		return "", d.end
	}
	level, pos := 1, d.end
	for {
		n, ok := nextBlock(s, pos)
		if !ok {
			return s[d.end:], len(s)
		}
		pos = n.end
		if n.name != d.name || n.void {
			continue
		}
		if n.closing {
			level--
			if level == 0 {
				return s[d.end:n.start], n.end
			}
		} else {
			level++
		}
	}
}

// notes reports the dynamic blocks left out, in one note.
func (r *blockRenderer) notes() {
	if len(r.dropped) == 0 {
		return
	}
	names := make([]string, 0, len(r.dropped))
	for n, c := range r.dropped {
		if c > 1 {
			n = fmt.Sprintf("%s (%d)", n, c)
		}
		names = append(names, "wp:"+n)
	}
	sort.Strings(names)
	r.note("blocks that show what WordPress computed from live data, left out: " + strings.Join(names, ", "))
}

// stripTags removes tags from a short piece of HTML.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return html.UnescapeString(b.String())
}
