// Command corpus writes a deterministic blog of generated posts, for
// benchmarking kopij and other generators on the same files.
//
//	go run ./cmd/corpus -n 1000 -out /tmp/corpus1k
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/kopij/kopij/builder/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of posts")
	out := flag.String("out", "corpus", "site folder to write (content/posts/ below it)")
	flag.Parse()
	if err := corpus.Write(*out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
}
