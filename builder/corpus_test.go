package builder

import (
	"testing/fstest"

	"github.com/kopij/kopij/builder/corpus"
)

// corpusPost and corpusPath are the generated posts of package corpus, the
// same ones cmd/corpus writes for timing other generators.
func corpusPost(i int) []byte { return corpus.Post(i) }
func corpusPath(i int) string { return corpus.Path(i) }

// corpusFS returns a site of n generated posts in memory.
func corpusFS(n int) fstest.MapFS {
	fsys := fstest.MapFS{ConfigFile: {Data: []byte("title = \"Corpus\"\nbase_url = \"https://example.com/\"\n")}}
	for i := range n {
		fsys[corpusPath(i)] = &fstest.MapFile{Data: corpusPost(i), Mode: 0o644}
	}
	return fsys
}
