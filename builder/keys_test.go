package builder

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

func TestWarnings(t *testing.T) {
	tests := []struct {
		name, post string
		want       []string // substrings of the warnings, in order; none when empty
	}{
		{"misspelled title", "---\ntitel: Hallo\ndate: 2024-01-02\n---\nx\n",
			[]string{`content/posts/p.md:2: unknown front matter key "titel": did you mean "title"?`}},
		{"misspelled categories", "---\ntitle: x\ncatagories: [a]\n---\nx\n",
			[]string{`content/posts/p.md:3: unknown front matter key "catagories": did you mean "categories"?`}},
		{"own keys stay quiet", "---\ntitle: x\nlayout: wide\ntoc: true\nfeatured: true\nseries: s\n---\nx\n", nil},
		{"alias to another site", "---\ntitle: x\naliases: [https://elsewhere.example/old/]\n---\nx\n",
			[]string{`content/posts/p.md:3: alias url "https://elsewhere.example/old/" must be a path on this site`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, err := Build(context.Background(), fstest.MapFS{"content/posts/p.md": {Data: []byte(tt.post)}}, Options{BaseURL: "https://example.com/"})
			if err != nil {
				t.Fatal(err)
			}
			if len(site.Warnings) != len(tt.want) {
				t.Fatalf("warnings %q, want %d", site.Warnings, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(site.Warnings[i], w) {
					t.Errorf("warning %q lacks %q", site.Warnings[i], w)
				}
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{{"title", "title", 0}, {"titel", "title", 1}, {"tite", "title", 1}, {"descripton", "description", 1}, {"", "abc", 3}, {"layout", "lastmod", 5}} {
		if got := editDistance(tt.a, tt.b); got != tt.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
}
