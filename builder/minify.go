package builder

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// newMinifier returns a minifier for every media type kopij writes. It is
// safe for concurrent use.
func newMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepSpecialComments: true})
	m.AddFunc("text/css", css.Minify)
	m.Add("image/svg+xml", &memoMinifier{fn: svg.Minify, cache: map[string][]byte{}})
	m.AddFuncRegexp(regexp.MustCompile("^(application|text)/(x-)?(java|ecma)script$"), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application/(ld\+|feed\+)?json|importmap)$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return m
}

// memoMinifier remembers what it made of small inputs: the icons a theme
// inlines are the same SVG on every page, and minifying them again for
// each page took a twentieth of a full build.
type memoMinifier struct {
	fn    minify.MinifierFunc
	mu    sync.Mutex
	cache map[string][]byte
}

const (
	memoMaxInput   = 8 << 10
	memoMaxEntries = 256
)

func (c *memoMinifier) Minify(m *minify.M, w io.Writer, r io.Reader, params map[string]string) error {
	in, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if len(params) > 0 || len(in) > memoMaxInput {
		return c.fn(m, w, bytes.NewReader(in), params)
	}
	c.mu.Lock()
	out, ok := c.cache[string(in)]
	c.mu.Unlock()
	if !ok {
		var buf bytes.Buffer
		if err := c.fn(m, &buf, bytes.NewReader(in), params); err != nil {
			return err
		}
		out = buf.Bytes()
		c.mu.Lock()
		if len(c.cache) < memoMaxEntries {
			c.cache[string(in)] = out
		}
		c.mu.Unlock()
	}
	_, err = w.Write(out)
	return err
}

func minifyBytes(m *minify.M, mime string, data []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(data))
	if err := m.Minify(mime, &out, bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("minify %s: %w", mime, err)
	}
	return out.Bytes(), nil
}
