package jekyll

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is what a Jekyll site's _config.yml says, for the importer and
// for the URLs of its documents.
type Config struct {
	Title          string                // site title
	Description    string                // site description
	URL            string                // scheme and host: "https://example.com"
	BaseURL        string                // path the site is served under: "/blog", "" at the root
	Lang           string                // language code: "nl", "en-US"; "" when unset
	Timezone       string                // IANA zone name: "Europe/Amsterdam"; "" is the build machine's zone in Jekyll, UTC here
	Permalink      string                // style name (date, pretty, ordinal, weekdate, none) or template; "date" when unset
	Collections    map[string]Collection // by label; "posts" always present
	CollectionsDir string                // folder of the collections' _label folders; "" is the site root
	Paginate       int                   // posts per index page with jekyll-paginate; 0 is off
	PaginatePath   string                // pages after the first: "/page:num/"
	Author         Author                // site author
	Defaults       []Default             // front matter defaults, in file order
	Exclude        []string              // paths left out of the site
	Include        []string              // dot and underscore paths put back in
	Kramdown       Kramdown              // kramdown: options
	Plugins        []string              // plugins: (also gems:)
	IncludesDir    string                // "_includes" when unset
	DataDir        string                // "_data" when unset
	Future         bool                  // future: publish posts dated after the build
	ExcerptSep     string                // excerpt_separator; "\n\n" when unset
	Vars           map[string]any        // every key as written, for site.* in Liquid

	loc *time.Location
}

// Collection is one entry of collections:.
type Collection struct {
	Output    bool   // documents get pages of their own
	Permalink string // template or style for its documents; "" for the default
	SortBy    string // front matter key the documents are ordered by
}

// Author is the site author: a name, or a table of name, email and url.
type Author struct {
	Name  string // display name
	Email string // address
	URL   string // home page
}

// Default is one entry of defaults:: values for the documents a scope
// selects.
type Default struct {
	Path   string         // path prefix or glob relative to the site root; "" is every path
	Type   string         // "posts", "pages", "drafts" or a collection label; "" is every type
	HasTyp bool           // scope has a type: key
	Values map[string]any // front matter keys and values
}

// Kramdown holds the kramdown: options that change what a page shows.
type Kramdown struct {
	Input             string // "GFM" (Jekyll's default) or "kramdown"
	AutoIDs           bool   // headings get ids; true unless set false
	TOCLevels         []int  // heading levels in {:toc}; 1 to 6 when unset
	HardWrap          bool   // a line break in a paragraph is a <br>
	SyntaxHighlighter string // "rouge" when unset
}

// Plugin reports whether a plugin is listed under plugins: or gems:.
func (c *Config) Plugin(name string) bool {
	for _, p := range c.Plugins {
		if p == name {
			return true
		}
	}
	return false
}

// Aliases reports whether redirect_from: and redirect_to: in front matter
// make redirects (jekyll-redirect-from), which kopij reads as aliases.
func (c *Config) Aliases() bool { return c.Plugin("jekyll-redirect-from") }

// Location is the site's time zone; UTC when unset or unknown.
func (c *Config) location() *time.Location {
	if c == nil || c.loc == nil {
		return time.UTC
	}
	return c.loc
}

// Location is the site's time zone; UTC when unset or unknown.
func (c *Config) Location() *time.Location { return c.location() }

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// ParseConfig reads _config.yml. file names it in errors, which read
// "_config.yml:12: what is wrong (how to fix it)".
func ParseConfig(file string, src []byte) (*Config, error) {
	c := &Config{Permalink: "date", Collections: map[string]Collection{}, IncludesDir: "_includes", DataDir: "_data",
		ExcerptSep: "\n\n", Kramdown: Kramdown{Input: "GFM", AutoIDs: true, TOCLevels: []int{1, 2, 3, 4, 5, 6}, SyntaxHighlighter: "rouge"},
		Vars: map[string]any{}, loc: time.UTC}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, yamlError(file, err)
	}
	if len(doc.Content) == 0 {
		c.Collections["posts"] = Collection{Output: true}
		return c, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &Error{File: file, Line: root.Line, Msg: "_config.yml must be a list of key: value lines (write title: My blog)"}
	}
	if err := root.Decode(&c.Vars); err != nil {
		return nil, yamlError(file, err)
	}
	r := reader{file: file}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		r.key(c, k.Value, v)
	}
	if r.err != nil {
		return nil, r.err
	}
	if c.Timezone != "" {
		loc, err := time.LoadLocation(c.Timezone)
		if err != nil {
			return nil, &Error{File: file, Line: r.lines["timezone"], Msg: fmt.Sprintf("timezone %q is not a time zone (write a name such as Europe/Amsterdam)", c.Timezone)}
		}
		c.loc = loc
	}
	posts := c.Collections["posts"]
	posts.Output = true
	c.Collections["posts"] = posts
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.BaseURL != "" && !strings.HasPrefix(c.BaseURL, "/") {
		c.BaseURL = "/" + c.BaseURL
	}
	c.URL = strings.TrimRight(c.URL, "/")
	return c, nil
}

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
			def.Type, def.HasTyp = fmt.Sprint(t), true
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

func yamlError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
	}
	return &Error{File: file, Line: line, Msg: msg + " (check the YAML syntax: key: value, two spaces to indent, quote values that contain a colon)"}
}
