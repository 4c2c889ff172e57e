package hugo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// Config is what kopij carries over from a Hugo site's configuration.
type Config struct {
	Files                  []string                     // files read, in order, relative to the site root
	Title                  string                       // title
	BaseURL                string                       // baseURL, with its path: "https://example.com/blog/"
	LanguageCode           string                       // languageCode, e.g. "nl-NL"
	DefaultContentLanguage string                       // defaultContentLanguage, default "en"
	Languages              map[string]Language          // languages, by code
	Permalinks             map[string]map[string]string // kind -> section -> pattern (see URLConfig)
	Taxonomies             map[string]string            // singular -> plural; Hugo's default tag/tags, category/categories
	PagerSize              int                          // pagination.pagerSize (or the older paginate); default 10
	Author                 map[string]any               // author, else params.author (a string becomes {"name": it})
	UglyURLs               bool                         // uglyURLs
	UglySections           map[string]bool              // uglyURLs given per section
	DisablePathToLower     bool                         // disablePathToLower
	RemovePathAccents      bool                         // removePathAccents
	SummaryLength          int                          // summaryLength in words; default 70
	Unsafe                 bool                         // markup.goldmark.renderer.unsafe: raw HTML in Markdown
	ContentDir             string                       // contentDir; default "content"
	StaticDirs             []string                     // staticDir (a folder or a list); default ["static"]
	LayoutDir              string                       // layoutDir; default "layouts"
	Theme                  []string                     // theme (a name or a list)
	Copyright              string                       // copyright
	Params                 map[string]any               // params, keys lower-cased
	Menus                  map[string]any               // menus, as written
	Raw                    map[string]any               // the merged configuration, keys lower-cased
}

// Language is one entry of a multilingual site's languages table.
type Language struct {
	LanguageName string         // languageName
	LanguageCode string         // languageCode
	Title        string         // title for this language
	Weight       int            // weight: order, lower first
	ContentDir   string         // contentDir for this language
	Params       map[string]any // params for this language
}

// ErrNoConfig is returned by ReadConfig for a folder without Hugo
// configuration.
var ErrNoConfig = errors.New("no Hugo configuration (hugo.toml, config.toml, hugo.yaml, ... or config/_default/)")

// configNames are the root configuration files Hugo looks for, first wins.
var configNames = []string{"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json"}

// ReadConfig reads a Hugo site's configuration from the site root fsys:
// the first of hugo.toml|yaml|json and config.toml|yaml|json, then
// config/_default/ and config/production/ (Hugo's environment for a build),
// where hugo.* and config.* hold root keys and any other NAME.* (params,
// menus, languages, permalinks, markup, ...) the key NAME; menus.en.toml
// and the like go under languages.en. A malformed file is an error naming
// it and its line.
func ReadConfig(fsys fs.FS) (*Config, error) {
	raw := map[string]any{}
	var files []string
	for _, name := range configNames {
		m, err := readConfigFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		mergeInto(raw, m)
		files = append(files, name)
		break
	}
	for _, dir := range []string{"config/_default", "config/production"} {
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			continue
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
		for _, e := range entries {
			ext := path.Ext(e.Name())
			if e.IsDir() || (ext != ".toml" && ext != ".yaml" && ext != ".yml" && ext != ".json") {
				continue
			}
			p := dir + "/" + e.Name()
			m, err := readConfigFile(fsys, p)
			if err != nil {
				return nil, err
			}
			files = append(files, p)
			key := strings.ToLower(strings.TrimSuffix(e.Name(), ext))
			key, lang, _ := strings.Cut(key, ".")
			switch {
			case key == "hugo" || key == "config":
				mergeInto(raw, m)
			case lang != "":
				mergeInto(raw, map[string]any{"languages": map[string]any{lang: map[string]any{key: m}}})
			default:
				mergeInto(raw, map[string]any{key: m})
			}
		}
	}
	if len(files) == 0 {
		return nil, ErrNoConfig
	}
	return decodeConfig(raw, files), nil
}

