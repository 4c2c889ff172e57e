package builder

import (
	"cmp"
	"errors"
	"fmt"
	"github.com/kopij/kopij/builder/hints"
	"io/fs"
	"net/url"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/yuin/goldmark"
)

// ConfigFile is the name of the site configuration file at the site root.
const ConfigFile = "kopij.toml"

// Config is the content of kopij.toml. Every field has a default, so a site
// without kopij.toml builds. README.md documents every key.
type Config struct {
	Title        string            `toml:"title"`          // site title, shown in the header and feeds
	BaseURL      string            `toml:"base_url"`       // absolute URL the site is served from, e.g. "https://example.com/blog/"
	Language     string            `toml:"language"`       // default language of posts: "en" or "nl" (BCP 47)
	Description  string            `toml:"description"`    // site description for the home page meta and feeds
	Author       Author            `toml:"author"`         // default author of posts
	PostsPerPage int               `toml:"posts_per_page"` // posts on one page of the home, tag and category lists
	Permalink    string            `toml:"permalink"`      // URL pattern for posts; the tokens depend on generator (see README.md)
	Permalinks   map[string]string `toml:"permalinks"`     // URL pattern per section, as Hugo's [permalinks]: posts = "/:year/:slug/"
	Generator    string            `toml:"generator"`      // whose rules for dates, slugs, permalinks and markup apply: "" (kopij's), "hugo" or "jekyll"
	Timezone     string            `toml:"timezone"`       // IANA zone of dates written without one, e.g. "Europe/Amsterdam"; default UTC
	Theme        string            `toml:"theme"`          // folder under themes/ whose files override the embedded default theme
	Copyright    string            `toml:"copyright"`      // footer text; default "© YEAR Author"
	Feed         FeedConfig        `toml:"feed"`           // feed options
	Markdown     MarkdownConfig    `toml:"markdown"`       // Markdown rendering options
	Newsletter   Newsletter        `toml:"newsletter"`     // signup form settings
	SMTP         SMTP              `toml:"smtp"`           // mail server for double opt-in; user and password from KOPIJ_SMTP_USER, KOPIJ_SMTP_PASSWORD
	Menu         []MenuItem        `toml:"menu"`           // header navigation, in weight order
	Params       map[string]any    `toml:"params"`         // free-form values for templates: {{ .Site.Params.x }}
	Hints        hints.Thresholds  `toml:"hints"`          // thresholds of the retention hints; see the hints reference in README.md
	Redirects    Redirects         `toml:"redirects"`      // old addresses of an imported blog

	permalinkSet bool   // permalink is written in kopij.toml, not the default
	baseURLSet   bool   // base_url is written in kopij.toml or given as an option
	rules        *rules // what generator and the patterns decide, made by validate
}

// Redirects sends readers from the addresses of the platform a blog was
// imported from to kopij's.
type Redirects struct {
	// Platform is "wordpress" or "blogger" (kopij import sets it): its tag,
	// category and feed addresses (/tag/x/, /category/x/, /feed/;
	// /search/label/X, /feeds/posts/default) redirect to kopij's.
	Platform string `toml:"platform"`
}

// Author names a person.
type Author struct {
	Name  string `toml:"name"`  // display name
	Email string `toml:"email"` // optional, used in feeds
	URL   string `toml:"url"`   // optional profile page
}

// FeedConfig controls the RSS, Atom and JSON feeds.
type FeedConfig struct {
	Full  bool `toml:"full"`  // full post content in feeds (true) or only the summary (false)
	Limit int  `toml:"limit"` // items per feed; 0 means all posts
}

// MarkdownConfig controls the Markdown renderer.
type MarkdownConfig struct {
	Unsafe         bool   `toml:"unsafe"`          // pass raw HTML in posts through (off: raw HTML is omitted)
	HighlightStyle string `toml:"highlight_style"` // chroma style for code in light mode, e.g. "github"
	DarkStyle      string `toml:"dark_style"`      // chroma style for code in dark mode, e.g. "github-dark"
}

