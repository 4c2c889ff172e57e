package jekyll

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"
)

// styles are Jekyll's built-in permalink styles (Configuration::STYLE_TO_PERMALINK).
var permalinkStyles = map[string]string{
	"none":     "/:categories/:title:output_ext",
	"date":     "/:categories/:year/:month/:day/:title:output_ext",
	"ordinal":  "/:categories/:year/:y_day/:title:output_ext",
	"pretty":   "/:categories/:year/:month/:day/:title/",
	"weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}

// Doc is what Jekyll builds a document's URL from.
type Doc struct {
	Path       string    // source path relative to the site root: "tech/_posts/2019-02-08-x.md", "about.md"
	Collection string    // "posts" or another collection's label; "" for a page
	Date       time.Time // the post's date; shown in the site's zone
	Slug       string    // front matter slug:, or "" to use the file name's
	Categories []string  // as Categories returns them
	Permalink  string    // front matter permalink:, or ""
	OutputExt  string    // ".html" when ""
}

// Output is where Jekyll publishes a document.
type Output struct {
	URL  string // the URL path, escaped: "/tech/2019/02/08/x.html", "/about/"
	File string // the file it is written to, relative to the output folder: "tech/2019/02/08/x.html", "about/index.html"
}

var tokenRE = regexp.MustCompile(`:([a-z_]+)`)

// Locate computes a document's URL as Jekyll 4 does: the front matter
// permalink, else the collection's permalink, else the site's style, with
// the tokens of the package manual filled in.
func (c *Config) Locate(d Doc) (Output, error) {
	ext := d.OutputExt
	if ext == "" {
		ext = ".html"
	}
	if d.Collection == "" {
		return c.pageURL(d, ext), nil
	}
	tmpl := d.Permalink
	if tmpl == "" {
		tmpl = c.collectionTemplate(d.Collection)
	}
	vals, err := c.placeholders(d, ext)
	if err != nil {
		return Output{}, err
	}
	var missing string
	u := tokenRE.ReplaceAllStringFunc(tmpl, func(m string) string {
		name := m[1:]
		pool := []string{name}
		if strings.HasSuffix(name, "_") {
			pool = append(pool, strings.TrimSuffix(name, "_"))
		}
		for _, k := range pool {
			if v, ok := vals[k]; ok {
				return escapePath(v) + m[1+len(k):]
			}
		}
		missing = name
		return m
	})
	if missing != "" {
		return Output{}, &Error{File: d.Path, Line: 0, Msg: fmt.Sprintf("permalink %q has no token :%s (Jekyll stops the build here; see the tokens of Jekyll's permalink documentation)", tmpl, missing)}
	}
	return output(sanitizeURL(u), ext), nil
}

// collectionTemplate is a collection's permalink: its own, the site's
// style for posts, or /:collection/:path with the style's ending.
func (c *Config) collectionTemplate(label string) string {
	if col, ok := c.Collections[label]; ok && col.Permalink != "" {
		return col.Permalink // taken as written: style names count only for the site
	}
	if label == "posts" {
		return styleTemplate(c.Permalink)
	}
	return addSuffix("/:collection/:path", c.Permalink)
}

// styleTemplate turns a style name into its template.
func styleTemplate(p string) string {
	if p == "" {
		p = "date"
	}
	if t, ok := permalinkStyles[p]; ok {
		return t
	}
	return p
}

// addSuffix is Utils.add_permalink_suffix.
func addSuffix(tmpl, style string) string {
	switch style {
	case "pretty":
		return tmpl + "/"
	case "date", "ordinal", "none", "":
		return tmpl + ":output_ext"
	}
	if strings.HasSuffix(style, "/") {
		tmpl += "/"
	}
	if strings.HasSuffix(style, ":output_ext") {
		tmpl += ":output_ext"
	}
	return tmpl
}

// pageURL is a page's URL: its permalink, or /:path/:basename with the
// style's ending, or /:path/ for an index.
func (c *Config) pageURL(d Doc, ext string) Output {
	dir, name := path.Split(d.Path)
	base := strings.TrimRight(strings.TrimSuffix(name, path.Ext(name)), ".")
	tmpl := d.Permalink
	if tmpl == "" {
		switch {
		case ext != ".html":
			tmpl = "/:path/:basename:output_ext"
		case base == "index":
			tmpl = "/:path/"
		default:
			tmpl = addSuffix("/:path/:basename", c.Permalink)
		}
	}
	vals := map[string]string{"path": "/" + dir, "basename": base, "output_ext": ext}
	u := tokenRE.ReplaceAllStringFunc(tmpl, func(m string) string {
		if v, ok := vals[m[1:]]; ok {
			return escapePath(v)
		}
		return m
	})
	return output(sanitizeURL(u), ext)
}

// placeholders are the values of Jekyll's UrlDrop for a document.
func (c *Config) placeholders(d Doc, ext string) (map[string]string, error) {
	name := path.Base(d.Path)
	basename := strings.TrimSuffix(name, path.Ext(name))
	slug := d.Slug
	if slug == "" { // every collection takes a dated file name apart, not only posts
		if m := postFileRE.FindStringSubmatch(name); m != nil {
			slug = m[2]
		}
	}
	if slug == "" {
		slug = basename
	}
	slug = strings.TrimRight(slug, ".")
	t := d.Date.In(c.location())
	cats := make([]string, 0, len(d.Categories))
	seen := map[string]bool{}
	for _, cat := range d.Categories {
		if l := strings.ToLower(cat); !seen[l] {
			seen[l] = true
			cats = append(cats, l)
		}
	}
	slugCats := make([]string, 0, len(d.Categories))
	seen = map[string]bool{}
	for _, cat := range d.Categories {
		if s := Slugify(cat, SlugDefault); !seen[s] {
			seen[s] = true
			slugCats = append(slugCats, s)
		}
	}
	year, week := t.ISOWeek()
	return map[string]string{
		"collection":           d.Collection,
		"path":                 c.cleanedPath(d),
		"output_ext":           ext,
		"name":                 Slugify(basename, SlugDefault),
		"title":                SlugifyCased(slug, SlugPretty),
		"slug":                 Slugify(slug, SlugDefault),
		"categories":           strings.Join(cats, "/"),
		"slugified_categories": strings.Join(slugCats, "/"),
		"year":                 t.Format("2006"),
		"month":                t.Format("01"),
		"day":                  t.Format("02"),
		"hour":                 t.Format("15"),
		"minute":               t.Format("04"),
		"second":               t.Format("05"),
		"i_day":                t.Format("2"),
		"i_month":              t.Format("1"),
		"short_month":          t.Format("Jan"),
		"long_month":           t.Format("January"),
		"short_year":           t.Format("06"),
		"w_year":               fmt.Sprintf("%04d", year),
		"week":                 fmt.Sprintf("%02d", week),
		"w_day":                fmt.Sprint((int(t.Weekday())+6)%7 + 1),
		"short_day":            t.Format("Mon"),
		"long_day":             t.Format("Monday"),
		"y_day":                fmt.Sprintf("%03d", t.YearDay()),
	}, nil
}

// postFileRE is the date and slug of a post file name.
var postFileRE = regexp.MustCompile(`^(\d{2,4}-\d{1,2}-\d{1,2})-(.*)\.[^.]+$`)

// cleanedPath is Document#cleaned_relative_path: the source path without
// extension, trailing dots and the collection's folder.
func (c *Config) cleanedPath(d Doc) string {
	p := strings.TrimSuffix(d.Path, path.Ext(d.Path))
	dir := "_" + d.Collection
	if c.CollectionsDir != "" {
		dir = path.Join(c.CollectionsDir, dir)
	}
	if i := strings.Index(p, dir); i >= 0 {
		p = p[:i] + p[i+len(dir):]
	}
	return strings.TrimRight(p, ".")
}

// escapePath is Jekyll::URL.escape_path: kept as it is when it is plain
// ASCII letters, digits, dots, slashes and hyphens, else percent-encoded
// as Addressable does, with # encoded too.
func escapePath(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '/' || c == '-') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~!$&'()*+,;=:@/?", c) >= 0) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// sanitizeURL is Jekyll::URL#sanitize_url.
func sanitizeURL(s string) string {
	s = strings.ReplaceAll("/"+s, "..", "/")
	s = strings.ReplaceAll(s, "./", "")
	for strings.Contains(s, "//") {
		s = strings.ReplaceAll(s, "//", "/")
	}
	return s
}

// output adds the file a URL is written to, as Document#destination does.
func output(u, ext string) Output {
	file, err := url.PathUnescape(u)
	if err != nil {
		file = u
	}
	file = strings.TrimPrefix(file, "/")
	switch {
	case strings.HasSuffix(u, "/"):
		file += "index.html"
	case !strings.HasSuffix(file, ext):
		file += ext
	}
	return Output{URL: u, File: file}
}

// Categories returns a post's categories as Jekyll collects them: the
// folders above _posts ("tech/_posts/x.md" is in "tech"), then the
// front matter's categories (a string is split at spaces) and category
// (kept whole), each once.
func Categories(sourcePath string, frontMatter map[string]any) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if !strings.HasPrefix(sourcePath, "_posts") {
		if i := strings.Index(sourcePath, "_posts"); i >= 0 {
			base := path.Base(sourcePath)
			for _, dir := range strings.Split(sourcePath[:i], "/") {
				if dir != "_posts" && dir != base {
					add(dir)
				}
			}
		}
	}
	list := func(v any, split bool) {
		switch v := v.(type) {
		case string:
			if split {
				for _, f := range strings.Fields(v) {
					add(f)
				}
			} else {
				add(v)
			}
		case []any:
			for _, e := range v {
				if e != nil {
					add(toString(e))
				}
			}
		case nil:
		default:
			add(toString(v))
		}
	}
	list(frontMatter["categories"], true)
	if v, ok := frontMatter["category"]; ok {
		list(v, false)
	}
	return out
}
