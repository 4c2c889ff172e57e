package importer

import (
	"flag"
	"os"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the .md sections of testdata/html.txtar")

// TestHTMLToMarkdown converts each NAME.html of testdata/html.txtar and
// compares the Markdown with NAME.md.
func TestHTMLToMarkdown(t *testing.T) {
	const file = "testdata/html.txtar"
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, f := range ar.Files {
		if name, ok := strings.CutSuffix(f.Name, ".md"); ok {
			want[name] = string(f.Data)
		}
	}
	var out []txtar.File
	for _, f := range ar.Files {
		name, ok := strings.CutSuffix(f.Name, ".html")
		if !ok {
			continue
		}
		got, err := HTMLToMarkdown(string(f.Data), nil)
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
			continue
		}
		out = append(out, f, txtar.File{Name: name + ".md", Data: []byte(got)})
		if !*update && got != want[name] {
			t.Errorf("%s:\n got:\n%s\nwant:\n%s", f.Name, got, want[name])
		}
	}
	if *update {
		ar.Files = out
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestHTMLToMarkdownNotes checks that what is dropped or changed is told.
func TestHTMLToMarkdownNotes(t *testing.T) {
	var notes []string
	_, err := HTMLToMarkdown(`<script>x()</script><iframe src="https://maps.example/embed?x=1"></iframe><form><input></form>`, func(s string) { notes = append(notes, s) })
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"inline script removed", "embedded iframe became a link to https://maps.example/embed?x=1", "form element <form> removed"}
	if strings.Join(notes, "|") != strings.Join(want, "|") {
		t.Errorf("notes = %q, want %q", notes, want)
	}
}
