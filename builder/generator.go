package builder

import (
	"fmt"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/kopij/kopij/builder/dates"
	"github.com/kopij/kopij/builder/hugo"
	"github.com/kopij/kopij/builder/jekyll"
	"go.yaml.in/yaml/v3"
)

// The values of generator in kopij.toml: whose rules for dates, slugs,
// permalinks, shortcodes and Liquid a site follows.
const (
	GeneratorKopij  = ""       // kopij's own
	GeneratorHugo   = "hugo"   // Hugo's: shortcodes, urlize slugs, Hugo's permalink tokens
	GeneratorJekyll = "jekyll" // Jekyll's: Liquid, kramdown, Jekyll's permalink styles and tokens
)

// rules is what the generator and the permalink patterns of a
// configuration decide, made once per configuration by Config.validate.
type rules struct {
	dates     dates.Parser
	engine    string                    // whose permalink tokens apply: GeneratorKopij, GeneratorHugo or GeneratorJekyll
	router    *hugo.Router              // Hugo's URLs, for engine hugo
	jekyll    map[string]*jekyll.Config // Jekyll's URLs by pattern, for engine jekyll
	permalink bool                      // permalink was written in kopij.toml
}

// postSections are the folders under content/ whose files are posts.
var postSections = []string{"posts", "post", "blog", "_posts"}

// Tokens only one generator knows; a pattern with one of them follows that
// generator's rules even without generator set.
var (
	hugoOnlyToken   = regexp.MustCompile(`:(slugorfilename|slugorcontentbasename|contentbasename|monthname|weekdayname|weekday|yearday|sectionslugs?|sections)\b`)
	jekyllOnlyToken = regexp.MustCompile(`:(categories|slugified_categories|i_month|i_day|short_year|short_month|long_month|short_day|long_day|y_day|w_year|week|w_day|hour|minute|second|output_ext|name|basename|path|collection)\b`)
	jekyllStyles    = map[string]bool{"date": true, "pretty": true, "ordinal": true, "weekdate": true, "none": true}
	kopijTokens     = regexp.MustCompile(`:[a-z_]+`)
)

// setupRules checks generator, timezone and the permalink patterns, and
// makes the rules they give.
func (c *Config) setupRules() error {
	r := &rules{permalink: c.permalinkSet}
	c.rules = r
	switch c.Generator {
	case GeneratorKopij, GeneratorHugo, GeneratorJekyll:
	default:
		return configError("generator %q is not known (write generator = \"hugo\", \"jekyll\", or leave it out for kopij's own rules)", c.Generator)
	}
	if c.Timezone != "" {
		loc, err := time.LoadLocation(c.Timezone)
		if err != nil || c.Timezone == "Local" {
			return configError("timezone %q is not a time zone (write a name such as \"Europe/Amsterdam\" or \"UTC\")", c.Timezone)
		}
		r.dates.Location = loc
	}
	r.dates.YAMLTimesUTC = c.Generator == GeneratorJekyll
	r.dates.IgnoreZoneNames = c.Generator == GeneratorHugo

	patterns := map[string]string{} // section -> pattern
	for s, p := range c.Permalinks {
		s = strings.Trim(s, "/ ")
		if s == "" || strings.Contains(s, "/") {
			return configError("permalinks key %q must name a folder under content/, such as posts", s)
		}
		patterns[s] = p
	}
	if c.permalinkSet || c.Generator != GeneratorHugo {
		for _, s := range postSections {
			if _, ok := patterns[s]; !ok {
				patterns[s] = c.Permalink
			}
		}
	}
	r.engine = c.Generator
	if r.engine == GeneratorKopij {
		for _, p := range slices.Sorted(maps.Values(patterns)) {
			e := GeneratorKopij
			switch {
			case jekyllStyles[p] || jekyllOnlyToken.MatchString(p):
				e = GeneratorJekyll
			case hugoOnlyToken.MatchString(p):
				e = GeneratorHugo
			}
			if e == GeneratorKopij {
				continue
			}
			if r.engine != GeneratorKopij && r.engine != e {
				return configError("permalink patterns mix Hugo's and Jekyll's tokens (set generator = \"hugo\" or \"jekyll\" and use that generator's tokens)")
			}
			r.engine = e
		}
	}
	for _, s := range slices.Sorted(maps.Keys(patterns)) {
		if err := checkPattern(r.engine, s, patterns[s]); err != nil {
			return err
		}
	}
	switch r.engine {
	case GeneratorHugo:
		cfg := hugo.URLConfig{Permalinks: map[string]map[string]string{"page": patterns}, Languages: knownLangs}
		// The sections the patterns name, so :sections and :sectionslug
		// know them; Hugo learns them from the content folders.
		var sections []hugo.Content
		for _, sec := range slices.Sorted(maps.Keys(patterns)) {
			sections = append(sections, hugo.Content{Path: sec + "/_"})
		}
		router, err := hugo.NewRouter(cfg, sections)
		if err != nil {
			return configError("%v", err)
		}
		r.router = router
	case GeneratorJekyll:
		r.jekyll = map[string]*jekyll.Config{}
		for _, p := range append(slices.Collect(maps.Values(patterns)), "date") {
			if r.jekyll[p] != nil {
				continue
			}
			vars := map[string]any{"permalink": p}
			if c.Timezone != "" {
				vars["timezone"] = c.Timezone
			}
			src, _ := yaml.Marshal(vars)
			jc, err := jekyll.ParseConfig(ConfigFile, src)
			if err != nil {
				return configError("permalink %q: %v", p, err)
			}
			r.jekyll[p] = jc
		}
	}
	return nil
}

