package jekyll

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/kopij/kopij/builder/dates"
	"golang.org/x/tools/txtar"
)

// BenchmarkRender measures one post with highlight, includes, links and
// filters through Liquid, kramdown, goldmark and Restore.
func BenchmarkRender(b *testing.B) {
	ar, err := txtar.ParseFile(filepath.Join("testdata", "liquid.txtar"))
	if err != nil {
		b.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range ar.Files {
		files[f.Name] = f.Data
	}
	s := loadTestSite(&testing.T{}, files)
	const name = "_posts/2019-02-08-eerste.md"
	d, vars := s.docs[name], s.pageVars(name)
	b.ReportAllocs()
	for b.Loop() {
		res, err := s.render.Render(Page{Path: name, Line: d.bodyLine, Body: d.body, Vars: vars})
		if err != nil {
			b.Fatal(err)
		}
		var h bytes.Buffer
		_ = s.md.Convert(res.Markdown, &h)
		res.Fragments.Restore(h.Bytes())
	}
}

// BenchmarkParseDate measures the forms a large Jekyll blog mixes.
func BenchmarkParseDate(b *testing.B) {
	p := dates.Parser{}
	inputs := []string{"2019-02-08", "2019-02-08 7:53:26 +1h", "September 21, 2021", "2019-02-08T10:00:00+01:00", "Tue, 21 Sep 2021 10:00:00 +0200"}
	b.ReportAllocs()
	for b.Loop() {
		for _, in := range inputs {
			if _, err := p.Parse(in); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestRenderConcurrent renders the pages of an archive from several
// goroutines at once, as the builder's render workers will; run with -race.
func TestRenderConcurrent(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join("testdata", "liquid.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range ar.Files {
		files[f.Name] = f.Data
	}
	s := loadTestSite(t, files)
	want := map[string]string{}
	for name := range s.docs {
		want[name], _ = s.page(t, name)
	}
	done := make(chan error)
	for range 4 {
		go func() {
			for name, w := range want {
				if got, _ := s.page(t, name); got != w {
					done <- fmt.Errorf("%s: concurrent render differs", name)
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
