package builder

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kopij/kopij/builder/corpus"
)

// benchNow is after every generated post, so all of them are published.
var benchNow = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

func benchmarkBuild(b *testing.B, n int) {
	fsys := corpusFS(n)
	opts := Options{Now: func() time.Time { return benchNow }}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		site, err := Build(context.Background(), fsys, opts)
		if err != nil {
			b.Fatal(err)
		}
		if len(site.Posts) != n {
			b.Fatalf("%d posts, want %d", len(site.Posts), n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "posts/s")
}

// BenchmarkBuild1k is a full, minified build of 1,000 generated posts.
func BenchmarkBuild1k(b *testing.B) { benchmarkBuild(b, 1000) }

// BenchmarkBuild10k is a full, minified build of 10,000 generated posts.
func BenchmarkBuild10k(b *testing.B) { benchmarkBuild(b, 10000) }

// BenchmarkRebuildBodyEdit10k measures watch mode: one post's body changes
// and the Builder rebuilds what depends on it.
func BenchmarkRebuildBodyEdit10k(b *testing.B) {
	const n = 10000
	fsys := corpusFS(n)
	bl := New(fsys, Options{Now: func() time.Time { return benchNow }})
	if _, err := bl.Build(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	path := corpusPath(n / 2)
	orig := fsys[path].Data
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		fsys[path] = &fstest.MapFile{Data: fmt.Appendf(append([]byte(nil), orig...), "\nEdit number %d.\n", i)}
		site, err := bl.Build(context.Background(), []string{path})
		if err != nil {
			b.Fatal(err)
		}
		if len(site.Changed) == 0 {
			b.Fatal("an edit changed no output")
		}
	}
}

// BenchmarkRebuild times Builder.Build alone after a body edit: no file
// events, no batching.
func BenchmarkRebuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("posts=%d/body", n), func(b *testing.B) {
			fsys := corpusFS(n)
			bl := New(fsys, Options{Drafts: true, Future: true, Serve: true})
			ctx := context.Background()
			if _, err := bl.Build(ctx, nil); err != nil {
				b.Fatal(err)
			}
			p := corpusPath(n / 2)
			orig := fsys[p].Data
			var took []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				fsys[p].Data = append(append([]byte(nil), orig...), fmt.Sprintf("\nEdit %d.\n", i)...)
				start := time.Now()
				if _, err := bl.Build(ctx, []string{p}); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			corpus.ReportLatency(b, took)
		})
	}
}

// BenchmarkBodyEditTemplateAnalysis measures what tmpldeps.go saves: a
// body edit at 10k posts with the analysis of the default theme, which
// finds that no layout shows other posts' bodies, and with every layout
// taken to show them. It reports the outputs rendered per edit beside the
// latency.
func BenchmarkBodyEditTemplateAnalysis(b *testing.B) {
	for _, analysis := range []bool{true, false} {
		b.Run(fmt.Sprintf("analysis=%v", analysis), func(b *testing.B) {
			const n = 10000
			fsys := corpusFS(n)
			bl := New(fsys, Options{Drafts: true, Future: true, Serve: true})
			ctx := context.Background()
			if _, err := bl.Build(ctx, nil); err != nil {
				b.Fatal(err)
			}
			if !analysis {
				for _, l := range bl.theme.layouts {
					l.otherBodies = true
				}
				if _, err := bl.Build(ctx, nil); err != nil {
					b.Fatal(err)
				}
			}
			var took []time.Duration
			rendered := bl.rendered
			b.ResetTimer()
			for i := range b.N {
				p := corpusPath(n/2 + i%7)
				fsys[p].Data = fmt.Appendf(corpusPost(n/2+i%7), "\nEdit %d.\n", i)
				start := time.Now()
				if _, err := bl.Build(ctx, []string{p}); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			corpus.ReportLatency(b, took)
			b.ReportMetric(float64(bl.rendered-rendered)/float64(b.N), "outputs/edit")
		})
	}
}

// BenchmarkWrite1k writes a site of 1,000 posts over the previous one:
// the checks before publishing (a probe in every folder of the previous
// site) and the swap, next to writing the files.
func BenchmarkWrite1k(b *testing.B) {
	site, err := Build(context.Background(), corpusFS(1000), Options{Now: func() time.Time { return benchNow }})
	if err != nil {
		b.Fatal(err)
	}
	out := b.TempDir() + "/public"
	if err := site.Write(out, WriteOptions{}); err != nil {
		b.Fatal(err)
	}
	b.Run("write", func(b *testing.B) {
		for range b.N {
			if err := site.Write(out, WriteOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("probe", func(b *testing.B) {
		for range b.N {
			if err := checkRemovable(out, out, false); err != nil {
				b.Fatal(err)
			}
		}
	})
}
