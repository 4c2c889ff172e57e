package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// leaves lists every command that runs, with its path after "kopij".
func leaves(c *command, path string) map[string]*command {
	out := map[string]*command{}
	if c.run != nil {
		out[path] = c
	}
	for _, sub := range c.subs {
		for p, l := range leaves(sub, strings.TrimSpace(path+" "+sub.name)) {
			out[p] = l
		}
	}
	return out
}

// TestEveryCommandHasHelp asks each command and group for --help and for
// help through "kopij help": the usage line names the command, flags are
// spelled --name in the usage line and the flag list alike, and nothing
// runs.
func TestEveryCommandHasHelp(t *testing.T) {
	singleDash := regexp.MustCompile(`(?m)^\s+-[a-z]{2,}`)
	groups := []string{"", "new", "newsletter", "subscribers"}
	for p := range leaves(root(), "") {
		groups = append(groups, p)
	}
	for _, p := range groups {
		args := append(strings.Fields(p), "--help")
		code, out, errOut := runCLI(t, args...)
		if code != 0 || errOut != "" {
			t.Errorf("kopij %s --help: exit %d, stderr %q", p, code, errOut)
			continue
		}
		if want := strings.TrimSpace("kopij " + p); !strings.Contains(out, "Usage: "+want) && !strings.Contains(out, "  "+want+" <command>") {
			t.Errorf("kopij %s --help does not show its usage line:\n%s", p, out)
		}
		if singleDash.MatchString(out) {
			t.Errorf("kopij %s --help spells a flag with one dash:\n%s", p, out)
		}
		_, viaHelp, _ := runCLI(t, append([]string{"help"}, strings.Fields(p)...)...)
		if viaHelp != out {
			t.Errorf("kopij help %s differs from kopij %s --help", p, p)
		}
	}
}

// TestFlagsBeforeOrAfterArguments runs commands with their flags after the
// arguments, as people type them.
func TestFlagsBeforeOrAfterArguments(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blog")
	if code, _, errOut := runCLI(t, "new", "site", dir, "--lang", "nl"); code != 0 {
		t.Fatalf("new site DIR --lang nl: %d %s", code, errOut)
	}
	if cfg, _ := os.ReadFile(filepath.Join(dir, "kopij.toml")); !bytes.Contains(cfg, []byte(`language = "nl"`)) {
		t.Errorf("new site DIR --lang nl made no Dutch site:\n%s", cfg)
	}
	if code, _, errOut := runCLI(t, "new", "post", "X", "--lang", "en", "--src", dir); code != 0 {
		t.Fatalf("new post X --lang en: %d %s", code, errOut)
	}
	post, err := os.ReadFile(filepath.Join(dir, "content", "posts", "x.md"))
	if err != nil || !bytes.Contains(post, []byte("title: \"X\"\n")) || !bytes.Contains(post, []byte("lang: en\n")) {
		t.Errorf("new post X --lang en: %v\n%s", err, post)
	}
	// "--" ends the flags: a title may start with a dash.
	if code, _, errOut := runCLI(t, "new", "post", "--src", dir, "--", "-5 tips"); code != 0 {
		t.Fatalf("new post -- -5 tips: %d %s", code, errOut)
	}
	if post, err := os.ReadFile(filepath.Join(dir, "content", "posts", "5-tips.md")); err != nil || !bytes.Contains(post, []byte(`title: "-5 tips"`)) {
		t.Errorf("new post -- -5 tips: %v\n%s", err, post)
	}

	welcome := filepath.Join(dir, "content", "posts", "welkom.md")
	code, out, errOut := runCLI(t, "hints", welcome, "--json", "--src", dir)
	var got struct{ Posts []struct{ File string } }
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || len(got.Posts) != 1 || got.Posts[0].File != welcome {
		t.Errorf("hints FILE --json: %d %q %s", code, out, errOut)
	}
	code, out, _ = runCLI(t, "hints", "--src", dir, welcome, "--fail-on", "error")
	if code != 0 || !strings.Contains(out, welcome) {
		t.Errorf("hints --src DIR FILE --fail-on error: %d %s", code, out)
	}
}

// TestSameThingsSameFlags checks the spellings shared across commands:
// --out (and -o) for where output goes, --addr for where a server
// listens, with the old --port and --bind of kopij serve still accepted.
func TestSameThingsSameFlags(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blog")
	if code, _, errOut := runCLI(t, "new", "site", dir); code != 0 {
		t.Fatal(errOut)
	}
	for _, out := range []string{"--out", "-o"} {
		target := filepath.Join(t.TempDir(), "site")
		if code, _, errOut := runCLI(t, "build", "--src", dir, out, target); code != 0 {
			t.Fatalf("build %s: %s", out, errOut)
		}
		if _, err := os.Stat(filepath.Join(target, "index.html")); err != nil {
			t.Errorf("build %s DIR wrote no site there: %v", out, err)
		}
	}
	db := makeDB(t, filepath.Join(t.TempDir(), "s.db"))
	for _, out := range []string{"--out", "-o"} {
		target := filepath.Join(t.TempDir(), "export.csv")
		if code, _, errOut := runCLI(t, "subscribers", "export", "--format", "csv", "--db", db, out, target); code != 0 {
			t.Fatalf("subscribers export %s: %s", out, errOut)
		}
		if _, err := os.Stat(target); err != nil {
			t.Errorf("subscribers export %s FILE wrote nothing there: %v", out, err)
		}
	}
	for name, c := range leaves(root(), "") {
		e := &env{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, cmd: c, path: name}
		var help bytes.Buffer
		e.stdout = &help
		_ = c.run(t.Context(), e, []string{"--help"})
		for _, old := range []string{"--port", "--bind", "--o "} {
			if strings.Contains(help.String(), old) {
				t.Errorf("kopij %s --help shows %s; the flag is --addr or --out", name, strings.TrimSpace(old))
			}
		}
	}
}

// TestServeAddrFlags starts kopij serve with --addr and with the old --port
// and --bind, and stops on a bad --addr.
func TestServeAddrFlags(t *testing.T) {
	var dir string
	for _, args := range [][]string{{"--addr", "127.0.0.1:0"}, {"--port", "0"}, {"--bind", "127.0.0.1", "--port", "0"}} {
		dir = filepath.Join(t.TempDir(), "blog")
		if code, _, errOut := runCLI(t, "new", "site", dir); code != 0 {
			t.Fatal(errOut)
		}
		base := serveArgs(t, dir, args...)
		if !strings.HasPrefix(base, "http://127.0.0.1:") {
			t.Errorf("serve %v serves at %s", args, base)
		}
	}
	if code, _, errOut := runCLI(t, "serve", "--src", dir, "--addr", "nowhere"); code != 2 || !strings.Contains(errOut, "--addr") {
		t.Errorf("serve --addr nowhere: %d %s", code, errOut)
	}
}
