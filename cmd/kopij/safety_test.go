package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildSkipsLinksOut builds a site whose static/passwd.txt links to a
// file outside it: kopij build warns, naming the link, and publishes
// neither it nor the post linked in from outside.
func TestBuildSkipsLinksOut(t *testing.T) {
	dir, away := filepath.Join(t.TempDir(), "blog"), t.TempDir()
	if code, _, errOut := runCLI(t, "new", "site", dir); code != 0 {
		t.Fatal(errOut)
	}
	secret := filepath.Join(away, "passwd")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(secret, []byte("root:SECRET\n"), 0o644))
	must(os.WriteFile(filepath.Join(away, "leak.md"), []byte("---\ntitle: Leak\n---\nSECRET\n"), 0o644))
	must(os.MkdirAll(filepath.Join(dir, "static"), 0o755))
	must(os.Symlink(secret, filepath.Join(dir, "static", "passwd.txt")))
	must(os.Symlink(filepath.Join(away, "leak.md"), filepath.Join(dir, "content", "posts", "leak.md")))
	out := filepath.Join(t.TempDir(), "public")
	code, _, errOut := runCLI(t, "build", "--src", dir, "--out", out)
	if code != 0 {
		t.Fatalf("build: %d %s", code, errOut)
	}
	if want := "warning: static/passwd.txt: a link to " + secret + ", outside the site; skipped"; !strings.Contains(errOut, want) {
		t.Errorf("stderr %q lacks %q", errOut, want)
	}
	for _, p := range []string{"passwd.txt", "posts/leak/index.html"} {
		if _, err := os.Stat(filepath.Join(out, p)); err == nil {
			t.Errorf("%s was published", p)
		}
	}
}

// TestBuildRefusesUnwritablePaths builds posts whose pages cannot be
// written (a folder where the sitemap goes, a 300-byte slug): kopij build
// fails before writing, naming each file and line, and leaves no
// temporary folder behind.
func TestBuildRefusesUnwritablePaths(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blog")
	if code, _, errOut := runCLI(t, "new", "site", dir); code != 0 {
		t.Fatal(errOut)
	}
	posts := filepath.Join(dir, "content", "posts")
	if err := os.WriteFile(filepath.Join(posts, "map.md"), []byte("---\ntitle: Map\nurl: /sitemap.xml/\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(posts, "long.md"), []byte("---\ntitle: Long\n\nslug: "+strings.Repeat("x", 300)+"\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The long slug is a problem of one file, found while parsing; the
	// folder at the sitemap shows once every file parsed.
	for _, want := range []string{"content/posts/long.md:4: the URL of this page has a part of 300 bytes", "content/posts/map.md:3: the page at /sitemap.xml/ needs a folder /sitemap.xml"} {
		code, _, errOut := runCLI(t, "build", "--src", dir)
		if code != 1 {
			t.Fatalf("build: exit %d, want 1; %s", code, errOut)
		}
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
		if strings.Contains(errOut, ".new-") {
			t.Errorf("the error names a temporary path:\n%s", errOut)
		}
		os.Remove(filepath.Join(posts, "long.md"))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") || e.Name() == "public" {
			t.Errorf("%s left in the site folder", e.Name())
		}
	}
}
