package jekyll

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/osteele/liquid/expressions"
	"github.com/osteele/liquid/parser"
)

// unknownTag is the tag that stands in for a tag the engine does not know;
// prepare rewrites {% oembed https://x.test/v %} into
// {% kopijunknowntag https://x.test/v %}, which renders a link, and
// {% plugin_tag %} into {% kopijunknowntag %}, which renders nothing.
const unknownTag = "kopijunknowntag"

// knownTags are the tags Render runs: Liquid's own, Jekyll's, and the end
// and clause tags of their blocks.
var knownTags = map[string]bool{
	"assign": true, "capture": true, "endcapture": true, "case": true, "when": true, "endcase": true,
	"comment": true, "endcomment": true, "for": true, "endfor": true, "break": true, "continue": true,
	"cycle": true, "if": true, "elsif": true, "else": true, "endif": true, "unless": true, "endunless": true,
	"raw": true, "endraw": true, "tablerow": true, "endtablerow": true,
	"highlight": true, "endhighlight": true, "include": true, "include_relative": true,
	"link": true, "post_url": true, "increment": true, "decrement": true, unknownTag: true, checkTag: true,
}

// embedURLs turn the arguments of common embed plugin tags into the page
// they embed, so a reader gets a link instead of nothing.
var embedURLs = map[string]string{
	"youtube": "https://www.youtube.com/watch?v=%s",
	"vimeo":   "https://vimeo.com/%s",
	"gist":    "https://gist.github.com/%s",
}

var (
	urlRE    = regexp.MustCompile(`https?://[^\s"'<>]+`)
	filterRE = regexp.MustCompile(`^\s*([A-Za-z_][\w-]*)`)
)

// unknown is an unknown tag met by prepare, rendered by the stand-in tag.
type unknown struct {
	name, args string
	line       int
}

