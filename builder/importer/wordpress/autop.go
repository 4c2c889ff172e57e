package wordpress

import (
	"fmt"
	"regexp"
	"strings"
)

// The classic editor stores text, not HTML paragraphs: WordPress makes
// paragraphs of text separated by a blank line and turns single line breaks
// into <br> when it shows a post (wpautop). autop does the same, so a post
// reads as it did.

const autopBlocks = `table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|object|video|audio|script`

var (
	autopBlockTag   = regexp.MustCompile(`(?i)(<(?:` + autopBlocks + `)[\s/>])`)
	autopBlockClose = regexp.MustCompile(`(?i)(</(?:` + autopBlocks + `)>)`)
	autopStarts     = regexp.MustCompile(`(?i)^</?(?:` + autopBlocks + `)[\s/>]`)
	autopPre        = regexp.MustCompile(`(?is)<pre[\s>].*?</pre>`)
	autopBareURL    = regexp.MustCompile(`^(https?://[^\s<>"]+)$`)
	autopBrTag      = regexp.MustCompile(`(?i)<br\s*/?>\s*\n`)
	autopBlankLine  = regexp.MustCompile(`\n\s*\n`)
)

// autop turns classic editor text into HTML paragraphs. A paragraph that
// is nothing but an address is an embed on WordPress (a video, a tweet);
// here it becomes a link, and note hears of it.
func autop(s string, note func(string)) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var pres []string
	s = autopPre.ReplaceAllStringFunc(s, func(m string) string {
		pres = append(pres, m)
		return fmt.Sprintf("\n\n<pre>KOPIJPRE%d</pre>\n\n", len(pres)-1)
	})
	s = autopBlockTag.ReplaceAllString(s, "\n\n$1")
	s = autopBlockClose.ReplaceAllString(s, "$1\n\n")
	s = autopBrTag.ReplaceAllString(s, "<br />")
	var b strings.Builder
	for _, chunk := range autopBlankLine.Split(s, -1) {
		chunk = strings.TrimSpace(chunk)
		switch {
		case chunk == "":
		case autopStarts.MatchString(chunk):
			b.WriteString(chunk + "\n")
		case autopBareURL.MatchString(chunk):
			note("embed of " + chunk + " became a link")
			fmt.Fprintf(&b, "<p><a href=\"%s\">%s</a></p>\n", chunk, chunk)
		default:
			b.WriteString("<p>" + strings.ReplaceAll(chunk, "\n", "<br />\n") + "</p>\n")
		}
	}
	out := b.String()
	for i, p := range pres {
		out = strings.Replace(out, fmt.Sprintf("<pre>KOPIJPRE%d</pre>", i), p, 1)
	}
	return out
}
