package builder

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/kopij/kopij/builder/dates"
	"go.yaml.in/yaml/v3"
)

// frontMatter is the parsed head of a content file.
type frontMatter struct {
	raw    map[string]any        // every key as written, lower-cased
	lines  map[string]int        // file line of each top-level key, lower-cased
	format string                // "yaml", "toml" or "" when the file has none
	nodes  map[string]*yaml.Node // YAML value node of each top-level key, lower-cased, for dates and quoting
}

// normalizeSource removes a byte order mark and turns CRLF and lone CR line
// endings into LF, so that line numbers and parsing agree on every platform.
func normalizeSource(b []byte) []byte {
	b = stripBOM(b)
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
}

// splitFrontMatter separates the front matter block from the body. It
// returns the front matter text (without delimiters), its format, the body
// and the 1-based line where the body starts.
func splitFrontMatter(file string, src []byte) (fm []byte, format string, body []byte, bodyLine int, err error) {
	var delim string
	switch {
	case hasDelimLine(src, "---"):
		delim, format = "---", "yaml"
	case hasDelimLine(src, "+++"):
		delim, format = "+++", "toml"
	default:
		return nil, "", src, 1, nil
	}
	rest := src[len(delim):]
	rest = bytes.TrimLeft(rest, " \t")
	if len(rest) > 0 && rest[0] == '\n' {
		rest = rest[1:]
	}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		t := string(bytes.TrimRight(l, " \t"))
		if t == delim || (format == "yaml" && t == "...") {
			fm = rest[:off]
			if end < 0 {
				body = nil
			} else {
				body = rest[off+end+1:]
			}
			return fm, format, body, line + 1, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return nil, format, nil, 0, &LineError{File: file, Line: 1,
		Msg: fmt.Sprintf("front matter opened with %q is never closed (add a line with %s after the last key)", delim, delim)}
}

func hasDelimLine(src []byte, delim string) bool {
	if !bytes.HasPrefix(src, []byte(delim)) {
		return false
	}
	rest := bytes.TrimLeft(src[len(delim):], " \t")
	return len(rest) == 0 || rest[0] == '\n'
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// parseFrontMatter decodes front matter text into a map with lower-cased
// top-level keys. Line numbers in errors are file lines.
func parseFrontMatter(file string, text []byte, format string) (frontMatter, error) {
	out := frontMatter{raw: map[string]any{}, lines: map[string]int{}, format: format, nodes: map[string]*yaml.Node{}}
	if format == "" {
		return out, nil
	}
	raw := map[string]any{}
	switch format {
	case "yaml":
		var node yaml.Node
		if err := yaml.Unmarshal(text, &node); err != nil {
			return out, yamlError(file, text, err)
		}
		if len(node.Content) == 0 {
			return out, nil // empty front matter
		}
		doc := node.Content[0]
		if doc.Kind != yaml.MappingNode {
			return out, &LineError{File: file, Line: doc.Line + 1, Msg: "front matter must be a list of key: value lines (write one key a line, such as title: My post)"}
		}
		for i := 0; i+1 < len(doc.Content); i += 2 {
			out.lines[strings.ToLower(doc.Content[i].Value)] = doc.Content[i].Line + 1
			out.nodes[strings.ToLower(doc.Content[i].Value)] = doc.Content[i+1]
		}
		if err := doc.Decode(&raw); err != nil {
			return out, yamlError(file, text, err)
		}
	case "toml":
		md, err := toml.Decode(string(text), &raw)
		if err != nil {
			if perr, ok := err.(toml.ParseError); ok {
				return out, &LineError{File: file, Line: perr.Position.Line + 1, Msg: perr.Message + " (check the TOML syntax: strings need quotes, dates as 2006-01-02)"}
			}
			return out, &LineError{File: file, Line: 1, Msg: err.Error()}
		}
		for _, k := range md.Keys() {
			if len(k) == 1 {
				out.lines[strings.ToLower(k[0])] = tomlKeyLine(text, k[0])
			}
		}
	}
	for k, v := range raw {
		out.raw[strings.ToLower(k)] = v
	}
	return out, nil
}

// yamlError is err of the YAML front matter text of file as a LineError
// at the file's line.
func yamlError(file string, text []byte, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if te, ok := errors.AsType[*yaml.TypeError](err); ok && len(te.Errors) > 0 {
		// "unmarshal errors:" and one line per error: the first is the
		// message, on one line as every other.
		msg = te.Errors[0]
	}
	line := 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		line = n + 1
		msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
		if strings.HasPrefix(msg, "did not find expected") {
			line++ // yaml/v3 reports parser errors with 0-based lines
		}
		// Another line the message names ("already defined at line 1") is
		// one of the front matter too: in the file it is one further.
		msg = yamlLineRE.ReplaceAllStringFunc(msg, func(s string) string {
			n, _ := strconv.Atoi(strings.TrimPrefix(s, "line "))
			return fmt.Sprintf("line %d", n+1)
		})
	}
	// yaml reports where it stopped, not where a quoted value that ran on
	// past its line was opened: at the end of the text for a quote never
	// closed, or at the line where a later value's quote closed it.
	end := strings.Contains(msg, "found unexpected end of stream")
	for _, q := range multilineQuotes(text) {
		switch {
		case end && q.close == 0:
			return &LineError{File: file, Line: q.open + 1, Msg: fmt.Sprintf("the value's opening %c is never closed (end the value with %c, or write it without quotes)", q.quote, q.quote)}
		case !end && q.close == line-1:
			return &LineError{File: file, Line: q.open + 1, Msg: fmt.Sprintf("the value's opening %c is not closed on its line, so YAML reads on to line %d and stops there: %s (end the value with %c, or write it without quotes)", q.quote, line, msg, q.quote)}
		}
	}
	return &LineError{File: file, Line: line, Msg: msg + " (check the YAML syntax: key: value, quote values that contain a colon)"}
}

// quotedSpan is a quoted YAML scalar that runs past the text line (from
// 1) it opens on: to line close, or to the end of the text when close is 0.
type quotedSpan struct {
	quote       byte
	open, close int
}

// multilineQuotes finds the quoted YAML scalars of text that do not end
// on the line they open on. A quote opens a scalar at the start of a
// value: after indentation, a key's ": ", a list's "- ", or "[", "{" and
// ",".
func multilineQuotes(text []byte) []quotedSpan {
	var spans []quotedSpan
	line, open, openLine, start := 1, byte(0), 0, true
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '\n' {
			line++
		}
		if open != 0 {
			switch {
			case open == '"' && c == '\\' && i+1 < len(text):
				i++
				if text[i] == '\n' {
					line++
				}
			case c == open && open == '\'' && i+1 < len(text) && text[i+1] == '\'':
				i++ // '' is a quote inside single quotes
			case c == open:
				if line != openLine {
					spans = append(spans, quotedSpan{quote: open, open: openLine, close: line})
				}
				open, start = 0, false
			}
			continue
		}
		next := byte(' ')
		if i+1 < len(text) {
			next = text[i+1]
		}
		switch {
		case c == '\n':
			start = true
		case c == ' ' || c == '\t':
		case c == '#' && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t' || text[i-1] == '\n'):
			for i+1 < len(text) && text[i+1] != '\n' {
				i++ // a comment, to the end of its line
			}
		case (c == '"' || c == '\'') && start:
			open, openLine = c, line
		case c == '[' || c == '{' || c == ',':
			start = true
		case (c == ':' || c == '-' || c == '?') && (next == ' ' || next == '\t' || next == '\n'):
			start = true
		default:
			start = false
		}
	}
	if open != 0 {
		spans = append(spans, quotedSpan{quote: open, open: openLine})
	}
	return spans
}

