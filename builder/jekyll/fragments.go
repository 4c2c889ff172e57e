package jekyll

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"sync"
)

// placeholderPrefix starts every placeholder. A placeholder is letters and
// digits only, so no Markdown rule (emphasis, typographic quotes,
// autolinks) changes it.
const placeholderPrefix = "KOPIJLIQUIDHTML"

// keyLen is the length of the key after the prefix. The key of a page's
// placeholders is a hash of its body, so a writer cannot type one (and the
// same page gives the same Markdown every build); the key of filter
// output is random per Renderer.
const keyLen = 12

// maxRestorePasses bounds how deep fragments may nest (a highlight inside an
// include inside an include).
const maxRestorePasses = 16

// Fragments is the HTML that Liquid tags produced (highlighted code,
// includes, markdownify), held out of the Markdown renderer so that it
// reaches readers as HTML even with raw HTML off. The Markdown holds a
// placeholder for each; Restore puts the HTML back into the rendered page.
type Fragments struct {
	key    string
	html   []string
	blocks []bool // the fragment is a block: a paragraph around it goes
	shared *shared
}

func newFragments(body []byte, s *shared) *Fragments {
	sum := sha256.Sum256(body)
	return &Fragments{key: hex.EncodeToString(sum[:])[:keyLen], shared: s}
}

// shared holds the HTML of filters (markdownify), which run without a
// render's state.
type shared struct {
	key   string
	mu    sync.Mutex
	html  []string
	index map[string]int
}

func newShared() *shared {
	b := make([]byte, keyLen/2)
	_, _ = rand.Read(b) // never fails on supported platforms
	return &shared{key: hex.EncodeToString(b), index: map[string]int{}}
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
	return placeholderPrefix + s.key + strconv.Itoa(n) + "X"
}

func (s *shared) get(n int) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n < 0 || n >= len(s.html) {
		return "", false
	}
	return s.html[n], true
}

// add keeps an inline HTML fragment and returns its placeholder.
func (f *Fragments) add(html string) string {
	f.html = append(f.html, html)
	f.blocks = append(f.blocks, false)
	return placeholderPrefix + f.key + strconv.Itoa(len(f.html)-1) + "X"
}

// block keeps a block of HTML and returns its placeholder as a paragraph
// of its own.
func (f *Fragments) block(html string) string {
	token := f.add(html)
	f.blocks[len(f.blocks)-1] = true
	return "\n\n" + token + "\n\n"
}

// Len is the number of fragments held.
func (f *Fragments) Len() int { return len(f.html) }

// Restore replaces the placeholders in HTML rendered from the Markdown by
// their fragments. A placeholder that Markdown wrapped in a paragraph of its
// own loses the paragraph when the fragment is a block (<figure>, <div>).
// Text that only looks like a placeholder is left alone.
func (f *Fragments) Restore(html []byte) []byte {
	if f == nil || len(f.html) == 0 && f.shared == nil {
		return html
	}
	for pass := 0; pass < maxRestorePasses && bytes.Contains(html, []byte(placeholderPrefix)); pass++ {
		var out bytes.Buffer
		rest := html
		changed := false
		for {
			i := bytes.Index(rest, []byte(placeholderPrefix))
			if i < 0 {
				out.Write(rest)
				break
			}
			frag, block, end, ok := f.token(rest[i:])
			if !ok {
				out.Write(rest[:i+len(placeholderPrefix)])
				rest = rest[i+len(placeholderPrefix):]
				continue
			}
			changed = true
			before, after := rest[:i], rest[i+end:]
			if block && bytes.HasSuffix(before, []byte("<p>")) && bytes.HasPrefix(after, []byte("</p>")) {
				before = before[:len(before)-3]
				after = after[4:]
			}
			out.Write(before)
			out.WriteString(frag)
			rest = after
		}
		html = out.Bytes()
		if !changed {
			break
		}
	}
	return html
}

// token reads the fragment of a placeholder at the start of b.
func (f *Fragments) token(b []byte) (html string, block bool, end int, ok bool) {
	j := len(placeholderPrefix)
	if len(b) < j+keyLen {
		return "", false, 0, false
	}
	key := string(b[j : j+keyLen])
	isShared := f.shared != nil && key == f.shared.key
	if key != f.key && !isShared {
		return "", false, 0, false
	}
	j += keyLen
	k := j
	for k < len(b) && b[k] >= '0' && b[k] <= '9' && k-j < 9 {
		k++
	}
	if k == j || k >= len(b) || b[k] != 'X' {
		return "", false, 0, false
	}
	n, err := strconv.Atoi(string(b[j:k]))
	if err != nil {
		return "", false, 0, false
	}
	if isShared { // markdownify: its own paragraphs
		html, ok = f.shared.get(n)
		return html, true, k + 1, ok
	}
	if n >= len(f.html) {
		return "", false, 0, false
	}
	return f.html[n], f.blocks[n], k + 1, true
}
