package builder

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
)

// tree is every file and folder below dir: slash path -> content, "/"
// for a folder. Two equal trees are byte-identical.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			got[rel] = "/"
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			got[rel] = "-> " + target
			return err
		default:
			data, err := os.ReadFile(p)
			got[rel] = string(data)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// sameTree fails the test when the tree below dir is not want.
func sameTree(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	got := tree(t, dir)
	for p, w := range want {
		if g, ok := got[p]; !ok {
			t.Errorf("%s is gone", p)
		} else if g != w {
			t.Errorf("%s changed: %.60q, was %.60q", p, g, w)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s appeared", p)
		}
	}
}

// siteFolder writes a site with every kind of source into a new folder:
// kopij.toml naming the theme "mine", content/, static/, themes/mine,
// themes/other and .kopij/subscribers.db.
func siteFolder(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "blog")
	for name, body := range map[string]string{
		ConfigFile:                            "title = \"Blog\"\nbase_url = \"https://example.com/\"\ntheme = \"mine\"\n",
		"content/posts/a.md":                  "---\ntitle: A\ndate: 2024-01-02\n---\nBody of A.\n",
		"static/robots-extra.txt":             "extra\n",
		"themes/mine/layouts/partials/x.html": "<p>x</p>\n",
		"themes/other/README":                 "unused theme\n",
		".kopij/subscribers.db":               "not really SQLite\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return dir
}

// TestCheckOutput refuses every output folder that is, holds or sits inside
// the site's sources, after resolving relative paths and links, and
// accepts folders of their own.
func TestCheckOutput(t *testing.T) {
	dir := siteFolder(t)
	must(t, os.Symlink(dir, filepath.Join(dir, "self")))
	must(t, os.Symlink(filepath.Join(dir, "content"), filepath.Join(dir, "posts-link")))
	elsewhere := t.TempDir()
	must(t, os.Symlink(filepath.Join(dir, "static"), filepath.Join(elsewhere, "www")))
	// A content folder that is a link to a folder outside the site: an
	// out holding that folder holds the sources too.
	outside := filepath.Join(t.TempDir(), "notes")
	must(t, os.MkdirAll(filepath.Join(outside, "posts"), 0o755))
	linked := siteFolder(t)
	must(t, os.RemoveAll(filepath.Join(linked, "content")))
	must(t, os.Symlink(outside, filepath.Join(linked, "content")))

	tests := []struct {
		src, out string
		reason   string // "" when out is fine
	}{
		{dir, dir, "that is the site folder itself"},
		{dir, dir + "/", "that is the site folder itself"},
		{dir, filepath.Join(dir, "content", ".."), "that is the site folder itself"},
		{dir, filepath.Dir(dir), "that folder holds the site folder"},
		{dir, "/", "that folder holds the site folder"},
		{dir, filepath.Join(dir, "content"), "that is the site's content/ folder"},
		{dir, filepath.Join(dir, "content", "posts"), "that is inside the site's content/ folder"},
		{dir, filepath.Join(dir, "content", "new", "public"), "that is inside the site's content/ folder"},
		{dir, filepath.Join(dir, "static"), "that is the site's static/ folder"},
		{dir, filepath.Join(dir, "static", "public"), "that is inside the site's static/ folder"},
		{dir, filepath.Join(dir, ConfigFile), "that is the site's configuration kopij.toml"},
		{dir, filepath.Join(dir, "themes"), "that folder holds the theme folder in use, themes/mine"},
		{dir, filepath.Join(dir, "themes", "mine"), "that is the theme folder in use, themes/mine"},
		{dir, filepath.Join(dir, "themes", "mine", "out"), "that is inside the theme folder in use"},
		{dir, filepath.Join(dir, ".kopij"), "that is the site's .kopij/ folder"},
		{dir, filepath.Join(dir, ".kopij", "subscribers.db"), "that is the subscriber database"},
		{dir, filepath.Join(dir, "self"), "that is the site folder itself"},
		{dir, filepath.Join(dir, "posts-link"), "that is the site's content/ folder"},
		{dir, filepath.Join(dir, "posts-link", "out"), "that is inside the site's content/ folder"},
		{dir, filepath.Join(elsewhere, "www"), "that is the site's static/ folder"},
		{filepath.Join(dir, "self"), filepath.Join(dir, "content"), "that is the site's content/ folder"},
		{linked, outside, "that is the site's content/ folder"},
		{linked, filepath.Dir(outside), "that folder holds the site's content/ folder"},
		{dir, filepath.Join(dir, "public"), ""},
		{dir, filepath.Join(dir, "public", "blog"), ""},
		{dir, filepath.Join(dir, "themes", "other"), ""},
		{dir, filepath.Join(dir, "contents"), ""},
		{dir, filepath.Join(elsewhere, "public"), ""},
		{dir, filepath.Join(dir, "kopij.toml.d"), ""},
		{dir, filepath.Join(dir, "layouts"), "that is the site's layouts/ folder"},
		{dir, filepath.Join(dir, "_includes", "x"), "that is inside the site's _includes/ folder"},
	}
	for _, tt := range tests {
		t.Run(tt.out, func(t *testing.T) {
			err := CheckOutput(tt.src, tt.out, "mine", "--out X")
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrOutputIsSource) {
				t.Fatalf("got %v, want ErrOutputIsSource", err)
			}
			for _, want := range []string{"--out X: ", tt.reason, "kopij would replace your sources", "Pass a folder of its own, such as --out " + filepath.Join(tt.src, "public")} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("message %q lacks %q", err, want)
				}
			}
		})
	}
}

