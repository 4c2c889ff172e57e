package builder

import (
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/kopij/kopij/themes"
)

func TestReadsOtherBodies(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      bool
		summaries bool // readsOtherSummaries, when want is false (it is true when want is)
	}{
		{"own body", `{{.Page.Content}} {{.Page.WordCount}}`, false, false},
		{"own body under with", `{{with .Page}}{{.Content}}{{range .Headings}}{{.Text}}{{end}}{{end}}`, false, false},
		{"neighbour titles", `{{with .Prev}}{{.Title}}{{end}}{{range .Related}}{{.Summary}} {{.ReadingTime}}{{end}}`, false, true},
		{"neighbour titles alone", `{{with .Prev}}{{.Title}}{{end}}{{range .Related}}{{.URL}} {{.Date}}{{end}}`, false, false},
		{"own summary", `{{.Page.Summary}} {{.Page.ReadingTime}}{{with .Page}}{{.SummaryText}}{{end}}`, false, false},
		{"next summary text", `{{.Next.SummaryText}}`, false, true},
		{"summary in a partial", `{{define "x"}}{{.Title}}: {{.Summary}}{{end}}{{template "x" .Prev}}`, false, true},
		{"prev body", `{{with .Prev}}{{.Content}}{{end}}`, true, false},
		{"next word count", `{{.Next.WordCount}}`, true, false},
		{"related bodies", `{{with .Related}}{{range .}}{{.Content}}{{end}}{{end}}`, true, false},
		{"range variable", `{{range $i, $p := .Related}}{{$p.Headings}}{{end}}`, true, false},
		{"variable", `{{$n := .Next}}{{$n.Content}}`, true, false},
		{"root variable", `{{with .Related}}{{$.Page.Content}}{{end}}`, false, false},
		{"index", `{{(index .Related 0).Content}}`, true, false},
		{"or", `{{(or .Prev .Next).Content}}`, true, false},
		{"partial with neighbour", `{{define "x"}}{{.Content}}{{end}}{{template "x" .Prev}}`, true, false},
		{"partial with own page", `{{define "x"}}{{.Content}}{{end}}{{template "x" .Page}}`, false, false},
		{"recursive partial", `{{define "x"}}{{template "x" .}}{{end}}{{template "x" .}}{{.Page.Content}}`, false, false},
		{"list of other pages", `{{range .Pages}}{{.Content}}{{end}}`, true, false},
		{"list printing its pages", `{{range .Pages}}{{printf "%v" .}}{{end}}`, true, false},
		{"list of titles and summaries", `{{range .Pages}}{{.Title}} {{.Summary}}{{end}}{{with .Term}}{{range .Pages}}{{.URL}}{{end}}{{end}}{{range .Years}}{{range .Pages}}{{.Date}}{{end}}{{end}}`, false, true},
		{"list of titles", `{{with .Term}}{{range .Pages}}{{.URL}}{{end}}{{end}}{{range .Years}}{{range .Pages}}{{.Date}} {{.Title}}{{end}}{{end}}`, false, false},
		{"list of reading times", `{{range .Years}}{{range .Pages}}{{.ReadingTime}}{{end}}{{end}}`, false, true},
		{"length of a neighbour's body", `{{if gt (len .Prev.Content) 10}}long{{end}}`, true, false},
		{"printed", `{{.Prev}}`, true, false},
		{"printed under with", `{{with .Next}}{{.}}{{end}}`, true, false},
		{"printf", `{{printf "%v" (index .Related 0)}}`, true, false},
		{"compared and counted", `{{if eq .Prev .Next}}same{{end}}{{len .Related}}{{if and .Prev (not .Next)}}first{{end}}`, false, false},
		{"neighbour URL", `{{with .Prev}}{{relURL .URL}}{{t .Lang "x" .ReadingTime}}{{end}}`, false, true},
		{"variable kept, not printed", `{{$p := .Prev}}{{with $p}}{{.Title}}{{end}}`, false, false},
		{"methods", `{{with .Prev}}{{.Date.Format "2006"}}{{if .Lastmod.After .Date}}new{{end}}{{end}}{{relURL ($.Site.TagURL "x")}}`, false, false},
		{"method given a neighbour", `{{$.Site.TagURL .Prev}}`, true, false},
		{"deeply nested ranges", "{{range .Pages}}" + strings.Repeat("{{range .Pages}}", 40) + "{{.Title}}" + strings.Repeat("{{end}}", 41), true, false},
		{"assigned in a loop", `{{$p := .Page}}{{range .Related}}{{$p.Content}}{{$p = .}}{{end}}`, true, false},
		{"assigned later", `{{$p := .Page}}{{if .Prev}}{{$p = .Prev}}{{end}}{{$p.Content}}`, true, false},
		{"cached partial with titles", `{{define "x"}}{{.Title}} {{.Summary}}{{end}}{{range .Related}}{{partialCached "x" . .URL}}{{end}}`, false, true},
		{"cached partial with bodies", `{{define "x"}}{{.Content}}{{end}}{{range .Related}}{{partialCached "x" . .URL}}{{end}}`, true, false},
		{"cached partial keyed by a page", `{{define "x"}}{{.Title}}{{end}}{{partialCached "x" .Page .Prev}}`, false, false},
		{"cached partial without data", `{{define "x"}}{{.Title}}{{end}}{{partialCached "x"}}`, true, false},
		{"cached partial by a variable name", `{{define "x"}}{{.Title}}{{end}}{{$n := "x"}}{{partialCached $n .Prev 1}}`, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			tmpl := template.Must(template.New("post.html").Funcs(template.FuncMap{"t": func(...any) string { return "" }, "relURL": func(string) string { return "" }, "partialCached": func(...any) string { return "" }}).Parse(c.src))
			if got := readsOtherBodies(tmpl); got != c.want {
				t.Errorf("readsOtherBodies(%s) = %v, want %v", c.src, got, c.want)
			}
			if got, want := readsOtherSummaries(tmpl), c.want || c.summaries; got != want {
				t.Errorf("readsOtherSummaries(%s) = %v, want %v", c.src, got, want)
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
	th, err := parseTheme(files, &cfg, false, func([]byte) uint64 { return 0 })
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
	// The archive and the term index show titles and counts: a post's
	// first paragraph is not on them. The others show summaries.
	for name, want := range map[string]bool{"post.html": true, "home.html": true, "term.html": true, "terms.html": false, "archive.html": false} {
		if l := th.layouts[name]; l == nil || l.otherSummaries != want {
			t.Errorf("%s: otherSummaries %v, want %v", name, l != nil && l.otherSummaries, want)
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

// pageReaching lists, for every struct type reachable from t, the names
// of its fields whose values can hold a *Page.
func pageReaching(t reflect.Type, out map[reflect.Type][]string) {
	page := reflect.TypeFor[*Page]()
	var reaches func(t reflect.Type, seen map[reflect.Type]bool) bool
	reaches = func(t reflect.Type, seen map[reflect.Type]bool) bool {
		if t == page {
			return true
		}
		if seen[t] {
			return false
		}
		seen[t] = true
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			return reaches(t.Elem(), seen)
		case reflect.Map:
			return reaches(t.Key(), seen) || reaches(t.Elem(), seen)
		case reflect.Struct:
			for f := range t.Fields() {
				if f.IsExported() && reaches(f.Type, seen) {
					return true
				}
			}
		}
		return false // interfaces hold configuration and front matter values, never pages
	}
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t.PkgPath() != page.Elem().PkgPath() {
		return
	}
	if _, done := out[t]; done {
		return
	}
	out[t] = nil
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		if reaches(f.Type, map[reflect.Type]bool{}) {
			out[t] = append(out[t], f.Name)
		}
		pageReaching(f.Type, out)
	}
}

// TestTmplDepsKnowsPageData ties the analysis's knowledge of the template
// data to the structs: the fields of PageData that hold pages are exactly
// those rootFields names, and no struct templates see has a field leading
// to pages that pageFields does not name. (Fields of interface type, the
// Params maps, hold configuration and front matter values, never pages.)
// A new field that holds pages fails here until the analysis knows it.
func TestTmplDepsKnowsPageData(t *testing.T) {
	reach := map[reflect.Type][]string{}
	pageReaching(reflect.TypeFor[PageData](), reach)
	root := reach[reflect.TypeFor[PageData]()]
	if got, want := slices.Sorted(slices.Values(root)), slices.Sorted(maps.Keys(rootFields)); !slices.Equal(got, want) {
		t.Errorf("fields of PageData that hold pages: %v; the analysis knows %v", got, want)
	}
	named := map[string]bool{}
	for typ, names := range reach {
		for _, n := range names {
			named[n] = true
			if !pageFields[n] {
				t.Errorf("%s.%s holds pages, but pageFields does not name it", typ.Name(), n)
			}
			if typ == reflect.TypeFor[Page]() {
				t.Errorf("Page.%s holds pages, but the analysis takes a page's fields to hold none", n)
			}
		}
	}
	for n := range pageFields {
		if !named[n] {
			t.Errorf("pageFields names %s, which no struct templates see has as a field holding pages", n)
		}
	}
	if len(reach) < 5 {
		t.Fatalf("walked only %d structs", len(reach))
	}
}

// TestBodyFieldsAreTheBody parses two posts with the same front matter,
// summary and reading time but different bodies: what lists show of them
// is the same, and the fields of Page that differ are exactly bodyFields.
func TestBodyFieldsAreTheBody(t *testing.T) {
	cfg := DefaultConfig()
	md := newMarkdown(cfg.Markdown)
	head := "---\ntitle: Same\ndate: 2024-01-01\ntags: [a]\n---\n\nThe same first paragraph.\n\n"
	a, err := parsePage(&cfg, md, "content/posts/x.md", []byte(head+"## One\n\nSome words.\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := parsePage(&cfg, md, "content/posts/x.md", []byte(head+"## Two\n\nOther words, and more of them.\n\n### Three\n"))
	if err != nil {
		t.Fatal(err)
	}
	fp := func(p *Page) string {
		return fmt.Sprintf("%s|%q|%s|%d|%q", p.frontMatter, p.Title, p.SummaryText, p.ReadingTime, p.Summary)
	}
	if fp(a) != fp(b) {
		t.Fatalf("the two posts differ in what lists show:\n%s\n%s", fp(a), fp(b))
	}
	if differ, want := differingFields(a, b), slices.Sorted(maps.Keys(bodyFields)); !slices.Equal(differ, want) {
		t.Errorf("fields of Page that come from the body alone: %v; bodyFields: %v", differ, want)
	}
}

// TestSummaryFieldsAreTheSummary parses two posts with the same front
// matter but different first paragraphs: their place in the site
// (structHash) is the same, and the fields of Page that differ are
// exactly summaryFields and bodyFields.
func TestSummaryFieldsAreTheSummary(t *testing.T) {
	cfg := DefaultConfig()
	md := newMarkdown(cfg.Markdown)
	head := "---\ntitle: Same\ndate: 2024-01-01\ntags: [a]\n---\n\n"
	parse := func(body string) *Page {
		p, err := parsePage(&cfg, md, "content/posts/x.md", []byte(head+body))
		if err != nil {
			t.Fatal(err)
		}
		b := New(nil, Options{})
		b.seal("content/posts/x.md", &srcFile{data: []byte(head + body)}, p)
		return p
	}
	a := parse("A short first paragraph.\n\n## One\n\nSome words.\n")
	b := parse("Another first paragraph, " + strings.Repeat("with many more words in it, ", 200) + "and an end.\n\n## Two\n\nOther words.\n")
	if a.structHash != b.structHash {
		t.Error("the two posts differ in their place in the site")
	}
	if a.metaHash == b.metaHash {
		t.Error("the two posts' summaries have the same fingerprint")
	}
	if differ, want := differingFields(a, b), slices.Sorted(maps.Keys(listFields)); !slices.Equal(differ, want) {
		t.Errorf("fields of Page that come from the first paragraph and the body: %v; listFields: %v", differ, want)
	}
}

// differingFields names the exported fields of Page whose values differ
// between a and b, sorted.
func differingFields(a, b *Page) []string {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	var differ []string
	for i, f := range slices.Collect(reflect.TypeFor[Page]().Fields()) {
		if f.IsExported() && !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			differ = append(differ, f.Name)
		}
	}
	slices.Sort(differ)
	return differ
}