// Newsletter configures the signup form on every page.
type Newsletter struct {
	Enabled  *bool  `toml:"enabled"`  // show the signup form (default true)
	Endpoint string `toml:"endpoint"` // URL the form posts to: a kopij signup server's /subscribe or a third-party form URL
	Consent  string `toml:"consent"`  // consent text shown next to the form and stored with each subscriber

	// Sending (kopij newsletter send); README.md documents the keys.
	Email    string `toml:"email"`     // what a newsletter email holds: "full" (the whole post, default) or "summary" (summary and a link)
	Digest   string `toml:"digest"`    // "" sends one email per post; "weekly" or "daily" one digest of the new posts per period
	From     string `toml:"from"`      // sender of the newsletter, e.g. "Blog <news@example.com>"; default smtp.from
	ReplyTo  string `toml:"reply_to"`  // address replies go to; default the sender
	AutoSend bool   `toml:"auto_send"` // kopij newsletter serve --site mails each new post of the built site by itself
}

// SMTP configures outgoing mail for double opt-in.
type SMTP struct {
	Host string `toml:"host"` // mail server host; empty means single opt-in
	Port int    `toml:"port"` // mail server port, default 587
	From string `toml:"from"` // sender address, e.g. "Blog <blog@example.com>"

	// The provider's limits for kopij newsletter send; 0 means none.
	Connections int     `toml:"connections"` // parallel connections of the newsletter sender, default 4
	PerSecond   float64 `toml:"per_second"`  // messages per second
	PerHour     int     `toml:"per_hour"`    // messages per rolling hour
	PerDay      int     `toml:"per_day"`     // messages per rolling 24 hours; a larger send goes on the next day
}

// MenuItem is one link in the header navigation.
type MenuItem struct {
	Name   string `toml:"name"`   // link text
	URL    string `toml:"url"`    // site-relative ("/about/") or absolute URL
	Weight int    `toml:"weight"` // lower comes first
}

// configCache is the configuration stage: kopij.toml with the options
// laid over it, the Markdown converter it asks for, and a fingerprint of
// both that every later fingerprint starts from.
type configCache struct {
	Config
	key uint64            // fingerprint of kopij.toml and the options that change outputs
	err error             // what was wrong with it
	md  goldmark.Markdown // nil before the first load
	// warning is a problem with the configuration that does not stop
	// the build, such as a base_url that was never set; "" when none.
	warning string
}

// load reads the configuration from kopij.toml (nil when the site has
// none) unless it is the one already loaded; changed reports a new one.
func (c *configCache) load(f *srcFile, opts Options, hasher func([]byte) uint64) (changed bool, err error) {
	var data []byte
	if f != nil {
		data = f.data
	}
	key := hasher(fmt.Appendf(append([]byte(nil), data...), "%+v", opts.outputKey()))
	if c.md != nil && key == c.key {
		return false, c.err
	}
	cfg := DefaultConfig()
	if f != nil {
		cfg, err = ParseConfig(data)
	} else {
		err = cfg.validate()
	}
	if err == nil && opts.BaseURL != "" {
		cfg.BaseURL = opts.BaseURL
		cfg.baseURLSet = true
		err = cfg.validate()
	}
	warning := ""
	if err == nil && opts.Origin == "" {
		warning = cfg.baseURLWarning()
	}
	if err == nil && opts.Origin != "" {
		cfg.BaseURL = strings.TrimSuffix(opts.Origin, "/") + cfg.BasePath()
		err = cfg.validate()
	}
	*c = configCache{Config: cfg, key: key, err: err, md: newSiteMarkdown(&cfg), warning: warning}
	return true, err
}

// outputKey returns the options that change outputs, for fingerprints.
func (o Options) outputKey() [4]any {
	return [4]any{o.Drafts, o.Future, o.NoMinify, o.Serve}
}

// DefaultConfig returns the configuration used for keys kopij.toml leaves out.
func DefaultConfig() Config {
	return Config{
		Title:        "My blog",
		BaseURL:      "http://localhost:1313/",
		Language:     "en",
		PostsPerPage: 10,
		Permalink:    "/posts/:slug/",
		Theme:        "default",
		Feed:         FeedConfig{Full: true, Limit: 20},
		Markdown:     MarkdownConfig{HighlightStyle: "github", DarkStyle: "github-dark"},
		SMTP:         SMTP{Port: 587},
		Hints:        hints.DefaultThresholds(),
	}
}