// TestCheckOutputRelative resolves relative paths from the working folder:
// ".", ".." and "content" from inside the site are refused.
func TestCheckOutputRelative(t *testing.T) {
	dir := siteFolder(t)
	t.Chdir(dir)
	for out, reason := range map[string]string{
		".":          "that is the site folder itself",
		"./":         "that is the site folder itself",
		"..":         "that folder holds the site folder .",
		"content":    "that is the site's content/ folder",
		"./static/x": "that is inside the site's static/ folder",
	} {
		err := CheckOutput(".", out, "mine", "--out "+out)
		if err == nil || !strings.Contains(err.Error(), "--out "+out+": "+reason) {
			t.Errorf("--out %s: got %v, want %q", out, err, reason)
		}
	}
	if err := CheckOutput(".", "public", "mine", "--out public"); err != nil {
		t.Errorf("--out public refused: %v", err)
	}
}

// TestWriteRefusesSources writes nothing at all when the output folder
// would replace a source: the site folder stays byte-identical.
func TestWriteRefusesSources(t *testing.T) {
	dir := siteFolder(t)
	site, err := Build(t.Context(), os.DirFS(dir), buildOpts())
	must(t, err)
	before := tree(t, filepath.Dir(dir))
	for _, out := range []string{dir, filepath.Dir(dir), filepath.Join(dir, "content"), filepath.Join(dir, "static"),
		filepath.Join(dir, "content", "posts", "public"), filepath.Join(dir, "themes", "mine"), filepath.Join(dir, ".kopij")} {
		for _, force := range []bool{false, true} {
			err := site.Write(out, WriteOptions{Src: dir, Force: force})
			if !errors.Is(err, ErrOutputIsSource) {
				t.Errorf("Write(%s, force %v): %v, want ErrOutputIsSource", out, force, err)
			}
		}
	}
	sameTree(t, filepath.Dir(dir), before)
	must(t, site.Write(filepath.Join(dir, "public"), WriteOptions{Src: dir}))
}

func buildSite(t *testing.T, files map[string]string) *Site {
	t.Helper()
	site, err := buildMap(t, files)
	must(t, err)
	return site
}

