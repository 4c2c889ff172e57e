package jekyll

import (
	"bytes"
	"strconv"
	"sync"
)

// placeholderPrefix starts every placeholder. It is letters and digits
// only, so no Markdown rule (emphasis, typographic quotes, autolinks)
// changes it, and a writer does not type it.
const placeholderPrefix = "KOPIJLIQUIDHTML"

// maxRestorePasses bounds how deep fragments may nest (a highlight inside an
// include inside an include).
const maxRestorePasses = 16

// Fragments is the HTML that Liquid tags produced (highlighted code,
// includes, markdownify), held out of the Markdown renderer so that it
// reaches readers as HTML even with raw HTML off. The Markdown holds a
// placeholder for each; Restore puts the HTML back into the rendered page.
type Fragments struct {
	html   []string
	shared *shared
}

// shared holds the HTML of filters (markdownify), which run without a
// render's state; its placeholders carry an "S".
type shared struct {
	mu    sync.Mutex
	html  []string
	index map[string]int
}

func (s *shared) add(html string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.index[html]
	if !ok {
		n = len(s.html)
		s.html = append(s.html, html)
		s.index[html] = n
	}
	return placeholderPrefix + "S" + strconv.Itoa(n) + "X"
}

func (s *shared) get(n int) (string, bool) {
	if s == nil {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n < 0 || n >= len(s.html) {
		return "", false
	}
	return s.html[n], true
}

// add keeps an HTML fragment and returns its placeholder.
func (f *Fragments) add(html string) string {
	f.html = append(f.html, html)
	return placeholderPrefix + strconv.Itoa(len(f.html)-1) + "X"
}

// Len is the number of fragments held.
func (f *Fragments) Len() int { return len(f.html) }

// Restore replaces the placeholders in HTML rendered from the Markdown by
// their fragments. A placeholder that Markdown wrapped in a paragraph of its
// own loses the paragraph, since the fragment is a block (<figure>, <div>).
// Placeholders that are not found are left alone.
func (f *Fragments) Restore(html []byte) []byte {
	if f == nil || len(f.html) == 0 && f.shared == nil {
		return html
	}
	for pass := 0; pass < maxRestorePasses && bytes.Contains(html, []byte(placeholderPrefix)); pass++ {
		var out bytes.Buffer
		rest := html
		for {
			i := bytes.Index(rest, []byte(placeholderPrefix))
			if i < 0 {
				out.Write(rest)
				break
			}
			frag, end, ok := f.token(rest[i:])
			if !ok {
				out.Write(rest[:i+len(placeholderPrefix)])
				rest = rest[i+len(placeholderPrefix):]
				continue
			}
			before, after := rest[:i], rest[i+end:]
			if bytes.HasSuffix(before, []byte("<p>")) && bytes.HasPrefix(after, []byte("</p>")) {
				before = before[:len(before)-3]
				after = after[4:]
			}
			out.Write(before)
			out.WriteString(frag)
			rest = after
		}
		html = out.Bytes()
	}
	return html
}

// token reads the fragment of a placeholder at the start of b.
func (f *Fragments) token(b []byte) (html string, end int, ok bool) {
	j := len(placeholderPrefix)
	isShared := j < len(b) && b[j] == 'S'
	if isShared {
		j++
	}
	k := j
	for k < len(b) && b[k] >= '0' && b[k] <= '9' && k-j < 9 {
		k++
	}
	if k == j || k >= len(b) || b[k] != 'X' {
		return "", 0, false
	}
	n, err := strconv.Atoi(string(b[j:k]))
	if err != nil {
		return "", 0, false
	}
	if isShared {
		html, ok = f.shared.get(n)
		return html, k + 1, ok
	}
	if n >= len(f.html) {
		return "", 0, false
	}
	return f.html[n], k + 1, true
}
