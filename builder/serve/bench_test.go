package serve

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/corpus"
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
	if err := corpus.Write(dir, n); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, builder.ConfigFile), []byte("title = \"Corpus\"\nbase_url = \"https://example.com/\"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	built := make(chan time.Time, 100)
	srv := New(builder.New(os.DirFS(dir), builder.Options{Drafts: true, Future: true, Serve: true}), Options{OnBuild: func(*builder.Site) {
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
	w, err := watchSite(dir)
	if err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, w) }()
	<-built
	events, unsubscribe := srv.subscribe("/" + strings.TrimSuffix(strings.TrimPrefix(corpus.Path(n/2), "content/"), ".md") + "/")
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

// The edits the serve benchmarks time, each unique by i: saving the same
// bytes again changes no output and sends no reload.

// editBody adds a sentence at the end of the post on screen.
func (s *benchServe) editBody(b *testing.B, i int) {
	s.write(b, corpus.Path(s.n/2), fmt.Appendf(corpus.Post(s.n/2), "\nOne more sentence, edit %d.\n", i))
}

// editFirstPara puts words at the start of the edited post's first
// paragraph, which change the summary lists show.
func (s *benchServe) editFirstPara(b *testing.B, i int) {
	s.write(b, corpus.Path(s.n/2), bytes.Replace(corpus.Post(s.n/2), []byte("\n---\n\n"), fmt.Appendf(nil, "\n---\n\nFirst edit %d. ", i), 1))
}

// editTemplate adds a hidden mark to the post layout, in a theme folder
// that overrides the embedded one (made before the clock starts).
func (s *benchServe) editTemplate(b *testing.B, i int) {
	layout, err := fs.ReadFile(themes.Default(), "layouts/post.html")
	if err != nil {
		b.Fatal(err)
	}
	s.write(b, "themes/default/layouts/post.html", bytes.Replace(layout, []byte(`{{define "main"}}`), fmt.Appendf(nil, `{{define "main"}}<span hidden>edit %d</span>`, i), 1))
}

// resetTemplate goes back to the embedded theme.
func (s *benchServe) resetTemplate(b *testing.B) {
	os.RemoveAll(filepath.Join(s.dir, "themes"))
	s.awaitReload(b)
}

// addPost writes a new post, the newest.
func (s *benchServe) addPost(b *testing.B, i int) { s.write(b, corpus.Path(s.n+i), corpus.Post(s.n+i)) }

// settle waits until the watcher is sure to have reported everything
// before: a writer's saves are seconds apart, and a save within the quiet
// period of an earlier one would be built with it.
func (s *benchServe) settle() {
	time.Sleep(100 * time.Millisecond)
	for {
		select {
		case <-s.built:
		case <-s.events:
		default:
			return
		}
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
			edited := corpus.Path(n / 2)
			orig := corpus.Post(n / 2)
			for _, c := range []struct {
				name string
				edit func(i int)
			}{
				{"body", func(i int) { s.editBody(b, i) }},
				{"firstpara", func(i int) { s.editFirstPara(b, i) }},
				{"title", func(i int) {
					s.write(b, edited, bytes.Replace(orig, []byte("title: \""), []byte(fmt.Sprintf("title: \"Edit %d ", i)), 1))
				}},
				{"newpost", func(i int) { s.addPost(b, i) }},
				{"template", func(i int) { s.editTemplate(b, i) }},
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
						s.settle()
						start := time.Now()
						c.edit(s.edits)
						reload, done := s.awaitReload(b)
						took = append(took, reload.Sub(start))
						complete = append(complete, done.Sub(start))
					}
					corpus.ReportLatency(b, took)
					slices.Sort(complete)
					b.ReportMetric(corpus.Millis(complete[len(complete)/2]), "built-ms")
					if c.name == "template" {
						s.resetTemplate(b) // for the next run
					}
				})
			}
		})
	}
}