var (
	siteV1 = map[string]string{"content/posts/old.md": "Old\n", "content/posts/keep.md": "Keep\n"}
	siteV2 = map[string]string{"content/posts/keep.md": "Keep\n", "content/posts/new.md": "New\n"}
)

// TestWriteMarker checks that every output carries the marker, that the
// marker is no page of the site, and which folders Write replaces.
func TestWriteMarker(t *testing.T) {
	site := buildSite(t, siteV1)
	if _, ok := site.Files[OutputMarker]; ok {
		t.Fatal("the marker is an output of the site")
	}
	out := filepath.Join(t.TempDir(), "public")
	must(t, site.Write(out, WriteOptions{}))
	marker, err := os.ReadFile(filepath.Join(out, OutputMarker))
	if err != nil || !strings.Contains(string(marker), "kopij build wrote this folder") {
		t.Fatalf("marker %q: %v", marker, err)
	}
	for _, p := range []string{"sitemap.xml", "index.xml", "atom.xml", "feed.json", "search.json"} {
		data, err := os.ReadFile(filepath.Join(out, p))
		must(t, err)
		if strings.Contains(string(data), OutputMarker) {
			t.Errorf("%s names the marker", p)
		}
	}

	t.Run("empty folder", func(t *testing.T) {
		out := t.TempDir()
		must(t, site.Write(out, WriteOptions{}))
		if _, err := os.Stat(filepath.Join(out, OutputMarker)); err != nil {
			t.Error(err)
		}
	})
	t.Run("folder of someone else", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "www")
		must(t, os.MkdirAll(filepath.Join(out, "photos"), 0o755))
		must(t, os.WriteFile(filepath.Join(out, "photos", "cat.jpg"), []byte("a cat"), 0o644))
		must(t, os.WriteFile(filepath.Join(out, "index.html"), []byte("my own page"), 0o644))
		before := tree(t, parent)
		err := site.Write(out, WriteOptions{Name: "--out ~/www"})
		if !errors.Is(err, ErrOutputNotOurs) {
			t.Fatalf("got %v, want ErrOutputNotOurs", err)
		}
		for _, want := range []string{"--out ~/www: this folder holds files kopij did not write", "--force", "choose an empty folder"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("message %q lacks %q", err, want)
			}
		}
		sameTree(t, parent, before)

		must(t, site.Write(out, WriteOptions{Force: true}))
		if _, err := os.Stat(filepath.Join(out, "photos")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("--force kept the old files: %v", err)
		}
		if _, err := os.Stat(filepath.Join(out, OutputMarker)); err != nil {
			t.Error(err)
		}
		must(t, buildSite(t, siteV2).Write(out, WriteOptions{})) // now it is ours
	})
	t.Run("marker that is a folder", func(t *testing.T) {
		out := t.TempDir()
		must(t, os.Mkdir(filepath.Join(out, OutputMarker), 0o755))
		if err := site.Write(out, WriteOptions{}); !errors.Is(err, ErrOutputNotOurs) {
			t.Errorf("got %v, want ErrOutputNotOurs", err)
		}
	})
	t.Run("a file", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "public")
		must(t, os.WriteFile(out, []byte("mine"), 0o644))
		if err := site.Write(out, WriteOptions{Force: true}); err == nil || !strings.Contains(err.Error(), "is not a folder") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("link to a folder", func(t *testing.T) {
		// The link stays; the folder it points to gets the site.
		parent := t.TempDir()
		target := filepath.Join(parent, "var-www")
		must(t, site.Write(target, WriteOptions{}))
		link := filepath.Join(parent, "public")
		must(t, os.Symlink(target, link))
		must(t, buildSite(t, siteV2).Write(link, WriteOptions{}))
		if info, err := os.Lstat(link); err != nil || info.Mode()&fs.ModeSymlink == 0 {
			t.Fatalf("the link was replaced: %v", err)
		}
		if _, err := os.Stat(filepath.Join(target, "posts", "new", "index.html")); err != nil {
			t.Error(err)
		}
		leftovers(t, parent, "var-www", "public")
	})
}

