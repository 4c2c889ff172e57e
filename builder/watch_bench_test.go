package builder

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kopij/kopij/themes"
)

// benchServe is a generated site on disk served and watched as kopij serve
// does it, with a subscriber to its browser events.
type benchServe struct {
	dir    string
	n      int
	srv    *Server
	events <-chan Event   // of a browser showing the edited post
	built  chan time.Time // when each build finished
	stop   func()
	edits  int
}

func newBenchServe(b *testing.B, n int) *benchServe {
	b.Helper()
	dir := b.TempDir()
	for p, f := range corpusFS(n) {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(full, f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	built := make(chan time.Time, 100)
	srv := NewServer(New(os.DirFS(dir), Options{Drafts: true, Future: true, Serve: true}), ServerOptions{OnBuild: func(*Site) {
		select {
		case built <- time.Now():
		default:
		}
	}})
	ctx, cancel := context.WithCancel(context.Background())
	start := time.Now()
	if _, err := srv.Rebuild(ctx, nil); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d posts: first build %s", n, time.Since(start).Round(time.Millisecond))
	w, err := NewWatcher(dir, WatchOptions{})
	if err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, w) }()
	<-built
	events, unsubscribe := srv.subscribe("/" + strings.TrimSuffix(strings.TrimPrefix(corpusPath(n/2), "content/"), ".md") + "/")
	return &benchServe{dir: dir, n: n, srv: srv, events: events, built: built, stop: func() {
		unsubscribe()
		cancel()
		<-done
		w.Close()
	}}
}

func (s *benchServe) write(b *testing.B, p string, data []byte) {
	if err := os.WriteFile(filepath.Join(s.dir, filepath.FromSlash(p)), data, 0o644); err != nil {
		b.Fatal(err)
	}
}

// awaitReload waits for the first reload event after the last write, and
// returns it with the time the build finished.
func (s *benchServe) awaitReload(b *testing.B) (reload, done time.Time) {
	timeout := time.After(5 * time.Minute)
	for reload.IsZero() || done.IsZero() {
		select {
		case ev := <-s.events:
			switch ev.Name {
			case "reload":
				if reload.IsZero() {
					reload = time.Now()
				}
			case "error":
				b.Fatalf("build failed: %s", ev.Data)
			}
		case t := <-s.built:
			done = t
		case <-timeout:
			b.Fatal("no reload event")
		}
	}
	// The build's other events were sent before it finished: drop them.
	for {
		select {
		case <-s.events:
		default:
			return reload, done
		}
	}
}

// BenchmarkServeReload measures kopij serve from a file write to the
// first reload event of a browser showing the edited post (fsnotify, the
// quiet period of the batcher, the incremental build up to that page),
// median-ms, and to the end of the build, built-ms, on generated sites of
// 1k and 10k posts.
func BenchmarkServeReload(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			s := newBenchServe(b, n)
			defer s.stop()
			edited := corpusPath(n / 2)
			orig := corpusPost(n / 2)
			postLayout, err := fs.ReadFile(themes.Default(), "layouts/post.html")
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range []struct {
				name string
				edit func(i int)
			}{
				{"body", func(i int) {
					s.write(b, edited, append(append([]byte(nil), orig...), fmt.Sprintf("\nOne more sentence, edit %d.\n", i)...))
				}},
				{"title", func(i int) {
					s.write(b, edited, bytes.Replace(orig, []byte("title: \""), []byte(fmt.Sprintf("title: \"Edit %d ", i)), 1))
				}},
				{"newpost", func(i int) {
					s.write(b, corpusPath(n+i), corpusPost(n+i))
				}},
				{"template", func(i int) {
					s.write(b, "themes/default/layouts/post.html", bytes.Replace(postLayout, []byte(`{{define "main"}}`), []byte(fmt.Sprintf(`{{define "main"}}<span hidden>edit %d</span>`, i)), 1))
				}},
			} {
				b.Run(c.name, func(b *testing.B) {
					if err := os.MkdirAll(filepath.Join(s.dir, "themes/default/layouts"), 0o755); err != nil {
						b.Fatal(err)
					}
					var took, complete []time.Duration
					for i := 0; i < b.N; i++ {
						// A unique edit each time, across runs: saving the same
						// bytes again changes no output and sends no reload.
						s.edits++
						start := time.Now()
						c.edit(s.edits)
						reload, done := s.awaitReload(b)
						took = append(took, reload.Sub(start))
						complete = append(complete, done.Sub(start))
					}
					reportLatency(b, took)
					sort.Slice(complete, func(i, j int) bool { return complete[i] < complete[j] })
					b.ReportMetric(float64(complete[len(complete)/2].Microseconds())/1000, "built-ms")
					if c.name == "template" {
						// Back to the embedded theme for the next run.
						os.RemoveAll(filepath.Join(s.dir, "themes"))
						s.awaitReload(b)
					}
				})
			}
		})
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
			reportLatency(b, took)
		})
	}
}

func reportLatency(b *testing.B, took []time.Duration) {
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(took[len(took)/2]), "median-ms")
	b.ReportMetric(ms(took[len(took)*9/10]), "p90-ms")
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/(1<<20), "heap-MB")
	if rss := peakRSS(); rss > 0 {
		b.ReportMetric(rss, "peakRSS-MB")
	}
}

// peakRSS reads the process's peak resident memory in MB from Linux's
// /proc; 0 elsewhere.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
