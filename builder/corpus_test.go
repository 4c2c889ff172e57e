package builder

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing/fstest"
	"time"
)

// corpusWords and corpusPost mirror cmd/corpus, so that in-memory
// benchmarks and the generated folders Hugo is timed on hold the same posts.
var corpusWords = strings.Fields(`blog reader post writing feed audience newsletter draft title
	summary link archive theme static page search habit story editor schedule email
	growth trust voice example question answer lesson weekly list note idea the a of
	and to in is that for with on it as be this by are you your more not every`)

func corpusPost(i int) []byte {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	w := func(k int) string {
		s := make([]string, k)
		for j := range s {
			s[j] = corpusWords[r.IntN(len(corpusWords))]
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

// corpusPath is the site-relative path of generated post i.
func corpusPath(i int) string { return fmt.Sprintf("content/posts/post-%05d.md", i) }

// corpusFS returns a site of n generated posts in memory.
func corpusFS(n int) fstest.MapFS {
	fsys := fstest.MapFS{ConfigFile: {Data: []byte("title = \"Corpus\"\nbase_url = \"https://example.com/\"\n")}}
	for i := range n {
		fsys[corpusPath(i)] = &fstest.MapFile{Data: corpusPost(i), Mode: 0o644}
	}
	return fsys
}
