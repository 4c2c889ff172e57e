package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kopij/kopij/builder"
)

// snapshot is every file and folder below dir: slash path -> content, "/"
// for a folder.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			got[filepath.ToSlash(rel)] = "/"
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			got[filepath.ToSlash(rel)] = "-> " + target
			return err
		}
		data, err := os.ReadFile(p)
		got[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// unchanged fails the test when the tree below dir is not before.
func unchanged(t *testing.T, dir string, before map[string]string) {
	t.Helper()
	after := snapshot(t, dir)
	for p, b := range before {
		if a, ok := after[p]; !ok {
			t.Errorf("%s is gone", p)
		} else if a != b {
			t.Errorf("%s changed", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s appeared", p)
		}
	}
}

// newSite makes a site with kopij new site, plus static/, a theme of its
// own in use and a subscriber database, in a folder of its own.
func newSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "blog")
	if code, _, errOut := runCLI(t, "new", "site", dir); code != 0 {
		t.Fatalf("new site: %s", errOut)
	}
	for name, body := range map[string]string{
		"static/img/logo.svg":                 "<svg/>",
		"themes/mine/layouts/partials/x.html": "<p>x</p>",
		".kopij/subscribers.db":               "subscribers",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := os.ReadFile(filepath.Join(dir, builder.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, builder.ConfigFile), append([]byte("theme = \"mine\"\n"), cfg...), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBuildRefusesSourcesAsOut runs kopij build with every --out that would
// replace the site's sources: each is refused with the reason and what to
// pass instead, and nothing is written anywhere.
func TestBuildRefusesSourcesAsOut(t *testing.T) {
	dir := newSite(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(dir, filepath.Join(filepath.Dir(dir), "blog-link")))
	t.Chdir(dir)
	tests := []struct{ out, reason string }{
		{".", "that is the site folder itself"},
		{"..", "that folder holds the site folder ."},
		{"content", "that is the site's content/ folder"},
		{"content/posts", "that is inside the site's content/ folder"},
		{"static", "that is the site's static/ folder"},
		{"kopij.toml", "that is the site's configuration kopij.toml"},
		{"themes", "that folder holds the theme folder in use, themes/mine"},
		{"themes/mine", "that is the theme folder in use, themes/mine"},
		{".kopij", "that is the site's .kopij/ folder with the subscriber database"},
		{".kopij/subscribers.db", "that is the subscriber database .kopij/subscribers.db"},
		{"../blog-link", "that is the site folder itself"},
		{"../blog-link/content/new", "that is inside the site's content/ folder"},
		{dir, "that is the site folder itself"},
		{filepath.Join(dir, "static"), "that is the site's static/ folder"},
	}
	before := snapshot(t, filepath.Dir(dir))
	for _, tt := range tests {
		for _, force := range []string{"--force=false", "--force"} {
			code, stdout, errOut := runCLI(t, "build", "--out", tt.out, force)
			if code != 1 {
				t.Errorf("build --out %s %s: exit code %d, want 1 (stdout %q)", tt.out, force, code, stdout)
			}
			want := "--out " + tt.out + ": " + tt.reason + "; kopij would replace your sources. Pass a folder of its own, such as --out public"
			if !strings.Contains(errOut, want) {
				t.Errorf("build --out %s %s: stderr %q lacks %q", tt.out, force, errOut, want)
			}
		}
	}
	unchanged(t, filepath.Dir(dir), before)

	if code, _, errOut := runCLI(t, "build", "--out", "public"); code != 0 {
		t.Fatalf("build --out public: %s", errOut)
	}
	// From elsewhere the suggestion names public under --src.
	t.Chdir(filepath.Dir(dir))
	_, _, errOut := runCLI(t, "build", "--src", "blog", "--out", "blog/content")
	if !strings.Contains(errOut, "such as --out "+filepath.Join("blog", "public")) {
		t.Errorf("stderr %q does not suggest blog/public", errOut)
	}
}

// TestBuildForeignOut refuses to replace a folder that holds files kopij
// did not write, unless --force; an empty folder and a missing one are
// fine, and each output carries the marker, which is no page of the site.
func TestBuildForeignOut(t *testing.T) {
	dir := newSite(t)
	www := filepath.Join(t.TempDir(), "www")
	if err := os.MkdirAll(filepath.Join(www, "photos"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(www, "photos", "cat.jpg"), []byte("a cat"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, www)
	code, _, errOut := runCLI(t, "build", "--src", dir, "--out", www)
	if code != 1 {
		t.Fatalf("build into a folder of someone else: exit code %d, want 1", code)
	}
	for _, want := range []string{"--out " + www + ": this folder holds files kopij did not write", "Pass --force to replace it anyway", "or choose an empty folder"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q lacks %q", errOut, want)
		}
	}
	unchanged(t, www, before)

	// The default output folder, public/ of a site built before there
	// was a marker: named as it is, with the same way out.
	public := filepath.Join(dir, "public")
	if err := os.MkdirAll(public, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(public, "index.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, errOut := runCLI(t, "build", "--src", dir); !strings.Contains(errOut, public+": this folder holds files kopij did not write") {
		t.Errorf("default --out: stderr %q", errOut)
	}
	if code, _, errOut := runCLI(t, "build", "--src", dir, "--force"); code != 0 {
		t.Fatalf("build --force: %s", errOut)
	}
	if code, _, errOut := runCLI(t, "build", "--src", dir); code != 0 {
		t.Fatalf("build after --force: %s", errOut)
	}
	marker, err := os.ReadFile(filepath.Join(public, builder.OutputMarker))
	if err != nil || !strings.Contains(string(marker), "kopij build") {
		t.Errorf("marker %q: %v", marker, err)
	}
	sitemap, err := os.ReadFile(filepath.Join(public, "sitemap.xml"))
	if err != nil || strings.Contains(string(sitemap), builder.OutputMarker) || !strings.Contains(string(sitemap), "<loc>") {
		t.Errorf("sitemap %q: %v", sitemap, err)
	}

	for _, out := range []string{t.TempDir(), filepath.Join(t.TempDir(), "new", "public")} {
		if code, _, errOut := runCLI(t, "build", "--src", dir, "--out", out); code != 0 {
			t.Errorf("build into %s: %s", out, errOut)
		}
	}
}

// TestFailedBuildLeavesSiteByteIdentical breaks a template and front
// matter in turn: the previous site stays byte-identical, and no
// temporary folder is left beside it.
func TestFailedBuildLeavesSiteByteIdentical(t *testing.T) {
	dir := newSite(t)
	if code, _, errOut := runCLI(t, "build", "--src", dir); code != 0 {
		t.Fatalf("first build: %s", errOut)
	}
	before := snapshot(t, dir)
	for _, tt := range []struct{ name, file, body, want string }{
		{"template", "themes/mine/layouts/post.html", `{{ define "main" }}{{ .Page.Nope }}{{ end }}`, "themes/mine/layouts/post.html"},
		{"front matter", "content/posts/broken.md", "---\ntitle: [unclosed\n---\nBody.\n", "content/posts/broken.md:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, filepath.FromSlash(tt.file))
			if err := os.WriteFile(p, []byte(tt.body), 0o644); err != nil {
				t.Fatal(err)
			}
			defer os.Remove(p)
			code, _, errOut := runCLI(t, "build", "--src", dir)
			if code != 1 || !strings.Contains(errOut, tt.want) || !strings.Contains(errOut, "left as it was") {
				t.Fatalf("exit code %d, stderr %q", code, errOut)
			}
			now := snapshot(t, dir)
			delete(now, filepath.ToSlash(tt.file))
			for p, b := range before {
				if now[p] != b {
					t.Errorf("%s changed or gone", p)
				}
			}
			for p := range now {
				if _, ok := before[p]; !ok {
					t.Errorf("%s appeared", p)
				}
			}
		})
	}
}

// TestNewSiteKeepsExistingFiles refuses a folder that holds anything, even
// only a hidden file, and changes nothing in it.
func TestNewSiteKeepsExistingFiles(t *testing.T) {
	for _, name := range []string{builder.ConfigFile, "notes.txt", ".git/HEAD"} {
		dir := filepath.Join(t.TempDir(), "blog")
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, dir)
		code, _, errOut := runCLI(t, "new", "site", dir)
		if code != 1 || !strings.Contains(errOut, "already exists and is not empty") {
			t.Errorf("new site over %s: exit code %d, stderr %q", name, code, errOut)
		}
		unchanged(t, dir, before)
	}
	// A file kopij new site would write, appearing after the check, is
	// kept: every file is created, never overwritten.
	dir := t.TempDir()
	p := filepath.Join(dir, builder.ConfigFile)
	if err := os.WriteFile(p, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := createFile(p, "theirs"); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("createFile over an existing file: %v", err)
	}
	if data, _ := os.ReadFile(p); string(data) != "mine" {
		t.Errorf("existing file overwritten: %q", data)
	}
}

// TestExportRefusesTheDatabase refuses an export file that is the
// subscriber database being read or kopij.toml, spelled any way.
func TestExportRefusesTheDatabase(t *testing.T) {
	dir := newSite(t)
	if err := os.Remove(filepath.Join(dir, ".kopij", "subscribers.db")); err != nil {
		t.Fatal(err)
	}
	db := makeDB(t, filepath.Join(dir, ".kopij", "subscribers.db"))
	if err := os.Symlink(db, filepath.Join(dir, "db-link")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	before := snapshot(t, dir)
	for _, tt := range []struct{ out, what string }{
		{".kopij/subscribers.db", "the subscriber database .kopij/subscribers.db"},
		{"./.kopij/../.kopij/subscribers.db", "the subscriber database .kopij/subscribers.db"},
		{"db-link", "the subscriber database .kopij/subscribers.db"},
		{db, "the subscriber database .kopij/subscribers.db"},
		{"kopij.toml", "the site's configuration kopij.toml"},
	} {
		code, _, errOut := runCLI(t, "subscribers", "export", "--format", "csv", "--out", tt.out)
		if code != 1 || !strings.Contains(errOut, "--out "+tt.out+": that is "+tt.what+", which the export would replace") {
			t.Errorf("export --out %s: exit code %d, stderr %q", tt.out, code, errOut)
		}
	}
	unchanged(t, dir, before)
	if code, _, errOut := runCLI(t, "subscribers", "export", "--format", "csv", "--out", "subscribers.csv"); code != 0 {
		t.Errorf("export --out subscribers.csv: %s", errOut)
	}
}

// TestBuildProfiles: --profile-cpu and --profile-mem write pprof files
// (gzip-compressed protocol buffers), and a profile that cannot be
// written fails the build before anything is built.
func TestBuildProfiles(t *testing.T) {
	dir := newSite(t)
	cpu, mem := filepath.Join(t.TempDir(), "cpu.prof"), filepath.Join(t.TempDir(), "mem.prof")
	if code, _, errOut := runCLI(t, "build", "--src", dir, "--profile-cpu", cpu, "--profile-mem", mem); code != 0 {
		t.Fatalf("build: %s", errOut)
	}
	for _, p := range []string{cpu, mem} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			t.Errorf("%s is no gzip-compressed profile (%d bytes)", filepath.Base(p), len(data))
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	code, _, errOut := runCLI(t, "build", "--src", dir, "--out", out, "--profile-cpu", filepath.Join(dir, "no", "such", "folder", "cpu.prof"))
	if code == 0 || !strings.Contains(errOut, "--profile-cpu") {
		t.Errorf("build with an unwritable profile: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the failed build wrote %s", out)
	}
}

// TestBuildProfileNeverOverwrites: a profile path that names an existing
// file, such as the site's kopij.toml, fails the build before anything is
// built, and the file is left as it was.
func TestBuildProfileNeverOverwrites(t *testing.T) {
	dir := newSite(t)
	cfg := filepath.Join(dir, builder.ConfigFile)
	before, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	for _, flag := range []string{"--profile-cpu", "--profile-mem"} {
		code, _, errOut := runCLI(t, "build", "--src", dir, "--out", out, flag, cfg)
		if code == 0 || !strings.Contains(errOut, flag+" "+cfg+": the file exists") {
			t.Errorf("%s kopij.toml: exit %d, %q", flag, code, errOut)
		}
		if after, _ := os.ReadFile(cfg); string(after) != string(before) {
			t.Fatalf("%s replaced kopij.toml", flag)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: the refused build wrote %s", flag, out)
		}
	}
	// A failed build leaves no empty heap profile behind.
	mem := filepath.Join(t.TempDir(), "mem.prof")
	if err := os.WriteFile(filepath.Join(dir, "content", "posts", "broken.md"), []byte("---\ntitle: [unclosed\n---\nx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runCLI(t, "build", "--src", dir, "--out", out, "--profile-mem", mem); code == 0 {
		t.Fatal("a broken post built")
	}
	if _, err := os.Stat(mem); !os.IsNotExist(err) {
		t.Errorf("a failed build left %s", mem)
	}
}
