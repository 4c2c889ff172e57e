package wordpress

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/importer"
	"github.com/kopij/kopij/builder/importer/importertest"
)

// TestRealExports imports every .xml file in the folder KOPIJ_WXR_SAMPLES,
// such as WordPress's theme unit test data (github.com/WordPress/theme-test-data,
// not in this repository for want of a licence), with the test image server,
// builds the result and logs the figures.
func TestRealExports(t *testing.T) {
	dir := os.Getenv("KOPIJ_WXR_SAMPLES")
	if dir == "" {
		t.Skip("KOPIJ_WXR_SAMPLES is not set: no real WordPress exports to import")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	if len(files) == 0 {
		t.Fatalf("no .xml files in %s", dir)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dest := filepath.Join(t.TempDir(), "site")
			_, rep := importertest.Run(t, filepath.Base(file), data, dest, Read)
			gaps := importertest.CheckBuild(t, dest, rep)
			byHow := map[string]int{}
			for _, u := range rep.URLs {
				byHow[u.How]++
			}
			kinds := map[string]int{}
			for _, g := range gaps { // the gaps that are neither query URLs nor comments
				switch {
				case strings.HasPrefix(g, "query URL"):
					kinds["query URLs only in the redirect files"]++
				case strings.Contains(g, builder.CommentsFile):
					kinds["comment threads not shown"]++
				default:
					kinds["other"]++
				}
			}
			for _, g := range gaps { // the gaps that are neither query URLs nor comments
				if kinds["other"] > 0 && !strings.HasPrefix(g, "query") && !strings.Contains(g, "comments") {
					t.Log(g)
				}
			}
			t.Logf("%d posts, %d pages (%d drafts); %d skipped; images %d fetched, %d missing; comments %d kept, %d left out; "+
				"old URLs %d same, %d redirect pages, %d query redirects, %d not kept; %d conversion notes; builder gaps %v",
				rep.Posts, rep.Pages, rep.Drafts, len(rep.Skipped), rep.ImagesFetched, len(rep.ImagesMissing), rep.Comments, rep.LeftOut(),
				byHow[importer.HowSame], byHow[importer.HowRedirect], byHow[importer.HowQuery], byHow[importer.HowNone], len(rep.Notes), kinds)
		})
	}
}
