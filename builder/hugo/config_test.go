package hugo

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestReadConfigSplit(t *testing.T) {
	fsys := fstest.MapFS{
		"config/_default/hugo.toml": {Data: []byte(`baseURL = "https://example.com/blog/"
title = "Mijn blog"
languageCode = "nl-NL"
defaultContentLanguage = "nl"
uglyURLs = true
disablePathToLower = true
summaryLength = 30
contentDir = "posts-src"
staticDir = ["static", "assets/static"]
[pagination]
pagerSize = 7
[markup.goldmark.renderer]
unsafe = true
[taxonomies]
tag = "tags"
serie = "series"
`)},
		"config/_default/params.yaml":     {Data: []byte("author: Anne de Vries\nShowToc: true\n")},
		"config/_default/permalinks.toml": {Data: []byte("posts = \"/:year/:slug/\"\n[section]\nposts = \"/archief/\"\n")},
		"config/_default/menus.en.toml":   {Data: []byte("[[main]]\nname = \"Home\"\nurl = \"/\"\n")},
		"config/_default/languages.toml":  {Data: []byte("[nl]\nlanguageName = \"Nederlands\"\nweight = 1\n[en]\nlanguageName = \"English\"\nweight = 2\ntitle = \"My blog\"\n")},
		"config/production/hugo.toml":     {Data: []byte("baseURL = \"https://prod.example.com/blog/\"\n")},
		"config/development/hugo.toml":    {Data: []byte("baseURL = \"http://localhost:1313/\"\n")},
	}
	c, err := ReadConfig(fsys)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"title", c.Title, "Mijn blog"},
		{"baseURL from production", c.BaseURL, "https://prod.example.com/blog/"},
		{"languageCode", c.LanguageCode, "nl-NL"},
		{"defaultContentLanguage", c.DefaultContentLanguage, "nl"},
		{"uglyURLs", c.UglyURLs, true},
		{"disablePathToLower", c.DisablePathToLower, true},
		{"summaryLength", c.SummaryLength, 30},
		{"pagerSize", c.PagerSize, 7},
		{"unsafe", c.Unsafe, true},
		{"contentDir", c.ContentDir, "posts-src"},
		{"staticDir", c.StaticDirs, []string{"static", "assets/static"}},
		{"layoutDir default", c.LayoutDir, "layouts"},
		{"taxonomies", c.Taxonomies, map[string]string{"tag": "tags", "serie": "series"}},
		{"author from params", c.Author, map[string]any{"name": "Anne de Vries"}},
		{"params keys lower-cased", c.Params["showtoc"], true},
		{"permalinks page", c.Permalinks["page"]["posts"], "/:year/:slug/"},
		{"permalinks term", c.Permalinks["term"]["posts"], "/:year/:slug/"},
		{"permalinks section", c.Permalinks["section"]["posts"], "/archief/"},
		{"languages", c.Languages["en"].Title, "My blog"},
		{"language weight", c.Languages["nl"].Weight, 1},
		{"menus per language", mapOf(mapOf(c.Raw["languages"])["en"])["menus"] != nil, true},
		{"url languages", c.URLConfig().Languages, []string{"nl", "en"}},
	}
	for _, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("%s: got %#v, want %#v", ch.name, ch.got, ch.want)
		}
	}
}

func TestReadConfigDefaults(t *testing.T) {
	c, err := ReadConfig(fstest.MapFS{"config.yaml": {Data: []byte("baseurl: https://example.org\npaginate: 5\nauthor:\n  name: Jo\n  email: jo@example.org\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if c.PagerSize != 5 || c.SummaryLength != 70 || c.ContentDir != "content" || c.DefaultContentLanguage != "en" {
		t.Errorf("defaults: %+v", c)
	}
	if c.Author["email"] != "jo@example.org" || !reflect.DeepEqual(c.Taxonomies, map[string]string{"tag": "tags", "category": "categories"}) {
		t.Errorf("author %v, taxonomies %v", c.Author, c.Taxonomies)
	}
	// hugo.toml wins over config.toml, as in Hugo.
	c, err = ReadConfig(fstest.MapFS{"hugo.toml": {Data: []byte("title = 'new'\n")}, "config.toml": {Data: []byte("title = 'old'\n")}})
	if err != nil || c.Title != "new" || !reflect.DeepEqual(c.Files, []string{"hugo.toml"}) {
		t.Errorf("got %v, %+v", err, c)
	}
	if _, err := ReadConfig(fstest.MapFS{"content/x.md": {}}); !errors.Is(err, ErrNoConfig) {
		t.Errorf("no config: %v", err)
	}
}

func TestReadConfigLanguageKeys(t *testing.T) {
	c, err := ReadConfig(fstest.MapFS{"config.yaml": {Data: []byte("title: Root\nparams:\n  a: 1\nlanguages:\n  en:\n    weight: 1\n    title: English\n    taxonomies:\n      tag: tags\n      series: series\n    params:\n      b: 2\n  nl:\n    title: Nederlands\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "Root" || !reflect.DeepEqual(c.Taxonomies, map[string]string{"tag": "tags", "series": "series"}) || c.Params["a"] != 1 || c.Params["b"] != 2 {
		t.Errorf("title %q, taxonomies %v, params %v", c.Title, c.Taxonomies, c.Params)
	}
}

func TestReadConfigErrors(t *testing.T) {
	tests := []struct {
		file, src, want string
	}{
		{"hugo.toml", "title = \"x\"\nbaseURL = \n", "hugo.toml:2:"},
		{"config.yaml", "title: x\nparams:\n  a: [1, 2\n", "config.yaml:2:"},
		{"hugo.json", "{\n  \"title\": \"x\",\n  \"baseURL\": \n}\n", "hugo.json:4:"},
		{"config/_default/params.toml", "a = 1\n[b\n", "config/_default/params.toml:2:"},
	}
	for _, tt := range tests {
		_, err := ReadConfig(fstest.MapFS{tt.file: {Data: []byte(tt.src)}})
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want an error starting %q", tt.file, err, tt.want)
		}
	}
}
