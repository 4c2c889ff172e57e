package jekyll

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// reader reads the keys of _config.yml and keeps the first error.
type reader struct {
	file  string
	err   error
	lines map[string]int
}

func (r *reader) fail(n *yaml.Node, format string, a ...any) {
	if r.err == nil {
		r.err = &Error{File: r.file, Line: n.Line, Msg: fmt.Sprintf(format, a...)}
	}
}

func (r *reader) key(c *Config, k string, v *yaml.Node) {
	if r.lines == nil {
		r.lines = map[string]int{}
	}
	r.lines[k] = v.Line
	switch k {
	case "title":
		c.Title = r.str(k, v)
	case "description":
		c.Description = r.str(k, v)
	case "url":
		c.URL = r.str(k, v)
	case "baseurl":
		c.BaseURL = r.str(k, v)
	case "lang", "locale":
		if c.Lang == "" || k == "lang" {
			c.Lang = r.str(k, v)
		}
	case "timezone":
		c.Timezone = r.str(k, v)
	case "permalink":
		c.Permalink = r.str(k, v)
	case "collections_dir":
		c.CollectionsDir = strings.Trim(r.str(k, v), "/")
	case "includes_dir":
		c.IncludesDir = strings.Trim(r.str(k, v), "/")
	case "data_dir":
		c.DataDir = strings.Trim(r.str(k, v), "/")
	case "paginate":
		c.Paginate = r.integer(k, v)
	case "paginate_path":
		c.PaginatePath = r.str(k, v)
	case "future":
		c.Future = r.boolean(k, v)
	case "excerpt_separator":
		c.ExcerptSep = r.str(k, v)
	case "exclude":
		c.Exclude = r.list(k, v)
	case "include":
		c.Include = r.list(k, v)
	case "plugins", "gems":
		c.Plugins = append(c.Plugins, r.list(k, v)...)
	case "author":
		c.Author = r.author(v)
	case "collections":
		r.collections(c, v)
	case "defaults":
		r.defaults(c, v)
	case "kramdown":
		r.kramdown(c, v)
	}
}

func (r *reader) str(k string, v *yaml.Node) string {
	if v.Kind != yaml.ScalarNode {
		r.fail(v, "%s must be text (write %s: value)", k, k)
		return ""
	}
	if v.ShortTag() == "!!null" {
		return ""
	}
	return v.Value
}

func (r *reader) integer(k string, v *yaml.Node) int {
	n, err := strconv.Atoi(strings.TrimSpace(r.str(k, v)))
	if err != nil && v.ShortTag() != "!!null" {
		r.fail(v, "%s must be a whole number, not %q (write %s: 10)", k, v.Value, k)
	}
	return n
}

func (r *reader) boolean(k string, v *yaml.Node) bool {
	var b bool
	if err := v.Decode(&b); err != nil {
		r.fail(v, "%s must be true or false, not %q", k, v.Value)
	}
	return b
}

// list reads a list of text; Jekyll also takes one string for plugins.
func (r *reader) list(k string, v *yaml.Node) []string {
	switch v.Kind {
	case yaml.ScalarNode:
		if v.ShortTag() == "!!null" {
			return nil
		}
		return []string{v.Value}
	case yaml.SequenceNode:
		var out []string
		for _, e := range v.Content {
			if e.Kind != yaml.ScalarNode {
				r.fail(e, "%s must be a list of text (write %s: [a, b])", k, k)
				return nil
			}
			out = append(out, e.Value)
		}
		return out
	}
	r.fail(v, "%s must be a list of text (write %s: [a, b])", k, k)
	return nil
}

func (r *reader) author(v *yaml.Node) Author {
	if v.Kind == yaml.ScalarNode {
		return Author{Name: r.str("author", v)}
	}
	var a struct {
		Name  string `yaml:"name"`
		Email string `yaml:"email"`
		URL   string `yaml:"url"`
	}
	if err := v.Decode(&a); err != nil {
		r.fail(v, "author must be a name or name:, email: and url: keys")
	}
	return Author{Name: a.Name, Email: a.Email, URL: a.URL}
}

