package hugo

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"
)

// testSite is the site every testdata/shortcodes/*.txtar page is part of.
func testSite() *Site {
	page := func(path, rel string) *Page {
		return &Page{Path: path, File: "content/" + path, Title: path, RelPermalink: rel, Permalink: "https://example.org" + rel}
	}
	return &Site{
		Title: "Kopij test", BaseURL: "https://example.org/blog/", LanguageCode: "nl-NL",
		Params: map[string]any{"version": "1.2.3", "author": "Anne", "social": map[string]any{"mastodon": "@anne"}},
		Pages: []*Page{
			page("posts/first.md", "/blog/posts/first/"),
			page("posts/bundle/index.md", "/blog/posts/bundle/"),
			page("about.md", "/blog/about/"),
			page("posts/_index.md", "/blog/posts/"),
		},
	}
}

func testPage() *Page {
	return &Page{
		File: "content/posts/test.md", Path: "posts/test.md", BodyLine: 5, Kind: "page",
		Title: "Test page", Params: map[string]any{"subtitle": "Sub", "version": "9.9"},
		Date:         time.Date(2024, 3, 9, 10, 0, 0, 0, time.UTC),
		Permalink:    "https://example.org/blog/posts/test/",
		RelPermalink: "/blog/posts/test/", Section: "posts", Lang: "nl",
		Resources: []Resource{{Name: "images/a.jpg", RelPermalink: "/blog/posts/test/images/a.jpg", MediaType: "image/jpeg"}},
	}
}

// TestShortcodes renders content.md of each testdata/shortcodes/*.txtar
// (with its layouts/ files as the site's templates) through Expand,
// goldmark and Finish, and compares the HTML with want.html and the
// warnings, errors and generated files with want.txt. An "unsafe" section
// turns raw HTML on. go test -run TestShortcodes -update rewrites both.
func TestShortcodes(t *testing.T) {
	files, _ := filepath.Glob("testdata/shortcodes/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata/shortcodes/*.txtar")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			layouts := fstest.MapFS{}
			var body, wantHTML, wantTxt string
			unsafe := false
			for _, f := range ar.Files {
				switch {
				case strings.HasPrefix(f.Name, "layouts/"):
					layouts[strings.TrimPrefix(f.Name, "layouts/")] = &fstest.MapFile{Data: f.Data}
				case f.Name == "content.md":
					body = string(f.Data)
				case f.Name == "want.html":
					wantHTML = string(f.Data)
				case f.Name == "want.txt":
					wantTxt = string(f.Data)
				case f.Name == "unsafe":
					unsafe = true
				}
			}
			md := testMarkdown(unsafe)
			e, err := NewEngine(testSite(), Options{
				Layouts: layouts, Markdown: md,
				Thumbnail: func(provider, id string) string {
					if id == "withthumb" {
						return "/blog/img/" + provider + "-" + id + ".jpg"
					}
					return ""
				},
				Now: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
			})
			if err != nil {
				t.Fatal(err)
			}
			got, x, err := renderPage(t, e, md, testPage(), body)
			var notes []string
			for _, w := range x.Warnings {
				notes = append(notes, "warning "+w.String())
			}
			if err != nil {
				for _, l := range strings.Split(err.Error(), "\n") {
					notes = append(notes, "error "+l)
				}
			}
			for name, data := range x.Files {
				notes = append(notes, fmt.Sprintf("file %s %d bytes", name, len(data)))
			}
			names := make([]string, 0)
			for n, err := range e.TemplateErrors() {
				names = append(names, "template "+n+": "+err.Error())
			}
			sort.Strings(names)
			notes = append(notes, names...)
			gotTxt := strings.Join(notes, "\n")
			if gotTxt != "" {
				gotTxt += "\n"
			}
			if *update {
				setSection(ar, "want.html", got)
				setSection(ar, "want.txt", gotTxt)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != wantHTML {
				t.Errorf("HTML differs\n--- got\n%s\n--- want\n%s", got, wantHTML)
			}
			if gotTxt != wantTxt {
				t.Errorf("notes differ\n--- got\n%s--- want\n%s", gotTxt, wantTxt)
			}
			if strings.Contains(got, x.prefix) {
				t.Errorf("a placeholder was left in the HTML")
			}
		})
	}
}
