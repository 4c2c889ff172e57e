package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/watch"
)

// Rebuild builds for the changed paths (nil: everything), serves the result
// when it succeeds and tells the browsers. On failure the previous site
// stays served and the browsers show the errors over it.
func (s *Server) Rebuild(ctx context.Context, changed []string) (*builder.Site, error) {
	start := s.opts.Now()
	s.mu.RLock()
	served, good := s.site, s.good
	s.mu.RUnlock()
	// The pages open in browsers are rendered first and served as soon as
	// they are ready; what they announced is not announced again.
	announced := map[string]bool{}
	var announcedNew string
	var preview time.Duration
	pv := &builder.Preview{Hot: s.viewed(served), Early: func(pre *builder.Site) {
		preview = s.opts.Now().Sub(start)
		for _, p := range pre.Changed {
			announced[p] = true
		}
		announcedNew = newPost(served, pre)
		s.publish(pre, pre.Changed, announcedNew)
	}}
	site, err := s.b.BuildPreview(ctx, changed, pv)
	took := s.opts.Now().Sub(start)
	if err != nil {
		if ctx.Err() != nil {
			// Cancelled for newer changes: their build follows at once.
			return nil, err
		}
		data, _ := json.Marshal(map[string]any{"errors": overlayErrors(err)})
		ev := Event{Name: "error", Data: data}
		s.mu.Lock()
		s.site = good // a preview is no good build
		s.errEv = &ev
		s.mu.Unlock()
		s.broadcast(ev)
		fmt.Fprintf(s.opts.Log, "build failed after %s (the last good version stays served):\n%v\n", took.Round(time.Millisecond), err)
		return nil, err
	}
	rest := slices.DeleteFunc(slices.Clone(site.Changed), func(p string) bool { return announced[p] })
	newURL := newPost(served, site)
	if newURL == announcedNew {
		newURL = ""
	}
	s.publish(site, rest, newURL)
	s.mu.Lock()
	s.good = site
	s.mu.Unlock()
	if s.opts.OnBuild != nil {
		s.opts.OnBuild(site)
	}
	if served != nil {
		var first string
		if preview > 0 {
			first = fmt.Sprintf(" (pages on screen after %d ms)", preview.Milliseconds())
		}
		fmt.Fprintf(s.opts.Log, "rebuilt in %d ms%s: %s changed, %d output files changed\n",
			took.Milliseconds(), first, describeChanged(changed), len(site.Changed))
	}
	if good == nil || !slices.Equal(good.Warnings, site.Warnings) {
		for _, w := range site.Warnings {
			fmt.Fprintln(s.opts.Log, "warning:", w)
		}
	}
	return site, nil
}

// publish serves site and tells the browsers: the overlay goes, pages
// among paths reload, and a browser shows the new post at newURL, if any.
func (s *Server) publish(site *builder.Site, paths []string, newURL string) {
	s.mu.Lock()
	hadErr := s.errEv != nil
	first := s.good == nil
	s.site, s.errEv = site, nil
	s.mu.Unlock()
	if hadErr {
		s.broadcast(Event{Name: "ok", Data: []byte("{}")})
	}
	if first || (len(paths) == 0 && newURL == "") {
		return
	}
	if paths == nil {
		paths = []string{}
	}
	s.broadcastReload(site, ReloadData{Base: site.Config.BasePath(), Paths: paths, New: newURL})
}

// viewed returns the output paths of the pages the browsers show.
func (s *Server) viewed(site *builder.Site) []string {
	if site == nil {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []string
	for _, page := range s.clients {
		if p, ok := site.OutputPath(page); ok && page != "" {
			out = append(out, p)
		}
	}
	return out
}

// newPost returns the URL of a post that site has and prev had not, or ""
// when there is none or no prev. Only the changed outputs are looked at
// first: most rebuilds add no file at all.
func newPost(prev, site *builder.Site) string {
	if prev == nil {
		return ""
	}
	added := map[string]bool{}
	for _, p := range site.Changed {
		if _, old := prev.Files[p]; !old {
			added[p] = true
		}
	}
	if len(added) == 0 {
		return ""
	}
	for _, post := range site.Posts {
		if p, _ := site.OutputPath(post.URL); added[p] {
			return post.URL
		}
	}
	return ""
}

// describeChanged names the source paths of a rebuild in a few words.
func describeChanged(changed []string) string {
	switch {
	case changed == nil:
		return "everything"
	case len(changed) == 1:
		return changed[0]
	case len(changed) <= 3:
		return strings.Join(changed, ", ")
	}
	return fmt.Sprintf("%s and %d more", changed[0], len(changed)-1)
}

// overlayErrors lists the problems of a failed build for the overlay.
func overlayErrors(err error) []BuildError {
	var out []BuildError
	for _, le := range builder.Errors(err) {
		out = append(out, BuildError{File: le.File, Line: le.Line, Message: le.Msg})
	}
	return out
}

// Run rebuilds for every batch of changes w reports until ctx is
// cancelled. Call Rebuild(ctx, nil) once before, to serve at once. A batch
// that arrives while a build runs cancels that build, and the next one
// takes over, reusing the outputs the cancelled one rendered: saving again
// and again never waits for a whole-site render of an older version.
func (s *Server) Run(ctx context.Context, w *watch.Watcher) error {
	batches := make(chan watch.Batch)
	werr := make(chan error, 1)
	go func() { werr <- w.Run(ctx, batches) }()
	var (
		pending  []string // changed paths not yet built for
		rescan   bool     // look at everything: events were lost
		building bool
		cancel   context.CancelFunc = func() {}
		done                        = make(chan struct{}, 1)
	)
	start := func() {
		changed := pending
		if rescan {
			changed = nil
		}
		pending, rescan, building = nil, false, true
		var bctx context.Context
		bctx, cancel = context.WithCancel(ctx)
		go func() {
			s.Rebuild(bctx, changed) // errors are reported to the log and browsers
			done <- struct{}{}
		}()
	}
	for {
		select {
		case <-ctx.Done():
			cancel()
			if building {
				<-done
			}
			<-werr
			return nil
		case err := <-werr:
			cancel()
			if building {
				<-done
			}
			return err
		case b := <-batches:
			pending = append(pending, b.Paths...)
			rescan = rescan || b.Rescan
			if !building {
				start()
			} else {
				cancel()
			}
		case <-done:
			building = false
			cancel()
			if len(pending) > 0 || rescan {
				start()
			}
		}
	}
}
