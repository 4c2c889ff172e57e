package builder

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kopij/kopij/builder/corpus"
)

// diskFile is one file of an output folder as a test sees it.
type diskFile struct {
	data  string
	mtime time.Time
}

func readTree(t *testing.T, dir string) map[string]diskFile {
	t.Helper()
	files := map[string]diskFile{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = diskFile{data: string(data), mtime: info.ModTime()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameBytes fails unless two output folders hold the same files with the
// same bytes.
func sameBytes(t *testing.T, what string, got, want map[string]diskFile) {
	t.Helper()
	for _, p := range slices.Sorted(maps.Keys(want)) {
		g, ok := got[p]
		if !ok {
			t.Errorf("%s: %s is missing", what, p)
		} else if g.data != want[p].data {
			t.Errorf("%s: %s differs", what, p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: %s should not be there", what, p)
		}
	}
}

// cacheSite writes a generated site of n posts with a static file and
// returns its folder.
func cacheSite(t *testing.T, n int) string {
	t.Helper()
	src := t.TempDir()
	if err := corpus.Write(src, n); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(src, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "static", "robots-extra.txt"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return src
}

// buildDisk builds src into out as kopij build does, with the build cache
// unless noCache, and returns the site, the builder and the cache.
func buildDisk(t *testing.T, src, out string, now time.Time, noCache bool) (*Site, *Builder, *BuildCache) {
	t.Helper()
	// With the cache, the outputs are written as rendered (Options.Out),
	// as kopij build does; without, the site is written from memory, so
	// the comparisons hold the one way to the other.
	opts := Options{Now: func() time.Time { return now }, HintCounts: true}
	var cache *BuildCache
	if !noCache {
		cache = OpenCache(filepath.Join(src, CacheDir), out)
		opts.Cache, opts.Out = cache, out
	}
	b := New(os.DirFS(src), opts)
	b.once = true // as the package function Build, which kopij build calls
	site, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := site.Write(out, WriteOptions{Src: src}); err != nil {
		t.Fatal(err)
	}
	if err := site.SaveCache(); err != nil {
		t.Fatal(err)
	}
	return site, b, cache
}

// appendSentence adds a sentence to the body of generated post i of the
// site in src.
func appendSentence(t *testing.T, src string, i int) {
	t.Helper()
	post := filepath.Join(src, filepath.FromSlash(corpus.Path(i)))
	data, err := os.ReadFile(post)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(post, append(data, "\nOne more sentence.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBuildCacheUnchanged(t *testing.T) {
	src, out := cacheSite(t, 30), filepath.Join(t.TempDir(), "public")
	first, _, _ := buildDisk(t, src, out, benchNow, false)
	if first.Unchanged {
		t.Fatal("the first build found the site unchanged")
	}
	before := readTree(t, out)
	site, b, cache := buildDisk(t, src, out, benchNow, false)
	if cache.Warning != "" {
		t.Errorf("warning: %s", cache.Warning)
	}
	if !site.Unchanged || b.rendered != 0 {
		t.Fatalf("second build: Unchanged %v, %d outputs rendered; want a build that renders nothing", site.Unchanged, b.rendered)
	}
	if site.Cached.Posts != 30 || site.Cached.Files != len(first.Files) {
		t.Errorf("summary %+v, want 30 posts and %d files", *site.Cached, len(first.Files))
	}
	after := readTree(t, out)
	sameBytes(t, "unchanged build", after, before)
	for p, f := range after {
		if !f.mtime.Equal(before[p].mtime) {
			t.Errorf("%s was written again", p)
		}
	}
	// A file of the output folder changed by hand makes the build a real
	// one, which puts it back.
	if err := os.WriteFile(filepath.Join(out, "index.html"), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	site, _, _ = buildDisk(t, src, out, benchNow, false)
	if site.Unchanged {
		t.Fatal("a changed output folder was taken as unchanged")
	}
	sameBytes(t, "after a hand edit", readTree(t, out), before)
}

func TestBuildCacheEdit(t *testing.T) {
	src, out := cacheSite(t, 40), filepath.Join(t.TempDir(), "public")
	first, _, _ := buildDisk(t, src, out, benchNow, false)
	if site, _, _ := buildDisk(t, src, out, benchNow, false); !site.Unchanged {
		t.Fatal("the second build was not unchanged")
	}
	before := readTree(t, out)
	appendSentence(t, src, 20)
	time.Sleep(10 * time.Millisecond) // a new file's time differs from the old ones
	site, b, _ := buildDisk(t, src, out, benchNow, false)
	if site.Unchanged {
		t.Fatal("an edit was taken as no change")
	}
	if b.rendered == 0 || b.rendered > len(first.Files)/4 {
		t.Errorf("%d of %d outputs rendered after one body edit", b.rendered, len(first.Files))
	}
	if b.converted != 1 {
		t.Errorf("%d content files converted after one was edited, want 1: the others' bodies are in the cache", b.converted)
	}
	after := readTree(t, out)
	fresh := filepath.Join(t.TempDir(), "fresh")
	freshSite, fb, _ := buildDisk(t, src, fresh, benchNow, true)
	if fb.converted != 40 {
		t.Errorf("a build without the cache converted %d content files, want all 40", fb.converted)
	}
	sameBytes(t, "edit with the cache", after, readTree(t, fresh))
	sameReport(t, "edit with the cache", site, freshSite)
	changed := 0
	for p, f := range after {
		old, ok := before[p]
		switch {
		case ok && old.data == f.data && !old.mtime.Equal(f.mtime):
			t.Errorf("%s kept its bytes but was written again", p)
		case !ok || old.data != f.data:
			changed++
		}
	}
	if changed == 0 {
		t.Error("the edit changed no output")
	}
	if _, ok := after["robots-extra.txt"]; !ok || !after["robots-extra.txt"].mtime.Equal(before["robots-extra.txt"].mtime) {
		t.Error("the static file was not taken over with its time")
	}
}

// TestBuildCacheChangesNoByte builds through random edits with the cache,
// and checks after each that a build without the cache, into another
// folder, writes the same bytes, and that deleting the cache changes none.
func TestBuildCacheChangesNoByte(t *testing.T) {
	src, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	edits := corpus.NewEdits(t, src, 11)
	now := corpus.EditsNow
	buildDisk(t, src, out, now, false)
	for step := range 25 {
		name, _ := edits.Step()
		site, _, _ := buildDisk(t, src, out, now, false)
		fresh := filepath.Join(t.TempDir(), "fresh")
		freshSite, _, _ := buildDisk(t, src, fresh, now, true)
		what := fmt.Sprintf("step %d (%s)", step, name)
		sameBytes(t, what, readTree(t, out), readTree(t, fresh))
		if !site.Unchanged {
			sameReport(t, what, site, freshSite)
		}
		if step%5 == 4 {
			if err := os.RemoveAll(filepath.Join(src, ".kopij")); err != nil {
				t.Fatal(err)
			}
		}
		if t.Failed() {
			return
		}
	}
}

// sameReport fails unless two builds of the same sources report the same
// warnings and hints.
func sameReport(t *testing.T, what string, got, want *Site) {
	t.Helper()
	if !slices.Equal(got.Warnings, want.Warnings) {
		t.Errorf("%s: warnings\n%s\nwant\n%s", what, strings.Join(got.Warnings, "\n"), strings.Join(want.Warnings, "\n"))
	}
	brief := func(s *Site) []string {
		var out []string
		for _, p := range s.Hints {
			line := fmt.Sprintf("%s %s %+v", p.File, p.Report.Lang, p.Report.Metrics)
			for _, h := range p.Report.Hints {
				line += fmt.Sprintf(" %s:%d:%d", h.ID, h.Severity, h.Line)
			}
			out = append(out, line)
		}
		return out
	}
	if g, w := brief(got), brief(want); !slices.Equal(g, w) {
		t.Errorf("%s: hints\n%s\nwant\n%s", what, strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
}

// TestPageCacheUntrusted damages the build cache's pages file in the ways
// a disk or a person might and checks that the build says so, parses every
// content file and writes the same site; a changed configuration makes
// the pages of no use without a warning.
func TestPageCacheUntrusted(t *testing.T) {
	src, out := cacheSite(t, 20), filepath.Join(t.TempDir(), "public")
	buildDisk(t, src, out, benchNow, false)
	file := filepath.Join(src, CacheDir, pagesFile)
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		data    []byte
		warning string
	}{
		{"truncated", good[:len(good)/2], "damaged or cut short"},
		{"garbage", []byte("not a cache at all, just some bytes"), "not a kopij page cache"},
		{"flipped byte", flip(good, len(good)/2), "damaged or cut short"},
		{"empty", nil, "not a kopij page cache"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(file, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			appendSentence(t, src, 7) // the build is not one of nothing changed
			site, b, _ := buildDisk(t, src, out, benchNow, false)
			if !slices.ContainsFunc(site.Warnings, func(w string) bool { return strings.Contains(w, tc.warning) && strings.Contains(w, pagesFile) }) {
				t.Errorf("warnings %q, want one saying %q", site.Warnings, tc.warning)
			}
			if b.converted != 20 {
				t.Errorf("%d of 20 content files converted: the damaged pages were trusted", b.converted)
			}
			fresh := filepath.Join(t.TempDir(), "fresh")
			buildDisk(t, src, fresh, benchNow, true)
			sameBytes(t, tc.name, readTree(t, out), readTree(t, fresh))
		})
	}
	// The pages were written anew by the last build: a new configuration
	// reads none of them, and says nothing about it.
	if err := os.WriteFile(filepath.Join(src, ConfigFile), []byte("title = \"Renamed\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	site, b, _ := buildDisk(t, src, out, benchNow, false)
	if b.converted != 20 || slices.ContainsFunc(site.Warnings, func(w string) bool { return strings.Contains(w, pagesFile) }) {
		t.Errorf("after a configuration change: %d of 20 converted, warnings %q; want all, without a word of the cache", b.converted, site.Warnings)
	}
}

func TestBuildCacheUntrusted(t *testing.T) {
	src, out := cacheSite(t, 20), filepath.Join(t.TempDir(), "public")
	buildDisk(t, src, out, benchNow, false)
	want := readTree(t, out)
	file := filepath.Join(src, CacheDir, cacheFile)
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	otherBinary := func() {
		saved := binaryIdentity
		binaryIdentity = func() (uint64, error) { return 42, nil }
		t.Cleanup(func() { binaryIdentity = saved })
	}
	for _, tc := range []struct {
		name    string
		data    []byte
		prepare func()
		warning string
	}{
		{"truncated", good[:len(good)/2], nil, "damaged or cut short"},
		{"garbage", []byte("not a cache at all, just some bytes"), nil, "not a kopij build cache"},
		{"flipped byte", flip(good, len(good)/2), nil, "damaged or cut short"},
		{"empty", nil, nil, "not a kopij build cache"},
		{"other version", good, otherBinary, "another version of kopij"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(file, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			if tc.prepare != nil {
				tc.prepare()
			}
			site, b, cache := buildDisk(t, src, out, benchNow, false)
			if !strings.Contains(cache.Warning, tc.warning) {
				t.Errorf("warning %q, want one saying %q", cache.Warning, tc.warning)
			}
			if site.Unchanged || b.rendered != len(site.Files)-countCopied(site) {
				t.Errorf("Unchanged %v, %d of %d outputs rendered: the cache was trusted", site.Unchanged, b.rendered, len(site.Files))
			}
			sameBytes(t, tc.name, readTree(t, out), want)
		})
	}
}

func flip(b []byte, i int) []byte {
	b = slices.Clone(b)
	b[i] ^= 0xff
	return b
}

func countCopied(s *Site) int {
	n := 0
	for _, o := range s.Files {
		if o.Source != "" {
			n++
		}
	}
	return n
}

// TestBuildCacheClock checks that a site the clock changes (a scheduled
// post comes due) is built again although no file changed.
func TestBuildCacheClock(t *testing.T) {
	src, out := cacheSite(t, 5), filepath.Join(t.TempDir(), "public")
	due := time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	later := filepath.Join(src, "content", "posts", "later.md")
	if err := os.WriteFile(later, []byte("---\ntitle: Later\ndate: 2031-01-01\n---\nSoon.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	site, _, _ := buildDisk(t, src, out, benchNow, false)
	if len(site.Posts) != 5 {
		t.Fatalf("%d posts before the date, want 5", len(site.Posts))
	}
	if site, _, _ = buildDisk(t, src, out, benchNow, false); !site.Unchanged {
		t.Fatal("the second build before the date was not unchanged")
	}
	site, _, _ = buildDisk(t, src, out, due.Add(time.Hour), false)
	if site.Unchanged || len(site.Posts) != 6 {
		t.Fatalf("after the date: Unchanged %v, %d posts; want the scheduled post built", site.Unchanged, len(site.Posts))
	}
}

// TestELFBuildID reads the running test binary's build ID the way the
// build cache does and compares it with what go tool buildid reads; a
// file that is no ELF binary has none.
func TestELFBuildID(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the build ID is read from ELF binaries, which Linux runs")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	want := strings.TrimSpace(string(out))
	if got := elfBuildID(exe); got != want || got == "" {
		t.Errorf("elfBuildID = %q, go tool buildid says %q", got, want)
	}
	notELF := filepath.Join(t.TempDir(), "kopij")
	if err := os.WriteFile(notELF, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := elfBuildID(notELF); got != "" {
		t.Errorf("elfBuildID of a shell script = %q, want none", got)
	}
}

// TestBuildCacheRecordsWritten checks that what Write records of the files
// it put in place is what a look at the output folder finds, after a full
// build and after one that takes most files over from the previous site.
func TestBuildCacheRecordsWritten(t *testing.T) {
	src, out := cacheSite(t, 12), filepath.Join(t.TempDir(), "public")
	check := func(what string, site *Site) {
		t.Helper()
		if site.written == nil {
			t.Fatalf("%s: Write recorded nothing", what)
		}
		walked := &cacheData{Outputs: map[string]cachedFile{}}
		if err := site.walkOutputs(out, walked); err != nil {
			t.Fatal(err)
		}
		recorded := map[string]cachedFile{}
		for rel, st := range site.written {
			recorded[rel] = site.cacheEntry(rel, st)
		}
		if !maps.Equal(recorded, walked.Outputs) {
			for rel, e := range walked.Outputs {
				if recorded[rel] != e {
					t.Errorf("%s: %s recorded as %+v, on disk %+v", what, rel, recorded[rel], e)
				}
			}
			t.Errorf("%s: %d files recorded, %d on disk", what, len(recorded), len(walked.Outputs))
		}
	}
	site, _, _ := buildDisk(t, src, out, benchNow, false)
	check("first build", site)
	appendSentence(t, src, 3)
	site, _, _ = buildDisk(t, src, out, benchNow, false)
	if site.Unchanged {
		t.Fatal("an edit was taken as no change")
	}
	check("build after an edit", site)
}
