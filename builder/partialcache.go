package builder

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"sync"
	"text/template/parse"

	"github.com/kopij/kopij/builder/hugo"
)

// partialCache holds the output of partialCached calls for one render of
// the site: a partial whose output is the same on many pages (the footer,
// the signup form, a post's summary in every list that shows it) runs
// once per key instead of once per page. The builder empties it before
// every render, so nothing outlives the site data it was made from.
type partialCache struct {
	mu sync.Mutex
	m  map[string]*cachedPartial
}

type cachedPartial struct {
	once sync.Once
	out  template.HTML
	err  error
}

// reset forgets every cached output.
func (c *partialCache) reset() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

// get returns the entry of key, making it when it is new. Only a new
// entry copies the key.
func (c *partialCache) get(key []byte) *cachedPartial {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.m[string(key)]
	if e == nil {
		if c.m == nil {
			c.m = map[string]*cachedPartial{}
		}
		e = &cachedPartial{}
		c.m[string(key)] = e
	}
	return e
}

// appendPartialKey appends to k the cache key of a partial and the
// variants it is cached by: the partial's name and each variant with a tag
// of its type, every string after its length. The key is made on every
// call, so the default theme's variants are written without fmt.
func appendPartialKey(k []byte, name string, variants []any) []byte {
	str := func(s string) {
		k = binary.AppendUvarint(k, uint64(len(s)))
		k = append(k, s...)
	}
	str(name)
	for _, v := range variants {
		switch v := v.(type) {
		case string:
			k = append(k, 's')
			str(v)
		case Kind:
			k = append(k, 'k')
			str(string(v))
		case []FeedLink:
			k = append(k, 'f')
			k = binary.AppendUvarint(k, uint64(len(v)))
			for _, f := range v {
				str(f.Type)
				str(f.Title)
				str(f.URL)
			}
		case []MenuLink:
			k = append(k, 'm')
			k = binary.AppendUvarint(k, uint64(len(v)))
			for _, m := range v {
				str(m.Name)
				str(m.URL)
				if m.Active {
					k = append(k, 1)
				} else {
					k = append(k, 0)
				}
			}
		default:
			k = append(k, 'v')
			str(fmt.Sprintf("%T:%v", v, v))
		}
	}
	return k
}

// keyBuffers are the buffers partialCached makes its keys in.
var keyBuffers = sync.Pool{New: func() any { return new([]byte) }}

// partialCached is the template function {{partialCached NAME DATA
// VARIANT...}}, Hugo's partialCached: it runs the partial NAME with DATA
// the first time it is called with these variants in a render, and gives
// that output for every later call with the same name and variants,
// whatever their data. The variants must tell apart everything the
// partial's output depends on (the page's language for the footer, the
// post's URL for its summary); the output goes into HTML text, between
// elements, as a {{template}} call there would.
func (th *theme) partialCached(name string, data any, variants ...any) (template.HTML, error) {
	kb := keyBuffers.Get().(*[]byte)
	*kb = appendPartialKey((*kb)[:0], name, variants)
	e := th.partials.get(*kb)
	keyBuffers.Put(kb)
	e.once.Do(func() {
		// The name is looked up once per key, not on every call.
		if th.base == nil || th.base.Lookup(name) == nil {
			e.err = fmt.Errorf("partialCached: there is no template %q (the name is the one {{template}} takes, e.g. \"partials/footer.html\")", name)
			return
		}
		buf := execBuffers.Get().(*bytes.Buffer)
		defer execBuffers.Put(buf)
		buf.Reset()
		if err := th.base.ExecuteTemplate(buf, name, data); err != nil {
			e.err = &partialError{err}
			return
		}
		e.out = template.HTML(buf.String())
	})
	return e.out, e.err
}

// checkPartialCached finds the partialCached calls of a template set's
// trees and refuses what cannot be cached: a name that is not a quoted
// string, a partial that is not there, and a partial that reaches itself
// again through partialCached, which would wait for its own output. at
// names a template's file for messages.
func checkPartialCached(set *template.Template, at func(name string) string) error {
	calls := map[string][]string{} // template -> templates it runs
	cached := map[[2]string]bool{} // {caller, partial} of partialCached calls
	var errs []error
	for _, t := range set.Templates() {
		if t.Tree == nil {
			continue
		}
		caller := t.Name()
		hugo.Walk(t.Tree.Root, func(n parse.Node) {
			switch n := n.(type) {
			case *parse.TemplateNode:
				calls[caller] = append(calls[caller], n.Name)
			case *parse.CommandNode:
				id, ok := n.Args[0].(*parse.IdentifierNode)
				if !ok || id.Ident != "partialCached" {
					return
				}
				line := lineOf(t.Tree, n)
				var name *parse.StringNode
				if len(n.Args) > 1 {
					name, _ = n.Args[1].(*parse.StringNode)
				}
				switch {
				case name == nil || len(n.Args) < 3:
					errs = append(errs, &LineError{File: at(caller), Line: line, Msg: `partialCached takes the partial's name as a quoted string, its data and the variants it is cached by: {{partialCached "partials/footer.html" . .Lang}}`})
				case set.Lookup(name.Text) == nil:
					errs = append(errs, &LineError{File: at(caller), Line: line, Msg: fmt.Sprintf(`partialCached: there is no partial %q (the name is the one {{template}} takes, e.g. "partials/footer.html")`, name.Text)})
				default:
					calls[caller] = append(calls[caller], name.Text)
					cached[[2]string{caller, name.Text}] = true
				}
			}
		})
	}
	for edge := range cached {
		if reaches(calls, edge[1], edge[0]) {
			errs = append(errs, &LineError{File: at(edge[0]), Msg: fmt.Sprintf("partialCached %q runs a partial that comes back to %s: a cached partial cannot show itself (use {{template}} there)", edge[1], edge[0])})
		}
	}
	return joinSorted(errs)
}

// reaches tells whether template from runs to (or is it).
func reaches(calls map[string][]string, from, to string) bool {
	seen := map[string]bool{}
	todo := []string{from}
	for len(todo) > 0 {
		n := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if n == to {
			return true
		}
		if seen[n] {
			continue
		}
		seen[n] = true
		todo = append(todo, calls[n]...)
	}
	return false
}

// lineOf is the line of a node in its template's text.
func lineOf(tree *parse.Tree, n parse.Node) int {
	loc, _ := tree.ErrorContext(n) // "name:line:col"
	parts := strings.Split(loc, ":")
	if len(parts) >= 3 {
		var line int
		fmt.Sscan(parts[len(parts)-2], &line)
		return line
	}
	return 0
}

// partialError is a partial's own error inside the error of the template
// that called partialCached, so that the problem is reported at the
// partial's line (see theme.renderErrors).
type partialError struct{ err error }

func (e *partialError) Error() string { return e.err.Error() }
func (e *partialError) Unwrap() error { return e.err }

// innermost is the error of the partial that failed, through any number
// of partialCached calls.
func innermost(err error) error {
	for {
		pe, ok := errors.AsType[*partialError](err)
		if !ok {
			return err
		}
		err = pe.err
	}
}