// tomlKeyLine finds the front matter line of a top-level TOML key; the
// decoder does not report key positions.
func tomlKeyLine(text []byte, key string) int {
	for i, l := range strings.Split(string(text), "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, key) && strings.HasPrefix(strings.TrimSpace(t[len(key):]), "=") {
			return i + 2
		}
	}
	return 1
}

// str reads a string value; numbers and booleans are accepted as text.
func (f frontMatter) str(file string, keys ...string) (string, error) {
	for _, k := range keys {
		v, ok := f.raw[k]
		if !ok || v == nil {
			continue
		}
		switch v := v.(type) {
		case string:
			return v, nil
		case int, int64, float64, bool:
			return fmt.Sprint(v), nil
		default:
			return "", &LineError{File: file, Line: f.lines[k], Msg: fmt.Sprintf("%s must be text, not %s (write %s: \"...\")", k, typeName(v), k)}
		}
	}
	return "", nil
}

// strs reads a list of strings; a single string is split on commas.
func (f frontMatter) strs(file string, keys ...string) ([]string, error) {
	var out []string
	for _, k := range keys {
		v, ok := f.raw[k]
		if !ok || v == nil {
			continue
		}
		switch v := v.(type) {
		case string:
			parts := strings.Split(v, ",")
			if len(parts) == 1 && isTermKey(k) {
				parts = strings.Fields(v) // Jekyll: "categories: jekyll update" is two
			}
			for _, s := range parts {
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, s)
				}
			}
		case []any:
			for _, e := range v {
				switch e := e.(type) {
				case string:
					if e = strings.TrimSpace(e); e != "" {
						out = append(out, e)
					}
				case int, int64, float64, bool:
					out = append(out, fmt.Sprint(e))
				default:
					return nil, &LineError{File: file, Line: f.lines[k], Msg: fmt.Sprintf("%s must be a list of text, found %s (write %s: [a, b])", k, typeName(e), k)}
				}
			}
		default:
			return nil, &LineError{File: file, Line: f.lines[k], Msg: fmt.Sprintf("%s must be a list of text, not %s (write %s: [a, b])", k, typeName(v), k)}
		}
	}
	return out, nil
}

