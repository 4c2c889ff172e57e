package builder

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestNoServerOrWatcherDeps keeps the generator free of the dev server and
// the watcher: no package it is built from imports fsnotify, and net/http
// reaches it only through the minifier's own HTTP middleware.
func TestNoServerOrWatcherDeps(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("go not found on PATH")
		}
		t.Skip("go not found on PATH")
	}
	out, err := exec.Command(goBin, "list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	allowed := []string{"github.com/tdewolff/minify/v2"}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		pkg, imports, _ := strings.Cut(sc.Text(), " ")
		if strings.Contains(pkg, "fsnotify") {
			t.Errorf("builder depends on %s", pkg)
		}
		if strings.HasPrefix(pkg, "net/http") || strings.HasPrefix(pkg, "vendor/") {
			continue
		}
		if slices.Contains(strings.Fields(imports), "net/http") && !slices.Contains(allowed, pkg) {
			t.Errorf("%s imports net/http", pkg)
		}
	}
}
