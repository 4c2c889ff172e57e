package jekyll

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
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
	Path    string         // path prefix or glob relative to the site root; "" is every path
	Type    string         // "posts", "pages", "drafts" or a collection label; "" is every type
	HasType bool           // scope has a type: key
	Values  map[string]any // front matter keys and values
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

func yamlError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
	}
	return &Error{File: file, Line: line, Msg: msg + " (check the YAML syntax: key: value, two spaces to indent, quote values that contain a colon)"}
}
