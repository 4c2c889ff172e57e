// Command benchcmp builds the same generated blogs with kopij and with Hugo,
// side by side, and prints the medians of wall time and peak memory as a
// Markdown table.
//
//	go run ./cmd/benchcmp                          # 1,000 and 10,000 posts, 3 runs each
//	go run ./cmd/benchcmp -posts 1000,10000,50000 -runs 5
//	go run ./cmd/benchcmp -posts 100000 -hugo off -no-rebuilds  # kopij's full build alone
//
// For every size it writes the corpus of cmd/corpus twice: once as a kopij
// site (kopij.toml from kopijsite/) and once as a Hugo site (hugo.toml,
// layouts and a few pages from hugosite/) whose layouts do the work of
// kopij's default theme: minified HTML, highlighted code, a page per post
// with tags, prev/next and related posts, home and tag pages of 10 posts,
// RSS, Atom and JSON feeds for the site and every tag, a search index and a
// sitemap. It builds kopij once with go build (so compile time is not
// timed) and finds Hugo at -hugo, in its cache folder, or installs it there
// with go install.
//
// Each run builds, interleaved: the floor (reading, converting with
// goldmark and writing every post, on every core, and nothing else), kopij,
// kopij again with nothing changed, kopij after a one-post edit, and Hugo.
// Wall time and peak resident memory are measured per child process; the
// table shows medians. Before any figure is printed, the outputs are
// counted by kind (posts, tag pages, tag feeds, list pages, sitemap entries)
// and a difference beyond the margins in counts.go is an error: a figure
// for less work is no figure.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
)

func main() {
	var cfg config
	posts := flag.String("posts", "1000,10000", "comma-separated corpus `sizes` (posts)")
	flag.IntVar(&cfg.Runs, "runs", 3, "builds per tool and size; the table shows medians")
	flag.StringVar(&cfg.Hugo, "hugo", "", "Hugo binary `PATH`; empty: the cache folder, installing "+hugoVersion+" there when missing; off: kopij only")
	flag.StringVar(&cfg.Kopij, "kopij", "", "kopij binary `PATH`; empty: go build ./cmd/kopij into a temporary folder")
	flag.StringVar(&cfg.Work, "work", "", "`DIR` for corpora and outputs; default a new folder in /dev/shm when it exists, else in the temporary folder")
	flag.BoolVar(&cfg.Keep, "keep", false, "keep the work folder")
	noRebuilds := flag.Bool("no-rebuilds", false, "time kopij's full build only, not the rebuild with nothing changed and after an edit")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "benchcmp: no arguments expected; see -help")
		os.Exit(2)
	}
	sizes, err := parseSizes(*posts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchcmp:", err)
		os.Exit(2)
	}
	cfg.Sizes = sizes
	cfg.Rebuilds = !*noRebuilds
	cfg.Log = os.Stderr
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchcmp:", err)
		os.Exit(1)
	}
}

// parseSizes reads "1000,10000" and "1k,10k".
func parseSizes(s string) ([]int, error) {
	var sizes []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(strings.ToLower(f))
		mult := 1
		if rest, ok := strings.CutSuffix(f, "k"); ok {
			f, mult = rest, 1000
		}
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("-posts %q: %q is not a number of posts (write e.g. 1000,10000 or 1k,10k)", s, f)
		}
		sizes = append(sizes, n*mult)
	}
	return sizes, nil
}
