package builder

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello, World!", "hello-world"},
		{"  Mijn eerste post  ", "mijn-eerste-post"},
		{"Crème brûlée à la carte", "creme-brulee-a-la-carte"},
		{"C++", "c-plus-plus"},
		{"C#", "c-sharp"},
		{"c", "c"},
		{"Go", "go"},
		{"日本語のブログ", "日本語のブログ"},
		{"Straße", "straße"},
		{"Йогурт", "йогурт"},
		{"Ελληνικά", "ελληνικά"},
		{"../../etc/passwd", "etc-passwd"},
		{`..\..\windows`, "windows"},
		{"%2e%2e%2f", "2e-2e-2f"},
		{"a  --  b", "a-b"},
		{"...", ""},
		{"", ""},
		{"ﬁle", "file"}, // NFKD folds the ligature
	}
	for _, tt := range tests {
		got := Slugify(tt.in)
		if got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if strings.ContainsAny(got, `/\.`) {
			t.Errorf("Slugify(%q) = %q contains a path character", tt.in, got)
		}
	}
}

// TestFrontMatterDates checks the date forms of Hugo and Jekyll in front
// matter, read by package builder/dates.
func TestFrontMatterDates(t *testing.T) {
	ams := time.FixedZone("", 2*3600)
	tests := []struct {
		in   string
		want time.Time
		note bool // a warning about a skipped zone
	}{
		{"2009-10-12", time.Date(2009, 10, 12, 0, 0, 0, 0, time.UTC), false},
		{"2009-10-12T08:30:00+02:00", time.Date(2009, 10, 12, 8, 30, 0, 0, ams), false},
		{"\"2009-10-12T08:30:00\"", time.Date(2009, 10, 12, 8, 30, 0, 0, time.UTC), false},
		{"2009-10-12 08:30:00 +0200", time.Date(2009, 10, 12, 8, 30, 0, 0, ams), false},
		{"2009-10-12 08:30", time.Date(2009, 10, 12, 8, 30, 0, 0, time.UTC), false},
		{"Mon, 12 Oct 2009 08:30:00 +0200", time.Date(2009, 10, 12, 8, 30, 0, 0, ams), false},
		{"September 21, 2021", time.Date(2021, 9, 21, 0, 0, 0, 0, time.UTC), false},
		{"2018-1-3", time.Date(2018, 1, 3, 0, 0, 0, 0, time.UTC), false},
		{"2019-02-08 7:53:26 +1h", time.Date(2019, 2, 8, 7, 53, 26, 0, time.UTC), true},
	}
	cfg := DefaultConfig()
	md := newMarkdown(cfg.Markdown)
	for _, tt := range tests {
		p, err := parsePage(&cfg, md, "content/posts/x.md", []byte("---\ndate: "+tt.in+"\n---\nText.\n"))
		if err != nil {
			t.Errorf("date: %s: %v", tt.in, err)
			continue
		}
		if !p.Date.Equal(tt.want) {
			t.Errorf("date: %s = %v, want %v", tt.in, p.Date, tt.want)
		}
		if got := len(p.warnings) > 0; got != tt.note {
			t.Errorf("date: %s: warnings %q, want a zone note: %v", tt.in, p.warnings, tt.note)
		}
	}
	for _, bad := range []string{"yesterday", "2009-13-01", "September 21"} {
		_, err := parsePage(&cfg, md, "content/posts/x.md", []byte("---\ndate: "+bad+"\n---\n"))
		if le, ok := errors.AsType[*LineError](err); !ok || le.Line != 2 {
			t.Errorf("date: %s: error %v, want one at line 2", bad, err)
		}
	}
}

// TestFrontMatterKeys checks the Hugo and Jekyll keys that map to one field.
func TestFrontMatterKeys(t *testing.T) {
	tests := []struct {
		name, src string
		check     func(p *Page) string
	}{
		{"jekyll date from name", "---\ntitle: x\n---\n", func(p *Page) string {
			return want(p.Date.Format("2006-01-02"), "2009-10-12")
		}},
		{"date wins over the name", "---\ndate: 2011-01-01\n---\n", func(p *Page) string { return want(p.Date.Format("2006-01-02"), "2011-01-01") }},
		{"publishDate without date", "---\npublishDate: 2012-02-02\n---\n", func(p *Page) string { return want(p.Date.Format("2006-01-02"), "2012-02-02") }},
		{"lastmod before date is the date", "---\ndate: 2012-02-02\nlastmod: 2001-01-01\n---\n", func(p *Page) string { return want(p.Lastmod.Format("2006-01-02"), "2012-02-02") }},
		{"published false is a draft", "---\npublished: false\n---\n", func(p *Page) string { return want(p.Draft, true) }},
		{"categories string with spaces", "---\ncategories: jekyll update\n---\n", func(p *Page) string { return want(strings.Join(p.Categories, "|"), "jekyll|update") }},
		{"tags string with commas", "---\ntags: \"machine learning, go\"\n---\n", func(p *Page) string { return want(strings.Join(p.Tags, "|"), "machine learning|go") }},
		{"tags deduplicated by case", "---\ntags: [Go, go, GO, Rust]\n---\n", func(p *Page) string { return want(strings.Join(p.Tags, "|"), "Go|Rust") }},
		{"redirect_from", "---\nredirect_from: /old.html\n---\n", func(p *Page) string { return want(strings.Join(p.Aliases, "|"), "/old.html") }},
		{"author map", "---\nauthor: {name: Ann}\n---\n", func(p *Page) string { return want(p.Author, "Ann") }},
		{"cover image", "---\ncover: {image: c.png}\n---\n", func(p *Page) string { return want(p.Image, "c.png") }},
		{"unknown keys reach Params", "---\nMyKey: 42\n---\n", func(p *Page) string { return want(p.Params["mykey"], 42) }},
		{"toml lastmod", "+++\nlastmod = 2020-05-05T10:00:00Z\ndate = 2020-01-01\n+++\n", func(p *Page) string { return want(p.Lastmod.Format("2006-01-02"), "2020-05-05") }},
	}
	cfg := DefaultConfig()
	md := newMarkdown(cfg.Markdown)
	for _, tt := range tests {
		p, err := parsePage(&cfg, md, "content/posts/2009-10-12-name.md", []byte(tt.src))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if msg := tt.check(p); msg != "" {
			t.Errorf("%s: %s", tt.name, msg)
		}
	}
}

func want[T comparable](got, want T) string {
	if got != want {
		return fmt.Sprintf("got %v, want %v", got, want)
	}
	return ""
}

func TestTruncateText(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"one two three four", 10, "one two…"},
		{"één twee drie vier", 10, "één twee…"},
		{"ééééééééééééé", 5, "ééééé…"},
		{"a, b, c, d, e, f", 9, "a, b, c…"},
	} {
		if got := truncateText(c.in, c.n); got != c.want {
			t.Errorf("truncateText(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
