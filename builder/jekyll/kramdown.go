package jekyll

import (
	"regexp"
	"strings"
)

var (
	kdOptionsRE    = regexp.MustCompile(`\{::options\b[^}]*/\}`)
	kdCommentRE    = regexp.MustCompile(`(?s)\{::comment\}.*?\{:/(?:comment)?\}|\{::comment\s*/\}`)
	kdNoMarkdownRE = regexp.MustCompile(`(?s)\{::nomarkdown\}(.*?)\{:/(?:nomarkdown)?\}`)
	kdALDRE        = regexp.MustCompile(`(?m)^ {0,3}\{:[\w-]+:[^}\n]*\}[ \t]*$`)
)

// Kramdown rewrites the kramdown syntax that works on text rather than on
// the document tree, outside fenced and indented code: {::options /} and
// {::comment}…{:/comment} are removed, {::nomarkdown}…{:/nomarkdown} is
// kept as an HTML fragment, and attribute list definitions ({:name: .x})
// are removed. Lines are kept, so line numbers stay right. Inline and block
// attribute lists and {:toc} are left for the goldmark extension
// (NewKramdown).
func (f *Fragments) Kramdown(md []byte) []byte {
	s := string(md)
	if !strings.Contains(s, "{:") {
		return md
	}
	var b strings.Builder
	for _, seg := range splitCode(s) {
		if seg.code {
			b.WriteString(seg.text)
			continue
		}
		t := kdOptionsRE.ReplaceAllString(seg.text, "")
		t = kdCommentRE.ReplaceAllStringFunc(t, newlinesOf)
		t = kdNoMarkdownRE.ReplaceAllStringFunc(t, func(m string) string {
			inner := kdNoMarkdownRE.FindStringSubmatch(m)[1]
			if strings.Contains(inner, "\n") {
				return f.block(strings.TrimSpace(inner)) + newlinesOf(inner)
			}
			return f.add(strings.TrimSpace(inner))
		})
		t = kdALDRE.ReplaceAllString(t, "")
		b.WriteString(t)
	}
	return []byte(b.String())
}

func newlinesOf(s string) string { return strings.Repeat("\n", strings.Count(s, "\n")) }

// segment is a run of lines that is code, or is not.
type segment struct {
	text string
	code bool
}

// splitCode splits Markdown into fenced or indented code and the rest, by
// lines, as CommonMark opens and closes fences.
func splitCode(s string) []segment {
	var out []segment
	var cur strings.Builder
	code := false
	fence := ""
	prevBlank := true
	flush := func(nextCode bool) {
		if cur.Len() > 0 {
			out = append(out, segment{text: cur.String(), code: code})
			cur.Reset()
		}
		code = nextCode
	}
	for _, line := range strings.SplitAfter(s, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		body := strings.TrimRight(trimmed, "\r\n")
		switch {
		case fence != "":
			cur.WriteString(line)
			if indent < 4 && strings.HasPrefix(body, fence) && strings.Trim(body, fence[:1]+" \t") == "" {
				fence = ""
				flush(false)
			}
			continue
		case indent < 4 && (strings.HasPrefix(body, "```") || strings.HasPrefix(body, "~~~")):
			flush(true)
			n := len(body) - len(strings.TrimLeft(body, body[:1]))
			fence = body[:n]
			cur.WriteString(line)
			continue
		case (indent >= 4 || strings.HasPrefix(line, "\t")) && prevBlank && !code && strings.TrimSpace(line) != "":
			flush(true)
		case code && indent < 4 && !strings.HasPrefix(line, "\t") && strings.TrimSpace(line) != "":
			flush(false)
		}
		cur.WriteString(line)
		if !code {
			prevBlank = strings.TrimSpace(line) == ""
		}
	}
	flush(false)
	return out
}
