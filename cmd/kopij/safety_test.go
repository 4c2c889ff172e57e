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