// checkPattern checks one permalink pattern for the rules it follows.
func checkPattern(engine, section, p string) error {
	name := "permalink"
	if section != "" {
		name = fmt.Sprintf("permalinks.%s", section)
	}
	if engine == GeneratorJekyll && jekyllStyles[p] {
		return nil
	}
	if !strings.HasPrefix(p, "/") {
		return configError("%s %q must start with /", name, p)
	}
	switch engine {
	case GeneratorKopij:
		if !strings.Contains(p, ":slug") && !strings.Contains(p, ":filename") && !strings.Contains(p, ":title") {
			return configError("%s %q must contain :slug, :title or :filename", name, p)
		}
		for _, t := range kopijTokens.FindAllString(p, -1) {
			switch t {
			case ":year", ":month", ":day", ":slug", ":section", ":filename", ":title":
			default:
				return configError("%s %q: unknown token %s (use :year :month :day :slug :title :section :filename, or set generator = \"hugo\" or \"jekyll\" for theirs)", name, p, t)
			}
		}
	case GeneratorHugo:
		if !regexp.MustCompile(`:(slug|title|filename|slugorfilename|contentbasename|slugorcontentbasename)\b`).MatchString(p) {
			return configError("%s %q must contain :slug, :title, :filename, :slugorfilename or :contentbasename", name, p)
		}
	case GeneratorJekyll:
		if !regexp.MustCompile(`:(slug|title|name|basename|path)\b`).MatchString(p) {
			return configError("%s %q must contain :title, :slug, :name or :path", name, p)
		}
	}
	return nil
}

// urlInput is what decides the URL of a content file.
type urlInput struct {
	rel        string    // path below content/, e.g. "posts/2019/x.md"
	name       string    // file name without extension, language and date
	dir        string    // folder below content/ (of the bundle for index.md)
	title      string    // title as shown
	slug       string    // slug as the rules of the site make it
	fmSlug     string    // slug front matter as written
	explicit   string    // url or permalink front matter as written
	date       time.Time // publication date
	categories []string  // categories, for Jekyll's :categories
}

// contentURL returns the site-relative URL of a content file, without the
// base path, by the rules of the site's configuration. line is the front
// matter line an error is about.
func (c *Config) contentURL(p *Page, in urlInput) (string, error) {
	r := c.ruleSet()
	pattern, patterned := c.patternFor(p)
	switch {
	case r.engine == GeneratorHugo && (c.Generator == GeneratorHugo || patterned && in.explicit == ""):
		slug := in.fmSlug
		if c.Generator != GeneratorHugo {
			slug = in.slug
		}
		u := r.router.URL(hugo.Content{Path: in.rel, Title: in.title, Slug: slug, URL: in.explicit, Date: in.date})
		return safeURL(u)
	case r.engine == GeneratorJekyll && (c.Generator == GeneratorJekyll || patterned && in.explicit == ""):
		jc := r.jekyll[pattern]
		if jc == nil {
			jc = r.jekyll["date"]
		}
		doc := jekyll.Doc{Path: in.rel, Date: in.date, Slug: in.fmSlug, Categories: in.categories, Permalink: in.explicit}
		if c.Generator != GeneratorJekyll {
			doc.Slug = in.slug
		}
		if patterned {
			doc.Collection = "posts"
		}
		out, err := jc.Locate(doc)
		if err != nil {
			return "", err
		}
		u, err := url.PathUnescape(out.URL)
		if err != nil {
			u = out.URL
		}
		return safeURL(u)
	case in.explicit != "":
		return cleanSitePath(in.explicit)
	case patterned:
		return expandPermalink(pattern, p, in.title, in.name), nil
	}
	segs := []string{}
	for _, s := range strings.Split(in.dir, "/") {
		if s = Slugify(s); s != "" {
			segs = append(segs, s)
		}
	}
	segs = append(segs, p.Slug)
	return "/" + strings.Join(segs, "/") + "/", nil
}

// patternFor is the permalink pattern of a content file: its section's
// in [permalinks], else permalink for posts.
func (c *Config) patternFor(p *Page) (string, bool) {
	if p.Section == "" {
		return "", false
	}
	if pat, ok := c.Permalinks[p.Section]; ok {
		return pat, true
	}
	if p.Kind == KindPost && (c.ruleSet().permalink || c.Generator != GeneratorHugo) {
		return c.Permalink, true
	}
	return "", false
}

// safeURL cleans a URL path computed by a generator's rules so that it
// cannot leave the output folder, keeping whether it ends in a slash.
func safeURL(u string) (string, error) {
	if strings.Contains(u, "://") || strings.HasPrefix(u, "//") {
		return "", fmt.Errorf("url %q must be a path on this site (write it as /some/path/)", u)
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	slash := strings.HasSuffix(u, "/")
	c := path.Clean("/" + strings.ReplaceAll(u, `\`, "/"))
	if strings.Contains(c, "\x00") {
		return "", fmt.Errorf("url %q is not a valid path", u)
	}
	if slash && c != "/" {
		c += "/"
	}
	return c, nil
}

// ruleSet is the rules of a validated configuration, or kopij's own for
// one that was never validated.
func (c *Config) ruleSet() *rules {
	if c.rules != nil {
		return c.rules
	}
	return &rules{}
}
