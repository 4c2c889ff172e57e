package newsletter

import (
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// SiteHandler serves the built site in dir, for running the blog and the
// signup server as one process. It opens dir by name for every request
// and holds no file of it open in between, so when kopij build swaps in
// a new folder by rename the next request sees the new site, with no
// restart. Folders answer with their index.html (a missing trailing
// slash redirects), never with a listing; a missing page gets the site's
// 404.html with status 404. Hidden files are not served.
func SiteHandler(dir string) http.Handler {
	return siteHandler{dir: dir}
}

type siteHandler struct{ dir string }

func (h siteHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	name := path.Clean("/" + r.URL.Path)
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") && seg != ".well-known" {
			h.notFound(w, r)
			return
		}
	}
	f, info, err := h.open(name)
	if err == nil && info.IsDir() {
		f.Close()
		if !strings.HasSuffix(r.URL.Path, "/") {
			// Relative, so that it holds below a base path stripped in front.
			w.Header().Set("Location", path.Base(name)+"/"+query(r))
			w.WriteHeader(http.StatusMovedPermanently)
			return
		}
		f, info, err = h.open(path.Join(name, "index.html"))
	}
	if err != nil || info.IsDir() {
		if f != nil {
			f.Close()
		}
		h.notFound(w, r)
		return
	}
	defer f.Close()
	// Pages and feeds change with every build: let browsers check first.
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, info.Name(), info.ModTime(), f)
}

// open opens the site-relative name below the folder as it is now.
func (h siteHandler) open(name string) (*os.File, fs.FileInfo, error) {
	f, err := os.Open(filepath.Join(h.dir, filepath.FromSlash(name)))
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

func (h siteHandler) notFound(w http.ResponseWriter, r *http.Request) {
	f, _, err := h.open("/404.html")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		io.Copy(w, f)
	}
}

func query(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return ""
	}
	return "?" + r.URL.RawQuery
}
