package serve

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"runtime"
	"slices"
	"strings"

	"github.com/kopij/kopij/builder"
)

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
	// HTML is the page the browser shows (or the new post, with New) as
	// it is served now, when it is among the changes: the browser lays it
	// over the page on screen without asking for it.
	HTML string `json:"html,omitempty"`
}

// BuildError is one problem of a failed build, as the overlay shows it.
type BuildError struct {
	File    string `json:"file"`           // site-relative path, or "" when the message names no file
	Line    int    `json:"line,omitempty"` // 1-based line, 0 when unknown
	Message string `json:"message"`
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
		send(ch, ev)
	}
}

func send(ch chan Event, ev Event) {
	select {
	case ch <- ev:
	default:
	}
}

// broadcastReload sends rd to every subscriber, each with the page it
// shows when that page changed: one page's HTML is encoded once, however
// many browsers show it.
func (s *Server) broadcastReload(site *builder.Site, rd ReloadData) {
	plain, _ := json.Marshal(rd)
	withPage := map[string][]byte{} // URL path -> event data with its HTML
	event := func(page string) []byte {
		if data, ok := withPage[page]; ok {
			return data
		}
		data := plain
		if html, ok := s.changedPage(site, rd, page); ok {
			with := rd
			with.HTML = string(html)
			data, _ = json.Marshal(with)
		}
		withPage[page] = data
		return data
	}
	// The pages are encoded outside the lock: a browser that opens a page
	// meanwhile does not wait for them.
	s.mu.RLock()
	clients := maps.Clone(s.clients)
	s.mu.RUnlock()
	for ch, page := range clients {
		send(ch, Event{Name: "reload", Data: event(page)})
	}
	// The subscribers' goroutines write the event out before the build
	// goes on: while the rest of the site renders on every core, they
	// would wait for the scheduler to preempt it, up to 10 ms and more.
	runtime.Gosched()
}

// changedPage returns the HTML page a browser showing page will show
// next, as served: the new post when there is one, else page itself when
// it is among the changes.
func (s *Server) changedPage(site *builder.Site, rd ReloadData, page string) ([]byte, bool) {
	if page == "" {
		return nil, false
	}
	if rd.New != "" {
		page = rd.New
	}
	p, ok := site.OutputPath(page)
	if !ok || (rd.New == "" && !slices.Contains(rd.Paths, p)) {
		return nil, false
	}
	out := site.Files[p]
	if out == nil || out.Data == nil {
		return nil, false
	}
	data, ctype := served(p, out.Data)
	return data, strings.HasPrefix(ctype, "text/html")
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
