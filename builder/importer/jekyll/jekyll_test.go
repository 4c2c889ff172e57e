package jekyll

import (
	"flag"
	"testing"

	"github.com/kopij/kopij/builder/importer/importertest"
)

var update = flag.Bool("update", false, "rewrite the want/ sections of testdata/*.txtar")

// TestGolden imports the Jekyll site of every testdata/*.txtar (its src/
// files) and compares the kopij site written with its want/ files.
func TestGolden(t *testing.T) {
	importertest.GoldenFolder(t, "testdata/*.txtar", Read, *update)
}
