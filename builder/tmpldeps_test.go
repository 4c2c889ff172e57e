package builder

import (
	"html/template"
	"io/fs"
	"strings"
	"testing"

	"github.com/kopij/kopij/themes"
)

func TestReadsOtherBodies(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      bool
	}{
		{"own body", `{{.Page.Content}} {{.Page.WordCount}}`, false},
		{"own body under with", `{{with .Page}}{{.Content}}{{range .Headings}}{{.Text}}{{end}}{{end}}`, false},
		{"neighbour titles", `{{with .Prev}}{{.Title}}{{end}}{{range .Related}}{{.Summary}} {{.ReadingTime}}{{end}}`, false},
		{"prev body", `{{with .Prev}}{{.Content}}{{end}}`, true},
		{"next word count", `{{.Next.WordCount}}`, true},
		{"related bodies", `{{with .Related}}{{range .}}{{.Content}}{{end}}{{end}}`, true},
		{"range variable", `{{range $i, $p := .Related}}{{$p.Headings}}{{end}}`, true},
		{"variable", `{{$n := .Next}}{{$n.Content}}`, true},
		{"root variable", `{{with .Related}}{{$.Page.Content}}{{end}}`, false},
		{"index", `{{(index .Related 0).Content}}`, true},
		{"or", `{{(or .Prev .Next).Content}}`, true},
		{"partial with neighbour", `{{define "x"}}{{.Content}}{{end}}{{template "x" .Prev}}`, true},
		{"partial with own page", `{{define "x"}}{{.Content}}{{end}}{{template "x" .Page}}`, false},
		{"recursive partial", `{{define "x"}}{{template "x" .}}{{end}}{{template "x" .}}{{.Page.Content}}`, false},
		{"list of other pages", `{{range .Pages}}{{.Content}}{{end}}`, true},
		{"list printing its pages", `{{range .Pages}}{{printf "%v" .}}{{end}}`, true},
		{"list of titles and summaries", `{{range .Pages}}{{.Title}} {{.Summary}}{{end}}{{with .Term}}{{range .Pages}}{{.URL}}{{end}}{{end}}{{range .Years}}{{range .Pages}}{{.Date}}{{end}}{{end}}`, false},
		{"length of a neighbour's body", `{{if gt (len .Prev.Content) 10}}long{{end}}`, true},
		{"printed", `{{.Prev}}`, true},
		{"printed under with", `{{with .Next}}{{.}}{{end}}`, true},
		{"printf", `{{printf "%v" (index .Related 0)}}`, true},
		{"compared and counted", `{{if eq .Prev .Next}}same{{end}}{{len .Related}}{{if and .Prev (not .Next)}}first{{end}}`, false},
		{"neighbour URL", `{{with .Prev}}{{relURL .URL}}{{t .Lang "x" .ReadingTime}}{{end}}`, false},
		{"variable kept, not printed", `{{$p := .Prev}}{{with $p}}{{.Title}}{{end}}`, false},
		{"methods", `{{with .Prev}}{{.Date.Format "2006"}}{{if .Lastmod.After .Date}}new{{end}}{{end}}{{relURL ($.Site.TagURL "x")}}`, false},
		{"method given a neighbour", `{{$.Site.TagURL .Prev}}`, true},
		{"deeply nested ranges", "{{range .Pages}}" + strings.Repeat("{{range .Pages}}", 40) + "{{.Title}}" + strings.Repeat("{{end}}", 41), true},
		{"assigned in a loop", `{{$p := .Page}}{{range .Related}}{{$p.Content}}{{$p = .}}{{end}}`, true},
		{"assigned later", `{{$p := .Page}}{{if .Prev}}{{$p = .Prev}}{{end}}{{$p.Content}}`, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			tmpl := template.Must(template.New("post.html").Funcs(template.FuncMap{"t": func(...any) string { return "" }, "relURL": func(string) string { return "" }}).Parse(c.src))
			if got := readsOtherBodies(tmpl); got != c.want {
				t.Errorf("readsOtherBodies(%s) = %v, want %v", c.src, got, c.want)
			}
		})
	}
}

// The default theme shows only titles, dates and summaries of a post's
// neighbours and of listed posts, so a body edit re-renders the edited post
// alone.
func TestDefaultThemeOtherBodies(t *testing.T) {
	emb, err := readEmbeddedTheme(themes.Default(), func([]byte) uint64 { return 0 })
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]themeFile{}
	for p, f := range emb {
		files[p] = f
	}
	cfg := DefaultConfig()
	th, err := parseTheme(files, &cfg, func([]byte) uint64 { return 0 })
	if err != nil {
		t.Fatal(err)
	}
	// post.html shows its own body, and of the others only list data.
	src, err := fs.ReadFile(themes.Default(), "layouts/post.html")
	if err != nil {
		t.Fatal(err)
	}
	post := th.layouts["post.html"]
	if post == nil || !strings.Contains(string(src), "{{.Content}}") || post.otherBodies {
		t.Fatalf("post.html: shows its body %v, otherBodies %v; want true, false", strings.Contains(string(src), "{{.Content}}"), post != nil && post.otherBodies)
	}
	for _, name := range []string{"home.html", "term.html", "terms.html", "archive.html"} {
		if l := th.layouts[name]; l == nil || l.otherBodies {
			t.Errorf("%s reads the bodies of the posts it lists", name)
		}
	}
}

// FuzzReadsOtherBodies checks that the analysis of any template that
// parses ends without panicking, and finds a body read that a plain
// {{.Prev.Content}} adds.
func FuzzReadsOtherBodies(f *testing.F) {
	for _, s := range []string{
		`{{with .Page}}{{.Content}}{{end}}`,
		`{{range $i, $p := .Related}}{{$p.Title}}{{end}}`,
		`{{define "x"}}{{template "x" .}}{{end}}{{template "x" .Prev}}`,
		`{{$p := .Page}}{{range .Related}}{{$p = .}}{{end}}{{$p.Title}}`,
		`{{(index .Related 0).Summary}}{{or .Prev .Next}}`,
		`{{block "b" .Next}}{{.Title}}{{end}}{{range .Pages}}{{range .Pages}}{{else}}{{end}}{{end}}`,
	} {
		f.Add(s)
	}
	funcs := template.FuncMap{"t": func(...any) string { return "" }, "relURL": func(string) string { return "" }}
	f.Fuzz(func(t *testing.T, src string) {
		tmpl, err := template.New("post.html").Funcs(funcs).Parse(src)
		if err != nil {
			return
		}
		readsOtherBodies(tmpl)
		tmpl, err = template.New("post.html").Funcs(funcs).Parse(src + `{{.Prev.Content}}`)
		if err != nil {
			return
		}
		if !readsOtherBodies(tmpl) {
			t.Errorf("%q followed by {{.Prev.Content}}: no body read found", src)
		}
	})
}