// leftovers fails the test when dir holds other entries than want.
func leftovers(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	must(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("%s holds %q, want %q", dir, names, want)
	}
}

// inject replaces the renames of the swap for one test.
func inject(t *testing.T, ren func(a, b string) error, exch func(a, b string) error) {
	t.Helper()
	oldRename, oldExchange := rename, exchangeDirs
	t.Cleanup(func() { rename, exchangeDirs = oldRename, oldExchange })
	if ren != nil {
		rename = ren
	}
	if exch != nil {
		exchangeDirs = exch
	}
}

// mountPoint makes the renames behave as if out were a mount point: any
// rename of out itself fails with errno.
func mountPoint(t *testing.T, out string, errno syscall.Errno) {
	busy := func(op string) func(a, b string) error {
		real := map[string]func(a, b string) error{"rename": rename, "exchange": exchangeDirs}[op]
		return func(a, b string) error {
			if a == out || b == out {
				return &os.LinkError{Op: op, Old: a, New: b, Err: errno}
			}
			return real(a, b)
		}
	}
	inject(t, busy("rename"), busy("exchange"))
}

// TestWriteMountPoint replaces the contents of an output folder that
// cannot be renamed (EBUSY: a mount point; EXDEV: another device) instead
// of failing.
func TestWriteMountPoint(t *testing.T) {
	for _, errno := range []syscall.Errno{syscall.EBUSY, syscall.EXDEV} {
		t.Run(errno.Error(), func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			must(t, buildSite(t, siteV1).Write(out, WriteOptions{}))
			must(t, os.WriteFile(filepath.Join(out, "stray.txt"), []byte("left by hand"), 0o644))
			mountPoint(t, out, errno)

			site := buildSite(t, siteV2)
			must(t, site.Write(out, WriteOptions{}))
			want := writtenTree(t, site)
			sameTree(t, out, want)
			leftovers(t, parent, "public")
		})
	}
}

// writtenTree is what Write puts into an empty folder for site.
func writtenTree(t *testing.T, site *Site) map[string]string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "want")
	must(t, site.Write(dir, WriteOptions{}))
	return tree(t, dir)
}

// TestWriteFailuresKeepPrevious fails each rename of the swap in turn,
// beside the output folder and inside a mount point, and checks that the
// previous site stays byte-identical with no temporary folder left. These
// failures are injected: a read-only folder does not stop root, so the
// chmod tests below skip under root and this one covers the same paths.
func TestWriteFailuresKeepPrevious(t *testing.T) {
	errDisk := errors.New("injected failure")
	tests := []struct {
		name  string
		mount bool   // out behaves as a mount point
		exch  bool   // RENAME_EXCHANGE fails, so two renames are used
		kind  string // the renames counted: "" all, "aside" those into .kopij-old-, "in" those out of .kopij-new-
		k     int    // the kth of them fails
	}{
		{"exchange fails, moving out aside fails", false, true, "", 1},
		{"exchange fails, moving the new site in fails", false, true, "", 2},
		{"mount point, moving the first old entry aside fails", true, false, "aside", 1},
		{"mount point, moving the third old entry aside fails", true, false, "aside", 3},
		{"mount point, moving the first new entry in fails", true, false, "in", 1},
		{"mount point, moving the fifth new entry in fails", true, false, "in", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			must(t, buildSite(t, siteV1).Write(out, WriteOptions{}))
			before := tree(t, out)
			if tt.mount {
				mountPoint(t, out, syscall.EBUSY)
			}
			n, failed := 0, false
			next := rename
			inject(t, func(a, b string) error {
				switch {
				case tt.kind == "",
					tt.kind == "aside" && strings.Contains(b, ".kopij-old-"),
					tt.kind == "in" && strings.Contains(a, ".kopij-new-"):
					n++
				}
				if !failed && n == tt.k {
					failed = true
					return &os.LinkError{Op: "rename", Old: a, New: b, Err: errDisk}
				}
				return next(a, b)
			}, nil)
			if tt.exch {
				inject(t, nil, func(a, b string) error { return errors.ErrUnsupported })
			}
			err := buildSite(t, siteV2).Write(out, WriteOptions{})
			if !errors.Is(err, errDisk) {
				t.Fatalf("got %v, want the injected failure", err)
			}
			if !strings.Contains(err.Error(), "the previous site was left as it was") {
				t.Errorf("message %q does not say the previous site is intact", err)
			}
			sameTree(t, out, before)
			leftovers(t, parent, "public")
		})
	}
}

