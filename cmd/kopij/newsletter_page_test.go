package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kopij/kopij/newsletter"
)

// TestThankYouPageKnowsEveryStatus builds a site with the default theme in
// both languages and checks its thank-you page: a message for every
// status the signup server sends, all hidden but the neutral one, so that
// no outcome, and no page opened without one, reads as a success.
func TestThankYouPageKnowsEveryStatus(t *testing.T) {
	for lang, unknown := range map[string]string{"en": "Newsletter signup", "nl": "Aanmelding voor de nieuwsbrief"} {
		t.Run(lang, func(t *testing.T) {
			src, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
			os.WriteFile(filepath.Join(src, "kopij.toml"), []byte("title = \"T\"\nbase_url = \"https://example.com/\"\nlanguage = \""+lang+"\"\n"), 0o644)
			os.MkdirAll(filepath.Join(src, "content", "posts"), 0o755)
			os.WriteFile(filepath.Join(src, "content", "posts", "a.md"), []byte(servePost), 0o644)
			if code, _, errOut := runCLI(t, "build", "--src", src, "--out", out, "--no-minify"); code != 0 {
				t.Fatalf("build: %s", errOut)
			}
			b, err := os.ReadFile(filepath.Join(out, "subscribed", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			page := string(b)
			block := regexp.MustCompile(`<section class="status-msg[^"]*"( id="status-([a-z-]+)")? data-status="([a-z-]+)"( hidden)?>\s*<h1>([^<]*)</h1>`)
			seen := map[string]string{}
			for _, m := range block.FindAllStringSubmatch(page, -1) {
				if m[3] != "unknown" && (m[2] != m[3] || m[4] == "") {
					t.Errorf("block %q: want id status-%s and hidden", m[0], m[3])
				}
				if m[3] == "unknown" && m[4] != "" {
					t.Errorf("the neutral block is hidden: %q", m[0])
				}
				if strings.Contains(m[5], "_") {
					t.Errorf("block %s has no text in %s: %q", m[3], lang, m[5])
				}
				seen[m[3]] = m[5]
			}
			for _, st := range newsletter.Statuses() {
				if _, ok := seen[st]; !ok {
					t.Errorf("no message for status %s", st)
				}
			}
			if seen["unknown"] != unknown {
				t.Errorf("neutral block %q, want %q", seen["unknown"], unknown)
			}
			if title := regexp.MustCompile(`<title>([^<]*)</title>`).FindStringSubmatch(page); title == nil || strings.Contains(title[1], seen["subscribed"]) {
				t.Errorf("the page title reads as a success: %q", title)
			}
		})
	}
}