// readConfigFile decodes one file to a map with lower-case keys.
func readConfigFile(fsys fs.FS, name string) (map[string]any, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	switch path.Ext(name) {
	case ".toml":
		if _, err := toml.Decode(string(src), &m); err != nil {
			var pe toml.ParseError
			if errors.As(err, &pe) {
				// The offset, not Position.Line, names the line of an
				// error at a line's end.
				ln := 1 + bytes.Count(src[:min(max(pe.Position.Start, 0), len(src))], []byte("\n"))
				return nil, fmt.Errorf("%s:%d: %s", name, ln, pe.Message)
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	case ".yaml", ".yml":
		if err := yaml.Unmarshal(src, &m); err != nil {
			return nil, yamlError(name, err)
		}
	case ".json":
		if err := json.Unmarshal(src, &m); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("%s:%d: %s", name, 1+bytes.Count(src[:min(int(se.Offset), len(src))], []byte("\n")), se.Error())
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return lowerKeys(m).(map[string]any), nil
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

func yamlError(name string, err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil && m[1] != "" {
		return fmt.Errorf("%s:%s: %s", name, m[1], m[2])
	}
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		if m := regexp.MustCompile(`^line (\d+): (.*)$`).FindStringSubmatch(te.Errors[0]); m != nil {
			return fmt.Errorf("%s:%s: %s", name, m[1], m[2])
		}
	}
	return fmt.Errorf("%s:1: %s", name, strings.TrimPrefix(msg, "yaml: "))
}

func decodeConfig(raw map[string]any, files []string) *Config {
	// Keys set only for the default language (languages.en.taxonomies, ...)
	// are the site's, as Hugo builds that language with them.
	dcl := str(raw["defaultcontentlanguage"])
	if dcl == "" {
		dcl = "en"
	}
	if lang, ok := mapOf(raw["languages"])[dcl].(map[string]any); ok {
		for k, v := range lang {
			switch k {
			case "params":
				merged := map[string]any{}
				mergeInto(merged, mapOf(raw["params"]))
				mergeInto(merged, mapOf(v))
				raw["params"] = merged
			case "weight", "languagename", "label", "contentdir":
			default:
				if _, set := raw[k]; !set {
					raw[k] = v
				}
			}
		}
	}
	c := &Config{
		Files: files, Raw: raw,
		Title:                  str(raw["title"]),
		BaseURL:                str(raw["baseurl"]),
		LanguageCode:           str(raw["languagecode"]),
		DefaultContentLanguage: str(raw["defaultcontentlanguage"]),
		DisablePathToLower:     boolean(raw["disablepathtolower"]),
		RemovePathAccents:      boolean(raw["removepathaccents"]),
		Copyright:              str(raw["copyright"]),
		ContentDir:             str(raw["contentdir"]),
		LayoutDir:              str(raw["layoutdir"]),
		Theme:                  strs(raw["theme"]),
		StaticDirs:             strs(raw["staticdir"]),
		Params:                 mapOf(raw["params"]),
		Menus:                  mapOf(raw["menus"]),
		SummaryLength:          70,
		PagerSize:              10,
	}
	if c.DefaultContentLanguage == "" {
		c.DefaultContentLanguage = "en"
	}
	if c.ContentDir == "" {
		c.ContentDir = "content"
	}
	if c.LayoutDir == "" {
		c.LayoutDir = "layouts"
	}
	if len(c.StaticDirs) == 0 {
		c.StaticDirs = []string{"static"}
	}
	if n, ok := number(raw["summarylength"]); ok {
		c.SummaryLength = n
	}
	if n, ok := number(raw["paginate"]); ok && n > 0 {
		c.PagerSize = n
	}
	if n, ok := number(mapOf(raw["pagination"])["pagersize"]); ok && n > 0 {
		c.PagerSize = n
	}
	switch u := raw["uglyurls"].(type) {
	case bool:
		c.UglyURLs = u
	case map[string]any:
		c.UglySections = map[string]bool{}
		for k, v := range u {
			c.UglySections[k] = boolean(v)
		}
	}
	c.Unsafe = boolean(mapOf(mapOf(mapOf(mapOf(raw["markup"])["goldmark"])["renderer"]))["unsafe"])
	c.Author = author(raw["author"])
	if c.Author == nil {
		c.Author = author(c.Params["author"])
	}
	c.Taxonomies = map[string]string{"tag": "tags", "category": "categories"}
	if t, ok := raw["taxonomies"].(map[string]any); ok {
		c.Taxonomies = map[string]string{}
		for k, v := range t {
			if s := str(v); s != "" {
				c.Taxonomies[k] = s
			}
		}
	}
	c.Permalinks = permalinks(mapOf(raw["permalinks"]))
	if langs, ok := raw["languages"].(map[string]any); ok {
		c.Languages = map[string]Language{}
		for code, v := range langs {
			m := mapOf(v)
			w, _ := number(m["weight"])
			c.Languages[code] = Language{
				LanguageName: str(m["languagename"]), LanguageCode: str(m["languagecode"]),
				Title: str(m["title"]), Weight: w, ContentDir: str(m["contentdir"]), Params: mapOf(m["params"]),
			}
		}
	}
	return c
}

// permalinks decodes Hugo's permalinks table: section = pattern sets pages
// and terms; page/section/term/taxonomy tables set one kind.
func permalinks(m map[string]any) map[string]map[string]string {
	out := map[string]map[string]string{}
	set := func(kind, key, pattern string) {
		if out[kind] == nil {
			out[kind] = map[string]string{}
		}
		out[kind][key] = pattern
	}
	for k, v := range m {
		switch x := v.(type) {
		case string:
			set("page", k, x)
			set("term", k, x)
		case map[string]any:
			for k2, v2 := range x {
				if s, ok := v2.(string); ok {
					set(k, k2, s)
				}
			}
		}
	}
	return out
}

// URLConfig returns the settings that decide the site's URLs.
func (c *Config) URLConfig() URLConfig {
	langs := []string{c.DefaultContentLanguage}
	for code := range c.Languages {
		if code != c.DefaultContentLanguage {
			langs = append(langs, code)
		}
	}
	sort.Strings(langs[1:])
	return URLConfig{Permalinks: c.Permalinks, UglyURLs: c.UglyURLs, UglySections: c.UglySections,
		Slug:      SlugOptions{DisablePathToLower: c.DisablePathToLower, RemovePathAccents: c.RemovePathAccents},
		Languages: langs}
}