// TestFailedWriteKeepsPrevious fails while the new site is written (a
// file that cannot be copied): the previous site stays byte-identical and
// the temporary folder goes.
func TestFailedWriteKeepsPrevious(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	must(t, buildSite(t, siteV1).Write(out, WriteOptions{}))
	before := tree(t, out)
	site := buildSite(t, siteV2)
	files := maps.Clone(site.Files)
	files["img/gone.png"] = &Output{FS: fstest.MapFS{}, Source: "static/img/gone.png"}
	broken := *site
	broken.Files = files
	err := broken.Write(out, WriteOptions{})
	if err == nil || !strings.Contains(err.Error(), "static/img/gone.png") {
		t.Fatalf("got %v", err)
	}
	sameTree(t, out, before)
	leftovers(t, parent, "public")
}

// TestWriteReadOnly makes the output folder, a folder in it, or the folder
// beside it read-only: Write fails before publishing, says why, and leaves
// the previous site and no temporary folder. Root is not stopped by file
// modes; TestWriteFailuresKeepPrevious injects the failures for root, and
// TestWriteTmpfs uses a read-only mount.
func TestWriteReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which ignores file modes: TestWriteFailuresKeepPrevious and TestWriteTmpfs cover these failures")
	}
	for _, tt := range []struct{ name, ro, want string }{
		{"output folder", "public", "is not writable"},
		{"folder in it", "public/posts", "is not writable"},
		{"parent folder", ".", "kopij writes the new site beside it"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			must(t, buildSite(t, siteV1).Write(out, WriteOptions{}))
			ro := filepath.Join(parent, tt.ro)
			must(t, os.Chmod(ro, 0o555))
			t.Cleanup(func() { os.Chmod(ro, 0o755) })
			before := tree(t, parent)
			err := buildSite(t, siteV2).Write(out, WriteOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "nothing was changed") {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			sameTree(t, parent, before)
		})
	}
}

func ExampleCheckOutput() {
	err := CheckOutput(".", ".", "default", "--out .")
	fmt.Println(err)
	// Output: --out .: that is the site folder itself; kopij would replace your sources. Pass a folder of its own, such as --out public
}

// TestWriteRollbackFails fails the swap and then the move back: the error
// names the folder that holds the previous site, which is kept whole.
func TestWriteRollbackFails(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	must(t, buildSite(t, siteV1).Write(out, WriteOptions{}))
	before := tree(t, out)
	n := 0
	next := rename
	inject(t, func(a, b string) error {
		if n++; n >= 2 { // the new site in, then the previous one back
			return &os.LinkError{Op: "rename", Old: a, New: b, Err: errors.New("injected failure")}
		}
		return next(a, b)
	}, func(a, b string) error { return errors.ErrUnsupported })
	err := buildSite(t, siteV2).Write(out, WriteOptions{})
	if err == nil || !strings.Contains(err.Error(), "move it back by hand") {
		t.Fatalf("got %v", err)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || !strings.HasSuffix(entries[0].Name(), ".old") || !strings.Contains(err.Error(), entries[0].Name()) {
		t.Fatalf("%s holds %v; want only the previous site, named in %q", parent, entries, err)
	}
	sameTree(t, filepath.Join(parent, entries[0].Name()), before)
}
