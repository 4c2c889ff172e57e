package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// fetchJob is one image of one post.
type fetchJob struct {
	url  string
	plan *plan
	// Results, set by fetch.
	tmp   string // staged file holding the image, relative to the stage
	ctype string // media type the server sent
	size  int64
	err   error
	name  string // final file name in the bundle, set by the writer
}

// imageExt matches the file extensions of images a link may point at.
var imageExt = regexp.MustCompile(`(?i)\.(jpe?g|png|gif|webp|avif|svg|bmp|tiff?)$`)

// imageURLs lists the remote images of a cleaned body in order: every
// <img> and every link to an image file (Blogger and WordPress link a
// thumbnail to the full size picture).
func imageURLs(root *html.Node) []string {
	var out []string
	find(root, func(n *html.Node) bool {
		switch n.DataAtom {
		case atom.Img:
			if u := attr(n, "src"); isRemote(u) {
				out = append(out, absolute(u))
			}
		case atom.A:
			if u := attr(n, "href"); isRemote(u) && isImageLink(u) {
				out = append(out, absolute(u))
			}
		}
		return false
	})
	return out
}

func isImageLink(u string) bool {
	pu, err := url.Parse(absolute(u))
	if err != nil {
		return false
	}
	if imageExt.MatchString(pu.Path) {
		return true
	}
	// Blogger's image hosts serve pictures without an extension.
	return pu.Host == "blogger.googleusercontent.com" || strings.HasSuffix(pu.Host, ".bp.blogspot.com")
}

// isRemote reports an http(s) or protocol-relative address.
func isRemote(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "//")
}

// absolute gives a protocol-relative address a scheme.
func absolute(u string) string {
	if strings.HasPrefix(u, "//") {
		return "https:" + u
	}
	return u
}

// fetchAll fetches every job with at most opts.Fetchers requests at once.
// A failed image keeps its error and its remote address; only a cancelled
// context stops the import.
func fetchAll(ctx context.Context, opts Options, st *stage, jobs []*fetchJob) error {
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(opts.Fetchers, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				fetch(ctx, opts, st, jobs[i], i)
			}
		}()
	}
loop:
	for i := range jobs {
		select {
		case work <- i:
		case <-ctx.Done():
			break loop
		}
	}
	close(work)
	wg.Wait()
	return ctx.Err()
}

// errTooLarge marks an image over Options.MaxImageBytes.
var errTooLarge = errors.New("larger than the size limit")

func fetch(ctx context.Context, opts Options, st *stage, j *fetchJob, i int) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, j.url, nil)
	if err != nil {
		j.err = err
		return
	}
	resp, err := opts.Client.Do(req)
	if err != nil {
		j.err = err
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		j.err = fmt.Errorf("the server answered %s", resp.Status)
		return
	}
	ctype, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if !strings.HasPrefix(ctype, "image/") && !(ctype == "application/octet-stream" || ctype == "") {
		j.err = fmt.Errorf("the server sent %s, not an image", ctype)
		return
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, opts.MaxImageBytes+1))
	if err != nil {
		j.err = err
		return
	}
	if int64(len(data)) > opts.MaxImageBytes {
		j.err = fmt.Errorf("%w of %d bytes", errTooLarge, opts.MaxImageBytes)
		return
	}
	if !strings.HasPrefix(ctype, "image/") {
		ctype = http.DetectContentType(data)
		if !strings.HasPrefix(ctype, "image/") {
			j.err = fmt.Errorf("the server sent %s, not an image", ctype)
			return
		}
	}
	tmp := fmt.Sprintf("fetch/%d", i)
	if err := st.writeTemp(tmp, data); err != nil {
		j.err = err
		return
	}
	j.tmp, j.ctype, j.size = tmp, ctype, int64(len(data))
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileName picks the bundle file name of a fetched image: the last segment
// of its address, made safe, with an extension from its media type when it
// has none, unique within the bundle.
func (pl *plan) fileName(j *fetchJob) string {
	name := "image"
	if u, err := url.Parse(j.url); err == nil {
		if seg := path.Base(u.Path); seg != "/" && seg != "." {
			name = seg
		}
	}
	name = strings.Trim(unsafeName.ReplaceAllString(name, "-"), "-.")
	if name == "" {
		name = "image"
	}
	if len(name) > 80 {
		ext := path.Ext(name)
		name = name[:80-len(ext)] + ext
	}
	if !imageExt.MatchString(name) {
		if exts, _ := mime.ExtensionsByType(j.ctype); len(exts) > 0 {
			name += preferredExt(j.ctype, exts)
		}
	}
	name = pl.prefix + name
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 2; pl.names[strings.ToLower(name)]; i++ {
		name = fmt.Sprintf("%s-%d%s", stem, i, ext)
	}
	pl.names[strings.ToLower(name)] = true
	return name
}

// preferredExt picks the common extension of a media type; the system's
// list may put ".jfif" before ".jpg".
func preferredExt(ctype string, exts []string) string {
	switch ctype {
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	case "image/svg+xml":
		return ".svg"
	}
	return exts[0]
}
