package hugo

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	hugoengine "github.com/kopij/kopij/builder/hugo"
	"github.com/kopij/kopij/builder/importer"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/text"
)

// expand runs the shortcodes of a body and returns Markdown without any:
// each top-level call is run on its own, rendered to HTML as Hugo would
// render it, and that HTML becomes Markdown in the call's place, a block
// when the call stands on lines of its own. What could not run is noted
// on p with file and line.
func expand(eng *hugoengine.Engine, md goldmark.Markdown, page *hugoengine.Page, body []byte, p *importer.Post) (string, error) {
	nodes, perrs := hugoengine.Parse(body)
	for _, e := range perrs {
		p.Note(fmt.Sprintf("%s:%d: shortcode left out: %s", page.File, page.BodyLine+bytes.Count(body[:min(e.Pos, len(body))], []byte("\n")), e.Msg))
	}
	var out strings.Builder
	for _, n := range nodes {
		switch n := n.(type) {
		case hugoengine.Text:
			// A call shown as text ({{</* x */>}} in the old post) stays a
			// comment, so a build that runs shortcodes shows it too.
			out.WriteString(shownCall.ReplaceAllString(n.Value, "{{$1/* $2 */$3}}"))
		case *hugoengine.Shortcode:
			line := page.BodyLine + bytes.Count(body[:n.Pos], []byte("\n"))
			call := body[n.Pos:n.End]
			pg := *page
			pg.BodyLine = line
			x, err := eng.Expand(&pg, call)
			if err != nil {
				p.Note(fmt.Sprintf("%s:%d: shortcode %s could not run: %v", page.File, line, n.Name, err))
			}
			for _, w := range x.Warnings {
				p.Note(w.String())
			}
			for name := range x.Files {
				p.Note(fmt.Sprintf("%s:%d: shortcode %s made the file %s, which is not imported", page.File, line, n.Name, name))
			}
			doc := md.Parser().Parse(text.NewReader(x.Markdown), x.ParseOption())
			var buf bytes.Buffer
			if err := md.Renderer().Render(&buf, x.Markdown, doc); err != nil {
				return "", fmt.Errorf("%s:%d: %w", page.File, line, err)
			}
			html := string(x.Finish(buf.Bytes()))
			block := standsAlone(body, n)
			if !block {
				html = unwrapParagraph(html)
			}
			frag, err := importer.FragmentMarkdown(html, block, func(s string) {
				p.Note(fmt.Sprintf("%s:%d: shortcode %s: %s", page.File, line, n.Name, s))
			})
			if err != nil {
				return "", fmt.Errorf("%s:%d: %w", page.File, line, err)
			}
			if block && n.Indent != "" {
				frag = strings.ReplaceAll(frag, "\n", "\n"+n.Indent)
			}
			out.WriteString(frag)
		}
	}
	s := out.String()
	raw := 0
	for _, m := range liveCall.FindAllString(s, -1) {
		if !strings.HasSuffix(m, "/*") {
			raw++
		}
	}
	if raw > 0 {
		p.RawLeft += raw
		p.Note(fmt.Sprintf("%s: %d shortcode calls are left as text", page.File, raw))
	}
	return s, nil
}

var (
	// shownCall is a call shown as text: {{< x >}} or {{% x %}}.
	shownCall = regexp.MustCompile(`(?s)\{\{([<%])\s*([^*].*?)\s*([>%])\}\}`)
	// liveCall is a call that a build would run: not a comment.
	liveCall = regexp.MustCompile(`\{\{[<%]\s*(?:/\*|[^\s])`)
)

// standsAlone reports a call with nothing but spaces before it on its
// first line and after it on its last.
func standsAlone(body []byte, n *hugoengine.Shortcode) bool {
	before := body[:n.Pos]
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	after := body[n.End:]
	if i := bytes.IndexByte(after, '\n'); i >= 0 {
		after = after[:i]
	}
	return len(bytes.TrimSpace(before)) == 0 && len(bytes.TrimSpace(after)) == 0
}

// unwrapParagraph drops the <p> goldmark puts around inline output.
func unwrapParagraph(html string) string {
	t := strings.TrimSpace(html)
	if strings.HasPrefix(t, "<p>") && strings.HasSuffix(t, "</p>") && strings.Count(t, "<p>") == 1 {
		return strings.TrimSuffix(strings.TrimPrefix(t, "<p>"), "</p>")
	}
	return html
}

// layouts is the site's layouts folder over its themes' (the first theme
// first), as Hugo looks templates up.
func layouts(fsys fs.FS, cfg *hugoengine.Config) fs.FS {
	dirs := []string{path.Clean(cfg.LayoutDir)}
	for _, t := range cfg.Theme {
		dirs = append(dirs, path.Join("themes", t, "layouts"))
	}
	var layers overlay
	for _, d := range dirs {
		if sub, err := fs.Sub(fsys, d); err == nil {
			if _, err := fs.Stat(fsys, d); err == nil {
				layers = append(layers, sub)
			}
		}
	}
	if len(layers) == 0 {
		return nil
	}
	return layers
}

// overlay is file systems laid over each other: the first that has a file wins.
type overlay []fs.FS

func (o overlay) Open(name string) (fs.File, error) {
	var first error
	for _, f := range o {
		file, err := f.Open(name)
		if err == nil {
			return file, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]bool{}
	var out []fs.DirEntry
	var first error
	found := false
	for _, f := range o {
		entries, err := fs.ReadDir(f, name)
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		found = true
		for _, e := range entries {
			if !seen[e.Name()] {
				seen[e.Name()] = true
				out = append(out, e)
			}
		}
	}
	if !found {
		return nil, first
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