// collections reads collections: as a table of labels or a list of them.
func (r *reader) collections(c *Config, v *yaml.Node) {
	switch v.Kind {
	case yaml.SequenceNode:
		for _, label := range r.list("collections", v) {
			c.Collections[label] = Collection{}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(v.Content); i += 2 {
			label, meta := v.Content[i].Value, v.Content[i+1]
			var col struct {
				Output    bool   `yaml:"output"`
				Permalink string `yaml:"permalink"`
				SortBy    string `yaml:"sort_by"`
			}
			if meta.Kind == yaml.MappingNode {
				if err := meta.Decode(&col); err != nil {
					r.fail(meta, "collection %s: %s (write output: true and permalink: /:collection/:name/)", label, strings.TrimPrefix(err.Error(), "yaml: "))
				}
			}
			c.Collections[label] = Collection{Output: col.Output, Permalink: col.Permalink, SortBy: col.SortBy}
		}
	case yaml.ScalarNode:
	default:
		r.fail(v, "collections must be a table of collection names")
	}
}

func (r *reader) defaults(c *Config, v *yaml.Node) {
	if v.Kind != yaml.SequenceNode {
		if v.ShortTag() != "!!null" {
			r.fail(v, "defaults must be a list of scope: and values: entries")
		}
		return
	}
	for _, e := range v.Content {
		var d struct {
			Scope  map[string]any `yaml:"scope"`
			Values map[string]any `yaml:"values"`
		}
		if err := e.Decode(&d); err != nil {
			r.fail(e, "defaults entry: %s (write - scope: {path: \"\", type: posts} and values: {layout: post})", strings.TrimPrefix(err.Error(), "yaml: "))
			return
		}
		def := Default{Values: d.Values}
		if p, ok := d.Scope["path"].(string); ok {
			def.Path = p
		}
		if t, ok := d.Scope["type"]; ok && t != nil {
			def.Type, def.HasType = fmt.Sprint(t), true
		}
		c.Defaults = append(c.Defaults, def)
	}
}

func (r *reader) kramdown(c *Config, v *yaml.Node) {
	var k struct {
		Input             *string `yaml:"input"`
		AutoIDs           *bool   `yaml:"auto_ids"`
		TOCLevels         any     `yaml:"toc_levels"`
		HardWrap          *bool   `yaml:"hard_wrap"`
		SyntaxHighlighter *string `yaml:"syntax_highlighter"`
	}
	if err := v.Decode(&k); err != nil {
		r.fail(v, "kramdown: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return
	}
	if k.Input != nil {
		c.Kramdown.Input = *k.Input
	}
	if k.AutoIDs != nil {
		c.Kramdown.AutoIDs = *k.AutoIDs
	}
	if k.HardWrap != nil {
		c.Kramdown.HardWrap = *k.HardWrap
	}
	if k.SyntaxHighlighter != nil {
		c.Kramdown.SyntaxHighlighter = *k.SyntaxHighlighter
	}
	if k.TOCLevels != nil {
		levels, ok := tocLevels(k.TOCLevels)
		if !ok {
			r.fail(v, "kramdown toc_levels must be a list of heading levels or a range such as 2..3")
		}
		c.Kramdown.TOCLevels = levels
	}
}

// tocLevels reads toc_levels as a list ([2, 3]) or a range ("2..3").
func tocLevels(v any) ([]int, bool) {
	var out []int
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			n, ok := e.(int)
			if !ok || n < 1 || n > 6 {
				return nil, false
			}
			out = append(out, n)
		}
	case string:
		a, b, ok := strings.Cut(v, "..")
		lo, err1 := strconv.Atoi(strings.TrimSpace(a))
		hi, err2 := strconv.Atoi(strings.TrimSpace(b))
		if !ok || err1 != nil || err2 != nil || lo < 1 || hi > 6 || lo > hi {
			return nil, false
		}
		for n := lo; n <= hi; n++ {
			out = append(out, n)
		}
	default:
		return nil, false
	}
	return out, true
}
