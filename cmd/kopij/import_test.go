package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// exportFixture writes the export.xml of an importer golden archive into
// dir and returns its path.
func exportFixture(t *testing.T, archive, dir string) string {
	t.Helper()
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name == "export.xml" {
			p := filepath.Join(dir, "export.xml")
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}
	}
	t.Fatalf("%s has no export.xml", archive)
	return ""
}

// TestImportThenBuild runs kopij import and then kopij build on what it
// wrote, as a writer moving a blog would.
func TestImportThenBuild(t *testing.T) {
	for _, tt := range []struct{ format, archive, post string }{
		{"wordpress", "../../builder/importer/wordpress/testdata/blog.txtar", "2021/03/14/schrijven-voor-je-lezer/index.html"},
		{"blogger", "../../builder/importer/blogger/testdata/classic.txtar", "2009/10/de-eerste-zin-telt.html"},
	} {
		t.Run(tt.format, func(t *testing.T) {
			tmp := t.TempDir()
			export := exportFixture(t, tt.archive, tmp)
			dest := filepath.Join(tmp, "blog")
			code, out, errOut := runCLI(t, "import", tt.format, export, dest, "--no-images")
			if code != 0 {
				t.Fatalf("import: exit %d\n%s", code, errOut)
			}
			for _, want := range []string{"imported ", "import-report.md", "kopij serve"} {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			if _, err := os.Stat(filepath.Join(dest, "import-report.md")); err != nil {
				t.Error(err)
			}
			if code, _, errOut := runCLI(t, "build", "--src", dest); code != 0 {
				t.Fatalf("build of the import: exit %d\n%s", code, errOut)
			}
			if _, err := os.Stat(filepath.Join(dest, "public", filepath.FromSlash(tt.post))); err != nil {
				t.Errorf("the old URL was not built: %v", err)
			}
			// A second import into the same folder is refused; with --merge it keeps every file.
			report, _ := os.ReadFile(filepath.Join(dest, "import-report.md"))
			if code, _, errOut := runCLI(t, "import", tt.format, "--no-images", export, dest); code != 1 || !strings.Contains(errOut, "--merge") {
				t.Errorf("import into a full folder: exit %d, stderr %q", code, errOut)
			}
			code, _, errOut = runCLI(t, "import", tt.format, "--merge", "--no-images", export, dest)
			if code != 0 || !strings.Contains(errOut, "already in the destination, left as it was") {
				t.Errorf("import --merge: exit %d, stderr %q", code, errOut)
			}
			if again, _ := os.ReadFile(filepath.Join(dest, "import-report.md")); string(again) != string(report) {
				t.Errorf("import --merge changed import-report.md")
			}
		})
	}
}

func TestImportUsage(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"import"}, 2, `kopij import needs "blogger" or "wordpress"`},
		{[]string{"import", "typepad", "x.xml", "out"}, 2, `unknown import subcommand "typepad"`},
		{[]string{"import", "wordpress", "x.xml"}, 2, "needs the export (or site folder) and DEST"},
		{[]string{"import", "wordpress", "--fetchers", "0", "x.xml", "out"}, 2, "--fetchers must be 1 or more"},
		{[]string{"import", "wordpress", "/does/not/exist.xml", "out"}, 1, "no such file"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, errOut := runCLI(t, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.stderr)
			}
		})
	}
	if code, out, _ := runCLI(t, "import", "--help"); code != 0 || !strings.Contains(out, "wordpress  import a WordPress export") {
		t.Errorf("import --help: exit %d, stdout %q", code, out)
	}
}

func TestImportBrokenExport(t *testing.T) {
	p := filepath.Join(t.TempDir(), "export.xml")
	os.WriteFile(p, []byte("<?xml version=\"1.0\"?>\n<rss>\n<channel>\n<item><title>x</titel></item>"), 0o644)
	dest := filepath.Join(t.TempDir(), "blog")
	code, _, errOut := runCLI(t, "import", "wordpress", p, dest)
	if code != 1 || !strings.Contains(errOut, p+":4: the export is not well-formed XML") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("a failed import created %s", dest)
	}
}

// siteFixture writes the src/ files of an importer golden archive into
// dir, as the old site's folder.
func siteFixture(t *testing.T, archive, dir string) {
	t.Helper()
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if rel, ok := strings.CutPrefix(f.Name, "src/"); ok {
			p := filepath.Join(dir, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestImportSiteFolder runs kopij import hugo and jekyll on a site folder,
// then kopij build, and finds the old URLs built; a DEST inside the old
// site is refused.
func TestImportSiteFolder(t *testing.T) {
	for _, tt := range []struct{ format, archive, post, alias string }{
		{"hugo", "../../builder/importer/hugo/testdata/permalinks.txtar", "2021/03/first-light/index.html", "old/first-light/index.html"},
		{"jekyll", "../../builder/importer/jekyll/testdata/permalinks.txtar", "2020/02/03/hello-world/index.html", "hello.html"},
	} {
		t.Run(tt.format, func(t *testing.T) {
			tmp := t.TempDir()
			src := filepath.Join(tmp, "old")
			siteFixture(t, tt.archive, src)
			if code, _, errOut := runCLI(t, "import", tt.format, src, filepath.Join(src, "new")); code != 1 || !strings.Contains(errOut, "inside the site") {
				t.Errorf("import into the old site: exit %d, stderr %q", code, errOut)
			}
			dest := filepath.Join(tmp, "blog")
			code, out, errOut := runCLI(t, "import", tt.format, src, dest)
			if code != 0 {
				t.Fatalf("import: exit %d\n%s", code, errOut)
			}
			if !strings.Contains(out, "template calls left unexpanded: 0") {
				t.Errorf("stdout lacks the template count:\n%s", out)
			}
			if code, _, errOut := runCLI(t, "build", "--src", dest); code != 0 {
				t.Fatalf("build of the import: exit %d\n%s", code, errOut)
			}
			for _, p := range []string{tt.post, tt.alias} {
				if _, err := os.Stat(filepath.Join(dest, "public", filepath.FromSlash(p))); err != nil {
					t.Errorf("the old URL was not built: %v", err)
				}
			}
		})
	}
}
