package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildWarnsAboutSignupEndpoint checks that kopij build says when the
// signup form posts to a path of the site, which a static host does not
// answer, and what to set; and that it is quiet when the form posts to a
// signup server, is off, or the output is for kopij newsletter serve --site.
func TestBuildWarnsAboutSignupEndpoint(t *testing.T) {
	for _, tc := range []struct {
		name, newsletter string
		flags            []string
		warn             bool
	}{
		{"default endpoint", "", nil, true},
		{"relative endpoint", "[newsletter]\nendpoint = \"/signup/subscribe\"\n", nil, true},
		{"served with the site", "", []string{"--signup-served"}, false},
		{"signup server", "[newsletter]\nendpoint = \"https://news.example.com/subscribe\"\n", nil, false},
		{"form off", "[newsletter]\nenabled = false\n", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "kopij.toml"), []byte("title = \"T\"\nbase_url = \"https://blog.example/\"\n"+tc.newsletter), 0o644); err != nil {
				t.Fatal(err)
			}
			args := append([]string{"build", "--src", dir, "--out", filepath.Join(dir, "public")}, tc.flags...)
			code, _, errOut := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("build: %d %s", code, errOut)
			}
			warned := strings.Contains(errOut, "which a static host does not answer")
			if warned != tc.warn {
				t.Fatalf("warned = %v, want %v; stderr:\n%s", warned, tc.warn, errOut)
			}
			if warned && (!strings.Contains(errOut, `endpoint = "https://…/subscribe"`) || !strings.Contains(errOut, "kopij newsletter serve --site public/")) {
				t.Errorf("the warning does not say what to set:\n%s", errOut)
			}
		})
	}
}
