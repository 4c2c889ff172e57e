package wordpress

import (
	"flag"
	"testing"

	"github.com/kopij/kopij/builder/importer/importertest"
)

var update = flag.Bool("update", false, "rewrite the want/ sections of testdata/*.txtar")

// TestGolden imports every testdata/*.txtar export and compares the site
// folder written with its want/ files.
func TestGolden(t *testing.T) {
	importertest.Golden(t, "testdata/*.txtar", Read, *update)
}
