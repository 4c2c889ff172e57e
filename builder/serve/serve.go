package serve

import (
	"bytes"
	_ "embed"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kopij/kopij/builder"
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
	// AllowHosts are the host names and addresses answered besides the
	// loopback ones, such as the address the server listens on or a name
	// for the machine on the local network; "*" answers any. Requests for
	// other hosts get 421 (see HostAllowed).
	AllowHosts []string
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

// ServeHTTP serves the site, the live-reload endpoints and mounted handlers.
// Requests for a host it does not serve get 421 (see Options.AllowHosts).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.checkHost(w, r) {
		s.mux.ServeHTTP(w, r)
	}
}

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
		if oe, ok := errors.AsType[*builder.OutsideError](err); ok {
			// Turned into a link out of the site since the build.
			http.Error(w, oe.Path+" is a link outside the site; not served", http.StatusForbidden)
			return
		}
		if err != nil {
			http.Error(w, "read "+out.Source+": "+err.Error(), http.StatusInternalServerError)
			return
		}
	}
	data, ctype := served(p, data)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// served returns the bytes of the output at p as they are served, and
// their media type: HTML pages get the live-reload script.
func served(p string, data []byte) ([]byte, string) {
	ctype := mime.TypeByExtension(path.Ext(p))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	if strings.HasPrefix(ctype, "text/html") {
		if t := feedType(data); t != "" {
			// A feed at an old address such as /feed/, written as
			// feed/index.html: a feed, with nothing added.
			return data, t
		}
		data = injectLiveReload(data)
	}
	return data, ctype
}

// feedType is the media type of an RSS or Atom feed by its first bytes;
// "" for anything else, XHTML pages (which start with <?xml too) included.
func feedType(data []byte) string {
	head := bytes.TrimSpace(data[:min(len(data), 512)])
	if !bytes.HasPrefix(head, []byte("<?xml")) {
		return ""
	}
	switch {
	case bytes.Contains(head, []byte("<rss")):
		return "application/rss+xml; charset=utf-8"
	case bytes.Contains(head, []byte("<feed")):
		return "application/atom+xml; charset=utf-8"
	}
	return ""
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
