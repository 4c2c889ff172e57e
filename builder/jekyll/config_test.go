package jekyll

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	src := `title: Mijn blog
description: Over schrijven
url: https://example.com/
baseurl: blog/
lang: nl
timezone: Europe/Amsterdam
permalink: /:categories/:title/
paginate: 5
paginate_path: /pagina/:num/
author:
  name: Anna
  email: anna@example.com
collections:
  recepten:
    output: true
    permalink: /recepten/:name/
defaults:
  - scope: {path: "", type: posts}
    values: {layout: post, comments: true}
  - scope: {path: "_posts/2019"}
    values: {layout: old}
exclude: [Gemfile, vendor]
include: [.htaccess]
kramdown:
  input: GFM
  toc_levels: 2..3
  auto_ids: false
plugins: [jekyll-redirect-from, jekyll-paginate]
custom_key: kept
`
	c, err := ParseConfig("_config.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"title", c.Title, "Mijn blog"},
		{"url", c.URL, "https://example.com"},
		{"baseurl", c.BaseURL, "/blog"},
		{"lang", c.Lang, "nl"},
		{"timezone", c.Location().String(), "Europe/Amsterdam"},
		{"permalink", c.Permalink, "/:categories/:title/"},
		{"paginate", c.Paginate, 5},
		{"paginate_path", c.PaginatePath, "/pagina/:num/"},
		{"author", c.Author, Author{Name: "Anna", Email: "anna@example.com"}},
		{"collections", c.Collections["recepten"], Collection{Output: true, Permalink: "/recepten/:name/"}},
		{"posts collection", c.Collections["posts"].Output, true},
		{"defaults", len(c.Defaults), 2},
		{"exclude", c.Exclude, []string{"Gemfile", "vendor"}},
		{"toc_levels", c.Kramdown.TOCLevels, []int{2, 3}},
		{"auto_ids", c.Kramdown.AutoIDs, false},
		{"aliases", c.Aliases(), true},
		{"paginate plugin", c.Plugin("jekyll-paginate"), true},
		{"vars", c.Vars["custom_key"], "kept"},
	}
	for _, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("%s: got %#v, want %#v", ch.name, ch.got, ch.want)
		}
	}
	if got := c.DefaultsFor("_posts/2019/x.md", "posts"); got["layout"] != "old" || got["comments"] != true {
		t.Errorf("defaults for _posts/2019/x.md: %v, want the longer path's layout and the type's comments", got)
	}
	if got := c.DefaultsFor("about.md", "pages"); len(got) != 0 {
		t.Errorf("defaults for a page: %v, want none", got)
	}
}

func TestParseConfigEmpty(t *testing.T) {
	c, err := ParseConfig("_config.yml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Permalink != "date" || c.IncludesDir != "_includes" || c.Location().String() != "UTC" || !c.Collections["posts"].Output {
		t.Errorf("defaults: %+v", c)
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		src  string
		line int
		msg  string
	}{
		{"title: a\n  bad: indent\n", 2, "YAML"},
		{"title: [unclosed\n", 1, "YAML"},
		{"title: ok\npaginate: ten\n", 2, "whole number"},
		{"timezone: Mars/Olympus\n", 1, "not a time zone"},
		{"- a list\n", 1, "key: value"},
		{"title: ok\nexclude: {a: b}\n", 2, "list of text"},
		{"kramdown:\n  toc_levels: [9]\n", 2, "toc_levels"},
		{"title:\n  nested: map\n", 2, "must be text"},
		{"defaults: yes\n", 1, "defaults"},
	}
	for _, tt := range tests {
		_, err := ParseConfig("_config.yml", []byte(tt.src))
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%q: error %v, want an *Error", tt.src, err)
			continue
		}
		if e.File != "_config.yml" || e.Line != tt.line || !strings.Contains(e.Error(), tt.msg) {
			t.Errorf("%q: %v, want line %d and %q", tt.src, err, tt.line, tt.msg)
		}
	}
}
