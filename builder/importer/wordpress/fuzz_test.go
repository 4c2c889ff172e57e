package wordpress

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/kopij/kopij/builder/importer"
	"golang.org/x/tools/txtar"
)

// errAt is how every error of Read starts: the file name, and the line
// when there is one.
var errAt = regexp.MustCompile(`^export\.xml(:\d+)?: `)

// FuzzRead feeds any bytes to Read and every body it returns to the HTML
// converter: no panic, and every error names the file (and the line).
func FuzzRead(f *testing.F) {
	names, _ := os.ReadDir("testdata")
	for _, n := range names {
		if ar, err := txtar.ParseFile("testdata/" + n.Name()); err == nil {
			for _, file := range ar.Files {
				if file.Name == "export.xml" {
					f.Add(file.Data)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		site, err := Read("export.xml", bytes.NewReader(data))
		if err != nil {
			if !errAt.MatchString(err.Error()) {
				t.Errorf("error without the file: %v", err)
			}
			return
		}
		for _, p := range site.Posts {
			if _, err := importer.HTMLToMarkdown(p.HTML, nil); err != nil && !strings.Contains(err.Error(), "convert") {
				t.Errorf("%s: %v", p.Source, err)
			}
		}
	})
}
