package wordpress

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kopij/kopij/builder/importer"
	"github.com/kopij/kopij/builder/importer/importertest"
)

// TestRealExports imports every .xml file in the folder KOPIJ_WXR_SAMPLES,
// such as WordPress's theme unit test data (github.com/WordPress/theme-test-data,
// not in this repository for want of a licence), with the test image server,
// builds the result, checks it as the golden imports are checked (every
// old URL, query address, tag, category and feed address answers; every
// link and image of every page resolves; every comment shows) and logs
// the figures and the gaps.
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
			for _, g := range gaps {
				t.Log(g)
			}
			t.Logf("%d posts, %d pages (%d drafts); %d skipped; images %d fetched, %d missing; comments %d kept, %d left out; "+
				"old URLs %d same, %d redirect pages, %d query redirects, %d not kept; %d conversion notes; %d gaps",
				rep.Posts, rep.Pages, rep.Drafts, len(rep.Skipped), rep.ImagesFetched, len(rep.ImagesMissing), rep.Comments, rep.LeftOut(),
				byHow[importer.HowSame], byHow[importer.HowRedirect], byHow[importer.HowQuery], byHow[importer.HowNone], len(rep.Notes), len(gaps))
		})
	}
}