// prepare rewrites what the engine cannot parse: unknown tags become the
// stand-in tag, unknown filters are dropped, and {{ }} that do not parse
// are removed; each with a warning. Text inside raw and comment is left as
// it is. Line numbers are kept.
//
// With check set (page bodies, not includes), every {{ page.x }} and
// {{ site.x }} is preceded by a tag that warns when the variable is not
// set: Jekyll renders it empty too, but it is often the variable of a Ruby
// plugin that kopij cannot run.
func (r *Renderer) prepare(src, file string, line int, check bool) (string, []Warning, lineMap) {
	src, lines := joinObjectLines(src)
	tokens := parser.Scan(src, parser.SourceLoc{Pathname: file, LineNo: line}, nil)
	var b strings.Builder
	var warnings []Warning
	var unknowns []unknown
	warn := func(line int, format string, a ...any) {
		warnings = append(warnings, Warning{File: file, Line: line, Msg: fmt.Sprintf(format, a...)})
	}
	inside := "" // "raw" or "comment" while in such a block
	for _, t := range tokens {
		switch t.Type {
		case parser.TextTokenType:
			text := t.Source
			if inside == "" && (strings.Contains(text, "{%") || strings.Contains(text, "{{")) {
				var kept strings.Builder
				for k := 0; k < len(text); k++ {
					if mark := text[k:min(k+2, len(text))]; mark == "{%" || mark == "{{" {
						warn(t.SourceLoc.LineNo+strings.Count(text[:k], "\n"),
							"%s is never closed (Jekyll stops the build here); left out (close it, or write {%% raw %%}%s{%% endraw %%} to show it)", mark, mark)
						k++
						continue
					}
					kept.WriteByte(text[k])
				}
				text = kept.String()
			}
			b.WriteString(text)
		case parser.ObjTokenType:
			if inside != "" {
				b.WriteString(t.Source)
				continue
			}
			expr, dropped := dropUnknownFilters(t.Args, r.engineFilters)
			if _, err := expressions.Parse(expr); err != nil {
				warn(t.SourceLoc.LineNo, "{{ %s }} is not a Liquid expression (%v); left out", strings.TrimSpace(t.Args), err)
				b.WriteString(keepLines(t.Source, ""))
				continue
			}
			for _, f := range dropped {
				warn(t.SourceLoc.LineNo, "Liquid filter %q is not known; left out, as Jekyll does", f)
			}
			if v := checkedVariable(expr); v != "" && check && !hasFilter(expr, "default") {
				open := "{%"
				if strings.HasPrefix(t.Source, "{{-") {
					open = "{%-"
				}
				b.WriteString(open + " " + checkTag + " " + v + " %}")
			}
			if len(dropped) > 0 {
				b.WriteString(trimMarks(t.Source, "{{", "}}", expr))
				continue
			}
			b.WriteString(t.Source)
		case parser.TagTokenType:
			switch {
			case inside != "":
				if t.Name == "end"+inside {
					inside = ""
				}
				b.WriteString(t.Source)
			case t.Name == "raw" || t.Name == "comment":
				inside = t.Name
				b.WriteString(t.Source)
			case t.Name == "assign":
				expr, dropped := dropUnknownFilters(t.Args, r.engineFilters)
				for _, f := range dropped {
					warn(t.SourceLoc.LineNo, "Liquid filter %q is not known; left out, as Jekyll does", f)
				}
				if len(dropped) > 0 {
					b.WriteString(trimMarks(t.Source, "{%", "%}", "assign "+expr))
					continue
				}
				b.WriteString(t.Source)
			case t.Name == "for" || t.Name == "tablerow":
				b.WriteString(clampRange(t, warn))
			case knownTags[t.Name] && t.Name != unknownTag && t.Name != checkTag:
				b.WriteString(t.Source)
			default:
				u := unknown{name: t.Name, args: strings.TrimSpace(t.Args), line: t.SourceLoc.LineNo}
				unknowns = append(unknowns, u)
				link := unknownLink(u)
				if strings.Contains(link, "%}") || strings.HasPrefix(u.name, "end") {
					link = ""
				}
				b.WriteString(keepLines(t.Source, strings.TrimSpace(fmt.Sprintf("{%% %s %s", unknownTag, link))+" %}"))
			}
		}
	}
	defer func() {
		for i := range warnings {
			warnings[i].Line = lines.original(warnings[i].Line-line) + line
		}
	}()
	for _, u := range unknowns {
		if strings.HasPrefix(u.name, "end") {
			warn(u.line, "Liquid tag {%% %s %%} is not known; left out", u.name)
			continue
		}
		if link := unknownLink(u); link != "" {
			warn(u.line, "Liquid tag {%% %s %%} is not known (a Jekyll plugin?); shown as a link to %s", u.name, link)
		} else {
			warn(u.line, "Liquid tag {%% %s %%} is not known (a Jekyll plugin?); left out", u.name)
		}
	}
	return b.String(), warnings, lines
}

// maxRange bounds the literal ranges of for loops, so a typo such as
// (1..10000000000) cannot stall a build.
const maxRange = 100000

var rangeRE = regexp.MustCompile(`\(\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*\)`)

// clampRange shortens a for loop's literal range to maxRange items.
func clampRange(t parser.Token, warn func(int, string, ...any)) string {
	m := rangeRE.FindStringSubmatchIndex(t.Source)
	if m == nil {
		return t.Source
	}
	lo, err1 := strconv.ParseInt(t.Source[m[2]:m[3]], 10, 64)
	hi, err2 := strconv.ParseInt(t.Source[m[4]:m[5]], 10, 64)
	if err1 == nil && err2 == nil && hi-lo < maxRange && lo > -1<<40 && hi < 1<<40 {
		return t.Source
	}
	if err1 != nil {
		lo = 0
	}
	warn(t.SourceLoc.LineNo, "{%% %s %%}: the range has more than %d items; cut to %d", strings.TrimSpace(t.Source[2:len(t.Source)-2]), maxRange, maxRange)
	return t.Source[:m[0]] + fmt.Sprintf("(%d..%d)", lo, lo+maxRange-1) + t.Source[m[1]:]
}

// lineMap maps the lines of a text whose {{ }} were joined onto one line
// back to the lines they were written on; nil when nothing was joined.
type lineMap []int

func (m lineMap) original(l int) int {
	if l < 0 || l >= len(m) {
		return l
	}
	return m[l]
}