// LoadConfig reads kopij.toml from the root of fsys. A missing file gives
// the defaults; a broken one gives an error with file and line.
func LoadConfig(fsys fs.FS) (Config, error) {
	cfg := DefaultConfig()
	data, err := fs.ReadFile(fsys, ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, cfg.validate()
	}
	if err != nil {
		return cfg, fileError(ConfigFile, err)
	}
	return ParseConfig(data)
}

// ParseConfig parses the content of a kopij.toml file over the defaults.
func ParseConfig(data []byte) (Config, error) {
	cfg := DefaultConfig()
	md, err := toml.Decode(string(stripBOM(data)), &cfg)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return cfg, &LineError{File: ConfigFile, Line: perr.Position.Line, Msg: perr.Message + " (check the TOML syntax: strings need quotes, tables [name])", Err: err}
		}
		return cfg, &LineError{File: ConfigFile, Msg: err.Error(), Err: err}
	}
	cfg.permalinkSet = md.IsDefined("permalink")
	cfg.baseURLSet = md.IsDefined("base_url")
	if undec := md.Undecoded(); len(undec) > 0 {
		keys := make([]string, 0, len(undec))
		for _, k := range undec {
			if len(k) > 0 && k[0] == "params" {
				continue
			}
			keys = append(keys, k.String())
		}
		if len(keys) > 0 {
			return cfg, configError("unknown key %s (see the configuration reference in README.md; put your own values under [params])", strings.Join(keys, ", "))
		}
	}
	return cfg, cfg.validate()
}

func (c *Config) validate() error {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return configError("base_url %q is not an absolute URL (write it as https://example.com/)", c.BaseURL)
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if c.PostsPerPage < 1 {
		return configError("posts_per_page is %d (use a number of 1 or more)", c.PostsPerPage)
	}
	if c.Feed.Limit < 0 {
		return configError("feed.limit is %d (use 0 for all posts or a positive number)", c.Feed.Limit)
	}
	if c.Generator == GeneratorJekyll && !c.permalinkSet {
		c.Permalink = "date" // Jekyll's default style
	}
	c.Language = cmp.Or(c.Language, "en")
	if err := c.Hints.Validate(); err != nil {
		return &LineError{File: ConfigFile, Msg: err.Error(), Err: err}
	}
	switch c.Redirects.Platform {
	case "", "wordpress", "blogger":
	default:
		return configError("redirects.platform %q is not a platform kopij knows (use \"wordpress\" or \"blogger\", or leave it out)", c.Redirects.Platform)
	}
	if c.Theme == "" || strings.ContainsAny(c.Theme, `/\`) || c.Theme == "." || c.Theme == ".." {
		return configError("theme %q must be the name of a folder under themes/", c.Theme)
	}
	return c.setupRules()
}

// PlaceholderBaseURL is the base_url kopij new site writes, under .example,
// the top-level domain kept for examples. A build warns about it until it
// is changed.
const PlaceholderBaseURL = "https://your-blog.example/"

// baseURLWarning tells a site built for publishing that its base_url is
// not set, or is still PlaceholderBaseURL: its canonical links, feeds and
// sitemap would point nowhere.
func (c *Config) baseURLWarning() string {
	if !c.baseURLSet {
		return ConfigFile + ": base_url is not set, so canonical links, feeds and the sitemap point at " + c.BaseURL + " (set base_url = \"https://your-domain/\", or pass --base-url)"
	}
	if c.BaseURL == PlaceholderBaseURL {
		return ConfigFile + ": base_url " + c.BaseURL + " is the placeholder of kopij new site, so canonical links, feeds and the sitemap point nowhere (write the address the blog is served from)"
	}
	return ""
}

// configError is a problem with a value of kopij.toml. The TOML decoder
// does not say where a key is, so it names no line.
func configError(format string, args ...any) *LineError {
	return &LineError{File: ConfigFile, Msg: fmt.Sprintf(format, args...)}
}

// BasePath is the path of BaseURL, with slashes at both ends: "/" or
// "/blog/". Every URL of the site starts with it.
func (c *Config) BasePath() string { return basePathOf(c.BaseURL) }

// NewsletterEnabled reports whether the signup form is shown.
func (c *Config) NewsletterEnabled() bool {
	return c.Newsletter.Enabled == nil || *c.Newsletter.Enabled
}

func stripBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}