// isTermKey reports the taxonomy keys whose single-string form Jekyll
// splits on spaces.
func isTermKey(k string) bool {
	return k == "tags" || k == "tag" || k == "categories" || k == "category"
}

func (f frontMatter) boolean(file string, key string) (bool, bool, error) {
	v, ok := f.raw[key]
	if !ok || v == nil {
		return false, false, nil
	}
	switch v := v.(type) {
	case bool:
		return v, true, nil
	case string:
		if b, err := strconv.ParseBool(strings.TrimSpace(v)); err == nil {
			return b, true, nil
		}
	}
	return false, false, &LineError{File: file, Line: f.lines[key], Msg: fmt.Sprintf("%s must be true or false, not %v (write %s: true or %s: false)", key, v, key, key)}
}

func (f frontMatter) integer(file string, key string) (int, error) {
	v, ok := f.raw[key]
	if !ok || v == nil {
		return 0, nil
	}
	switch v := v.(type) {
	case int:
		return v, nil
	case int64:
		return int(v), nil
	case float64:
		return int(v), nil
	case string:
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
			return n, nil
		}
	}
	return 0, &LineError{File: file, Line: f.lines[key], Msg: fmt.Sprintf("%s must be a whole number, not %v (write %s: 10)", key, v, key)}
}

// date reads the first of keys that is set, in any form Hugo and Jekyll
// read (see package builder/dates). note is a warning about a zone the
// parser skipped, "" when none.
func (f frontMatter) date(file string, dp dates.Parser, keys ...string) (t time.Time, note string, err error) {
	for _, k := range keys {
		v, ok := f.raw[k]
		if !ok || v == nil {
			continue
		}
		if s, ok := v.(string); ok && strings.TrimSpace(s) == "" {
			continue
		}
		if tv, ok := v.(time.Time); ok && tv.Year() < 1 {
			return time.Time{}, "", beforeYearOne(file, f.lines[k], k, tv)
		}
		var d dates.Date
		switch v.(type) {
		case string, time.Time, int, int64, uint64, float64:
			if n := f.nodes[k]; n != nil && n.Kind == yaml.ScalarNode {
				d, err = dp.Node(n)
			} else {
				d, err = dp.Value(v)
			}
		default:
			return time.Time{}, "", &LineError{File: file, Line: f.lines[k], Msg: fmt.Sprintf("%s must be a date, not %s (write it as 2006-01-02)", k, typeName(v))}
		}
		if err != nil {
			return time.Time{}, "", &LineError{File: file, Line: f.lines[k], Msg: fmt.Sprintf("%s %q is not a date (write it as %s)", k, fmt.Sprint(v), dates.Expected), Err: err}
		}
		if n := d.Note(); n != "" {
			note = (&LineError{File: file, Line: f.lines[k], Msg: k + ": " + n}).Error()
		}
		return d.Time, note, beforeYearOne(file, f.lines[k], k, d.Time)
	}
	return time.Time{}, "", nil
}

// beforeYearOne refuses dates before the year 1, such as 0000-01-01: no
// feed, sitemap or calendar can show them.
func beforeYearOne(file string, line int, key string, t time.Time) error {
	if t.Year() >= 1 {
		return nil
	}
	return &LineError{File: file, Line: line, Msg: fmt.Sprintf("%s %s: years before 1 are not supported (write the real date, such as 2006-01-02)", key, t.Format("2006-01-02"))}
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case []any:
		return "a list"
	case map[string]any:
		return "a table of keys"
	case string:
		return "text"
	case bool:
		return "true/false"
	case int, int64, float64:
		return "a number"
	case time.Time:
		return "a date"
	}
	return fmt.Sprintf("%T", v)
}
