// Package importertest holds what the importer front ends share in their
// tests: an image server on 127.0.0.1 that answers for any host, and a
// golden test that imports each testdata/*.txtar export into a temporary
// folder and compares the site folder written with the archive's want/
// files.
package importertest

import (
	"bytes"
	"hash/fnv"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strings"
	"sync"
	"testing"
)

// Server is an httptest server that plays every image host of an export.
// The client it gives sends requests for any host to it, so fixtures keep
// their real addresses (blogger.googleusercontent.com, wp-content/uploads).
//
// By path: one containing "/missing/" answers 404, one ending in ".html"
// answers a web page (not an image), any other an image: JPEG for .jpg and
// .jpeg, GIF for .gif, else PNG, a few pixels in a colour derived from the
// path, so each file's bytes are its own.
type Server struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string // host+path of every request, in arrival order
}

// NewServer starts a Server; it stops when the test ends.
func NewServer(t testing.TB) *Server {
	s := &Server{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Client returns an http.Client that sends every request to s.
func (s *Server) Client() *http.Client {
	target, _ := url.Parse(s.URL)
	base := s.Server.Client().Transport
	return &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		r = r.Clone(r.Context())
		r.Header.Set("X-Original-Host", r.URL.Host)
		r.URL.Scheme, r.URL.Host = target.Scheme, target.Host
		return base.RoundTrip(r)
	})}
}

// Requests lists host+path of every request served so far.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.Header.Get("X-Original-Host")+r.URL.Path)
	s.mu.Unlock()
	p := r.URL.Path
	switch {
	case strings.Contains(p, "/missing/"):
		http.NotFound(w, r)
	case strings.HasSuffix(p, ".html"):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!doctype html><p>a page, not an image</p>"))
	default:
		ctype, data := Image(p)
		w.Header().Set("Content-Type", ctype)
		w.Write(data)
	}
}

// Image is the image the server sends for path p, and its media type.
func Image(p string) (string, []byte) {
	h := fnv.New32a()
	h.Write([]byte(p))
	v := h.Sum32()
	img := image.NewPaletted(image.Rect(0, 0, 3, 2), color.Palette{color.White, color.RGBA{uint8(v), uint8(v >> 8), uint8(v >> 16), 255}})
	img.SetColorIndex(1, 1, 1)
	var b bytes.Buffer
	switch strings.ToLower(path.Ext(p)) {
	case ".jpg", ".jpeg":
		jpeg.Encode(&b, img, &jpeg.Options{Quality: 90})
		return "image/jpeg", b.Bytes()
	case ".gif":
		gif.Encode(&b, img, nil)
		return "image/gif", b.Bytes()
	}
	png.Encode(&b, img)
	return "image/png", b.Bytes()
}
