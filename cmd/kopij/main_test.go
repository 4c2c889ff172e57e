package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs kopij with args and returns the exit code and both streams.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	code := exitCode(e, run(context.Background(), e, args))
	return code, out.String(), errOut.String()
}

func TestUsageAndExitCodes(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"--help"}, 0, "Commands:", ""},
		{[]string{"version"}, 0, "kopij ", ""},
		{[]string{"build", "--help"}, 0, "Usage: kopij build", ""},
		{[]string{}, 2, "", "no command given"},
		{[]string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{[]string{"build", "--bogus"}, 2, "", "flag provided but not defined: -bogus"},
		{[]string{"build", "extra"}, 2, "", "build takes no arguments"},
		{[]string{"new"}, 2, "", `new needs "site" or "post"`},
		{[]string{"new", "thing"}, 2, "", `unknown new subcommand "thing"`},
		{[]string{"hints", "--fail-on", "loud"}, 2, "", "unknown severity"},
		{[]string{"build", "--src", "/does/not/exist"}, 1, "", "does not exist"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout %q does not contain %q", out, tt.stdout)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q does not contain %q", errOut, tt.stderr)
			}
		})
	}
}

func TestNewSiteNewPostBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blog")
	if code, _, errOut := runCLI(t, "new", "site", dir); code != 0 {
		t.Fatalf("new site: %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "new", "site", dir); code != 1 || !strings.Contains(errOut, "not empty") {
		t.Fatalf("new site over an existing site: %d %q", code, errOut)
	}
	code, out, errOut := runCLI(t, "new", "post", "--src", dir, "Mijn eerste post")
	if code != 0 {
		t.Fatalf("new post: %d %s", code, errOut)
	}
	if !strings.Contains(out, filepath.Join("content", "posts", "mijn-eerste-post.md")) {
		t.Errorf("new post output %q does not name the file", out)
	}
	post, err := os.ReadFile(filepath.Join(dir, "content", "posts", "mijn-eerste-post.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`title: "Mijn eerste post"`, "draft: true", "date: "} {
		if !bytes.Contains(post, []byte(want)) {
			t.Errorf("new post front matter lacks %q:\n%s", want, post)
		}
	}
	if code, _, errOut := runCLI(t, "new", "post", "--src", dir, "Mijn eerste post"); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("second new post with the same title: %d %q", code, errOut)
	}

	out = filepath.Join(t.TempDir(), "public")
	code, stdout, errOut := runCLI(t, "build", "--src", dir, "--out", out)
	if code != 0 {
		t.Fatalf("build: %d %s", code, errOut)
	}
	if !strings.Contains(stdout, "built 1 post and 1 page") {
		t.Errorf("summary %q: want the welcome post only (the new post is a draft)", stdout)
	}
	for _, f := range []string{"index.html", "posts/welcome/index.html", "index.xml", "atom.xml", "feed.json", "sitemap.xml", "robots.txt", "404.html", "search.json", "about/index.html", "css/style.css"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("build did not write %s: %v", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "posts/mijn-eerste-post/index.html")); err == nil {
		t.Error("draft written without --drafts")
	}
	if code, _, errOut := runCLI(t, "build", "--src", dir, "--out", out, "--drafts"); code != 0 {
		t.Fatalf("build --drafts: %d %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(out, "posts/mijn-eerste-post/index.html")); err != nil {
		t.Error("draft missing with --drafts")
	}
}

func TestFailedBuildKeepsPreviousOutput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/posts/good.md", "---\ntitle: Good\ndate: 2024-01-02\n---\nHello.\n")
	out := filepath.Join(dir, "public")
	if code, _, errOut := runCLI(t, "build", "--src", dir); code != 0 {
		t.Fatalf("first build: %s", errOut)
	}
	before, err := os.ReadFile(filepath.Join(out, "posts/good/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	write("content/posts/bad.md", "---\ntitle: Bad\ndate: yesterday\n---\nBody.\n")
	write("content/posts/worse.md", "---\ntitle: [unclosed\n---\nBody.\n")
	code, _, errOut := runCLI(t, "build", "--src", dir)
	if code != 1 {
		t.Fatalf("broken build exit code %d, want 1", code)
	}
	for _, want := range []string{"content/posts/bad.md:3:", `date "yesterday" is not a date`, "content/posts/worse.md:", "check the YAML syntax", "2 problems in 2 files", "left as it was"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "panic") {
		t.Errorf("stack trace on stderr:\n%s", errOut)
	}
	after, err := os.ReadFile(filepath.Join(out, "posts/good/index.html"))
	if err != nil || !bytes.Equal(before, after) {
		t.Fatalf("previous output changed after a failed build: %v", err)
	}

	// Fixing the posts and deleting one makes its output disappear.
	write("content/posts/bad.md", "---\ntitle: Bad\ndate: 2024-01-03\n---\nBody.\n")
	if err := os.Remove(filepath.Join(dir, "content/posts/worse.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "content/posts/good.md")); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, "build", "--src", dir); code != 0 {
		t.Fatalf("fixed build: %s", errOut)
	}
	if _, err := os.Stat(filepath.Join(out, "posts/good/index.html")); err == nil {
		t.Error("output of a deleted post is still there")
	}
	if _, err := os.Stat(filepath.Join(out, "posts/bad/index.html")); err != nil {
		t.Error("fixed post not written")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") {
			t.Errorf("temporary folder %s left behind", e.Name())
		}
	}
}

func TestHintsCommand(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "tekst.md")
	body := "# Over ons\n\n" + strings.Repeat("Wij schrijven over ons bedrijf en onze mensen. Wij zijn trots op ons werk. ", 20) + "\n"
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "hints", "--src", dir, "--lang", "nl", p)
	if code != 0 || !strings.Contains(out, "reader-focus") {
		t.Errorf("hints on a we-heavy Dutch text: code %d, output lacks reader-focus:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "hints", "--src", dir, "--lang", "nl", "--json", p)
	if code != 0 || !strings.Contains(out, `"reader_focus": 0`) || !strings.Contains(out, `"posts"`) {
		t.Errorf("hints --json: code %d:\n%s", code, out)
	}
	if code, _, _ := runCLI(t, "hints", "--src", dir, "--lang", "nl", "--fail-on", "warn", p); code != 1 {
		t.Errorf("--fail-on warn with warnings: exit %d, want 1", code)
	}
}

func TestOutsideASite(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"build", "--src", dir}, {"serve", "--src", dir, "--addr", "127.0.0.1:0"}, {"hints", "--src", dir}} {
		code, _, errOut := runCLI(t, args...)
		if code != 1 || !strings.Contains(errOut, "is not a kopij site") || !strings.Contains(errOut, "kopij new site") {
			t.Errorf("kopij %s in an empty folder: exit %d, stderr %q", args[0], code, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("build wrote public/ into a folder that is no site")
	}
}