// checkTag warns about an unset variable; prepare puts it before objects.
const checkTag = "kopijcheckvariable"

var variablePathRE = regexp.MustCompile(`^\s*((?:page|site)(?:\.[A-Za-z_][\w-]*)+)\s*(?:\||$)`)

// checkedVariable is the page.* or site.* variable an object starts with.
func checkedVariable(expr string) string {
	if m := variablePathRE.FindStringSubmatch(expr); m != nil {
		return m[1]
	}
	return ""
}

func hasFilter(expr, name string) bool {
	for _, p := range splitPipes(expr)[1:] {
		if m := filterRE.FindStringSubmatch(p); m != nil && m[1] == name {
			return true
		}
	}
	return false
}

var multiLineObjectRE = regexp.MustCompile(`\{\{[^{}]*\n[^{}]*\}\}`)

// joinObjectLines puts every {{ }} written over several lines on one line,
// as Ruby's Liquid reads them and osteele/liquid does not. The line map
// keeps warnings on the lines the writer sees.
func joinObjectLines(src string) (string, lineMap) {
	if !strings.Contains(src, "\n") || !multiLineObjectRE.MatchString(src) {
		return src, nil
	}
	joined := multiLineObjectRE.ReplaceAllStringFunc(src, func(m string) string {
		return strings.ReplaceAll(m, "\n", " ")
	})
	// Joining keeps every byte's offset, so a newline of src that is still
	// a newline in joined starts the next joined line.
	lines := lineMap{0}
	o := 0
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			o++
			if joined[i] == '\n' {
				lines = append(lines, o)
			}
		}
	}
	return joined, lines
}

// unknownLink is the URL a reader is given for an unknown tag: the first
// URL among its arguments, or the page of a known embed.
func unknownLink(u unknown) string {
	if m := urlRE.FindString(u.args); m != "" {
		return strings.TrimRight(m, ".,;)")
	}
	if f, ok := embedURLs[u.name]; ok {
		if id := strings.Trim(strings.Fields(u.args + " x")[0], `"'`); u.args != "" && id != "" {
			return fmt.Sprintf(f, id)
		}
	}
	return ""
}

// keepLines returns replacement followed by as many newlines as the
// source it replaces had, so later line numbers stay right.
func keepLines(source, replacement string) string {
	if n := strings.Count(source, "\n"); n > 0 {
		if strings.HasSuffix(replacement, "%}") {
			return replacement[:len(replacement)-2] + strings.Repeat("\n", n) + "%}"
		}
		return replacement + strings.Repeat("\n", n)
	}
	return replacement
}

// trimMarks rebuilds a tag or object with new content, keeping its
// whitespace-control dashes and its line count.
func trimMarks(source, open, close, content string) string {
	l, rr := open, close
	if strings.HasPrefix(source, open+"-") {
		l = open + "-"
	}
	if strings.HasSuffix(source, "-"+close) {
		rr = "-" + close
	}
	n := strings.Count(source, "\n") - strings.Count(content, "\n")
	if n < 0 {
		n = 0
	}
	return l + " " + content + strings.Repeat("\n", n) + " " + rr
}

// dropUnknownFilters removes "| name: args" parts whose filter is not
// known, minding quoted strings. Jekyll ignores unknown filters.
func dropUnknownFilters(expr string, known func(string) bool) (string, []string) {
	parts := splitPipes(expr)
	if len(parts) < 2 {
		return expr, nil
	}
	var kept []string
	var dropped []string
	kept = append(kept, parts[0])
	for _, p := range parts[1:] {
		m := filterRE.FindStringSubmatch(p)
		if m != nil && !known(m[1]) {
			dropped = append(dropped, m[1])
			continue
		}
		kept = append(kept, p)
	}
	if len(dropped) == 0 {
		return expr, nil
	}
	return strings.Join(kept, "|"), dropped
}

// splitPipes splits an expression at the pipes outside quotes.
func splitPipes(s string) []string {
	var parts []string
	var quote byte
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '|' && (i+1 >= len(s) || s[i+1] != '|') && (i == 0 || s[i-1] != '|'):
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}
