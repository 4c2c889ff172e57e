// Package corpus generates the sites kopij is tested and timed on.
//
// Post and Write make a deterministic blog of any size: posts with tags,
// categories, a subheading, internal and external links, a code block and
// a list. The builder's benchmarks build it in memory and cmd/corpus
// writes it to disk, so kopij and other generators are timed on the same
// files; ReportLatency adds the figures the rebuild benchmarks are
// compared by.
//
// Edits is a small site on disk with random edits of every kind a writer
// makes, replayed from a seed: the builder holds its incremental builds to
// fresh ones over them, and the dev server what it serves.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Path returns the site-relative path of post i, e.g.
// "content/posts/post-00007.md".
func Path(i int) string { return fmt.Sprintf("content/posts/post-%05d.md", i) }

// Write writes posts 0..n-1 below the site folder dir.
func Write(dir string, n int) error {
	if err := os.MkdirAll(filepath.Join(dir, "content", "posts"), 0o755); err != nil {
		return err
	}
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(Path(i))), Post(i), 0o644); err != nil {
			return err
		}
	}
	return nil
}

var words = strings.Fields(`blog reader post writing feed audience newsletter draft title
	summary link archive theme static page search habit story editor schedule email
	growth trust voice example question answer lesson weekly list note idea the a of
	and to in is that for with on it as be this by are you your more not every`)

// Post returns the Markdown of post i; the same i always gives the same bytes.
func Post(i int) []byte {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	w := func(k int) string {
		s := make([]string, k)
		for j := range s {
			s[j] = words[r.IntN(len(words))]
		}
		return strings.Join(s, " ")
	}
	date := time.Date(2015, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * 7 * time.Hour)
	tags := map[string]bool{}
	for range 1 + r.IntN(4) {
		tags[fmt.Sprintf("tag%d", int(r.ExpFloat64()*20)%200)] = true
	}
	var tl []string
	for t := range tags {
		tl = append(tl, t)
	}
	slices.Sort(tl)
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: \"Post %d: %s\"\ndate: %s\ntags: [%s]\ncategories: [cat%d]\n---\n\n",
		i, w(4), date.Format(time.RFC3339), strings.Join(tl, ", "), r.IntN(10))
	for p := range 4 + r.IntN(6) {
		if p == 2 {
			fmt.Fprintf(&b, "## %s\n\n", w(3))
		}
		fmt.Fprintf(&b, "%s [%s](/posts/post-%05d/) %s [site](https://example.org/%d).\n\n",
			w(30+r.IntN(40)), w(2), r.IntN(i+1), w(20), i)
		if p == 3 {
			fmt.Fprintf(&b, "```go\nfunc f%d(n int) int {\n\treturn n * %d // %s\n}\n```\n\n- %s\n- %s\n\n", i, p, w(3), w(5), w(5))
		}
	}
	return []byte(b.String())
}
