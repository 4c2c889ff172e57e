package serve

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/watch"
)

//go:embed livereload.js
var liveReloadJS []byte

// liveReloadTag is injected before </body> of every served HTML page.
const liveReloadTag = `<script src="/_kopij/livereload.js" defer></script>`

// Options configure a Server.
type Options struct {
	Log     io.Writer           // one line per rebuild and the build errors go here; io.Discard when nil
	Now     func() time.Time    // the clock for rebuild timings; time.Now when nil
	OnBuild func(*builder.Site) // called after every successful build, e.g. to refresh a hints panel; may be nil
}

// Server serves the last good build of a Builder from memory, rebuilds on
// request and tells browsers to reload over Server-Sent Events at
// /_kopij/events. Use New, then Rebuild once before serving.
type Server struct {
	b    *builder.Builder
	opts Options
	mux  *http.ServeMux

	mu      sync.RWMutex
	site    *builder.Site         // what is served: the last good build, or the preview of the build under way
	good    *builder.Site         // the last good build; nil before the first one
	errEv   *Event                // the "error" event while the last build failed, nil otherwise
	clients map[chan Event]string // subscriber -> URL path of the page it shows, "" when unknown
}

// Event is one message to the browsers.
type Event struct {
	Name string // "reload", "error" or "ok"
	Data []byte // JSON payload
}

// ReloadData is the payload of a "reload" event.
type ReloadData struct {
	Base  string   `json:"base"`          // base path of the site, e.g. "/" or "/blog/"; output paths are below it
	Paths []string `json:"paths"`         // output paths that changed, e.g. "posts/x/index.html", "css/site.css"
	New   string   `json:"new,omitempty"` // URL of a post this build added, for the browser to show it
}

// BuildError is one problem of a failed build, as the overlay shows it.
type BuildError struct {
	File    string `json:"file"`           // site-relative path, or "" when the message names no file
	Line    int    `json:"line,omitempty"` // 1-based line, 0 when unknown
	Message string `json:"message"`
}

// New returns a Server for b; b must be used by nothing else.
func New(b *builder.Builder, opts Options) *Server {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{b: b, opts: opts, mux: http.NewServeMux(), clients: map[chan Event]string{}}
	s.mux.HandleFunc("GET /_kopij/events", s.events)
	s.mux.HandleFunc("GET /_kopij/livereload.js", serveScript(liveReloadJS))
	s.mountHints()
	s.mux.HandleFunc("/", s.serveSite)
	return s
}

// serveScript serves one of the dev server's own scripts, never cached so
// that a new kopij version is picked up at once.
func serveScript(js []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(js)
	}
}

// Handle mounts h at pattern (an http.ServeMux pattern such as
// "/_newsletter/") beside the site. Call it before serving.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// Site returns the last good build, nil before the first one.
func (s *Server) Site() *builder.Site {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.site
}

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
	data, _ := json.Marshal(ReloadData{Base: site.Config.BasePath(), Paths: paths, New: newURL})
	s.broadcast(Event{Name: "reload", Data: data})
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

// Subscribe returns a channel that receives every event from now on, and a
// function to stop. The "error" event of a failed last build is sent first.
func (s *Server) Subscribe() (<-chan Event, func()) { return s.subscribe("") }

// subscribe is Subscribe for a browser showing the page at URL path page.
func (s *Server) subscribe(page string) (<-chan Event, func()) {
	ch := make(chan Event, 16)
	s.mu.Lock()
	s.clients[ch] = page
	if s.errEv != nil {
		ch <- *s.errEv
	}
	s.mu.Unlock()
	return ch, func() {
		s.mu.Lock()
		delete(s.clients, ch)
		s.mu.Unlock()
	}
}

// broadcast sends ev to every subscriber; a subscriber too slow to keep 16
// events buffered misses this one rather than stalling the rebuilds.
func (s *Server) broadcast(ev Event) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for ch := range s.clients {
		select {
		case ch <- ev:
		default:
		}
	}
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch, stop := s.subscribe(r.URL.Query().Get("page"))
	defer stop()
	fmt.Fprint(w, "retry: 500\n\n")
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev := <-ch:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Name, ev.Data)
			fl.Flush()
		}
	}
}

// ServeHTTP serves the site, the live-reload endpoints and mounted handlers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *Server) serveSite(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	site := s.Site()
	if site == nil {
		http.Error(w, "the site has not been built yet", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	// The site lives under the path of base_url, as it will once deployed.
	base := site.Config.BasePath()
	p, inside := site.OutputPath(r.URL.Path)
	if clean := path.Clean("/" + r.URL.Path); !inside && (clean == "/" || clean+"/" == base) {
		http.Redirect(w, r, base, http.StatusFound)
		return
	}
	if !inside {
		s.writeFile(w, r, site, "404.html", site.Files["404.html"], http.StatusNotFound)
		return
	}
	out, ok := site.Files[p]
	if !ok {
		if _, dir := site.Files[p+"/index.html"]; dir {
			http.Redirect(w, r, base+p+"/", http.StatusMovedPermanently)
			return
		}
		s.writeFile(w, r, site, "404.html", site.Files["404.html"], http.StatusNotFound)
		return
	}
	s.writeFile(w, r, site, p, out, http.StatusOK)
}

func (s *Server) writeFile(w http.ResponseWriter, r *http.Request, site *builder.Site, p string, out *builder.Output, status int) {
	if out == nil {
		http.Error(w, "404 page not found", status)
		return
	}
	data := out.Data
	if data == nil && out.FS != nil {
		var err error
		data, err = fs.ReadFile(out.FS, out.Source)
		if err != nil {
			http.Error(w, "read "+out.Source+": "+err.Error(), http.StatusInternalServerError)
			return
		}
	}
	ctype := mime.TypeByExtension(path.Ext(p))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	if strings.HasPrefix(ctype, "text/html") {
		data = injectLiveReload(data)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// injectLiveReload returns a copy of page with the live-reload script
// before its last </body>, or at its end when it has none. The stored
// bytes stay as a full build writes them.
func injectLiveReload(page []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(liveReloadTag)+len(hintsPanelTag))
	out = append(out, page[:i]...)
	out = append(out, liveReloadTag...)
	out = append(out, hintsPanelTag...)
	return append(out, page[i:]...)
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
