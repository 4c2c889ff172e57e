package builder

import (
	"errors"
	"strings"
	"testing"
)

// TestErrorsAreTyped breaks each kind of source file and checks that the
// build error holds a *LineError with the file and line of the problem,
// found by errors.As and listed by Errors.
func TestErrorsAreTyped(t *testing.T) {
	post := "---\ntitle: Fine\ndate: 2024-01-01\n---\n\nBody.\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []LineError // File, Line and a fragment of Msg
	}{
		{"front matter", map[string]string{"content/posts/x.md": "---\ntitle: x\ndate: never\ndraft: maybe\n---\n"},
			[]LineError{{File: "content/posts/x.md", Line: 3, Msg: `date "never" is not a date`}, {File: "content/posts/x.md", Line: 4, Msg: "draft must be true or false"}}},
		{"config syntax", map[string]string{ConfigFile: "title = \"x\"\nbase_url = \n", "content/posts/x.md": post},
			[]LineError{{File: ConfigFile, Line: 2, Msg: "check the TOML syntax"}}},
		{"config value", map[string]string{ConfigFile: "posts_per_page = 0\n", "content/posts/x.md": post},
			[]LineError{{File: ConfigFile, Msg: "posts_per_page is 0"}}},
		{"template syntax", map[string]string{"content/posts/x.md": post, "themes/default/layouts/post.html": "{{define \"main\"}}\n<p>\n{{.Page.Title}\n{{end}}"},
			[]LineError{{File: "themes/default/layouts/post.html", Line: 3, Msg: "bad character"}}},
		{"template execution", map[string]string{"content/posts/x.md": post, "themes/default/layouts/post.html": "{{define \"main\"}}\n\n{{.Page.Nothing}}{{end}}"},
			[]LineError{{File: "themes/default/layouts/post.html", Line: 3, Msg: "can't evaluate field Nothing"}}},
		{"partial execution", map[string]string{"content/posts/x.md": post, "themes/default/layouts/partials/footer.html": "<footer>\n{{index .Site.Menu 7}}</footer>"},
			// Once, for every page that shows the footer.
			[]LineError{{File: "themes/default/layouts/partials/footer.html", Line: 2, Msg: "index out of range: 7 (rendering content/posts/x.md and 6 more)"}}},
		{"ui strings", map[string]string{"content/posts/x.md": post, "themes/default/i18n/en.toml": "archive = \"Archive\"\nbroken = \n"},
			[]LineError{{File: "themes/default/i18n/en.toml", Line: 2, Msg: "every line must be key"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := buildMap(t, tt.files)
			if err == nil {
				t.Fatal("build succeeded")
			}
			if _, ok := errors.AsType[*LineError](err); !ok {
				t.Fatalf("errors.As finds no *LineError in %v", err)
			}
			got := Errors(err)
			if len(got) != len(tt.want) {
				t.Fatalf("Errors = %d problems, want %d: %v", len(got), len(tt.want), err)
			}
			for i, w := range tt.want {
				if got[i].File != w.File || got[i].Line != w.Line || !strings.Contains(got[i].Msg, w.Msg) {
					t.Errorf("problem %d = %q at %s:%d, want %q at %s:%d", i, got[i].Msg, got[i].File, got[i].Line, w.Msg, w.File, w.Line)
				}
				if !strings.HasPrefix(got[i].Error(), w.File+":") {
					t.Errorf("message %q does not start with the file", got[i].Error())
				}
			}
		})
	}
}

// TestErrorsWithoutFile lists a problem that names no single file as a
// LineError without File, with the message as it is.
func TestErrorsWithoutFile(t *testing.T) {
	_, err := buildMap(t, map[string]string{
		"content/posts/a.md": "---\nslug: same\n---\n",
		"content/posts/b.md": "---\nslug: same\n---\n",
	})
	got := Errors(err)
	if len(got) != 1 || got[0].File != "" || got[0].Line != 0 || !strings.Contains(got[0].Msg, "both want to write") || got[0].Error() != got[0].Msg {
		t.Fatalf("Errors = %+v", got)
	}
	if Errors(nil) != nil {
		t.Fatal("Errors(nil) is not nil")
	}
}
