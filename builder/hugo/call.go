package hugo

import (
	"fmt"
	"html/template"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// call is the dot of a shortcode template: Hugo's ShortcodeWithPage.
type call struct {
	run     *expansion
	sc      *Shortcode
	parent  *call
	ordinal int
	inner   string
	store   *Scratch
}

// Name is the shortcode's name.
func (c *call) Name() string { return c.sc.Name }

// Ordinal is the zero-based position among the shortcodes of the parent
// (or of the page).
func (c *call) Ordinal() int { return c.ordinal }

// Parent is the enclosing shortcode, or nil (an untyped nil, so that
// .Parent.Name without a parent fails as in Hugo rather than inside Name).
func (c *call) Parent() any {
	if c.parent == nil {
		return nil
	}
	return c.parent
}

// IsNamedParams reports whether the call uses name=value parameters.
func (c *call) IsNamedParams() bool { return c.sc.Named != nil }

// Params returns the parameters: a []any or a map[string]any.
func (c *call) Params() any {
	if c.sc.Named != nil {
		return c.sc.Named
	}
	if c.sc.Positional != nil {
		return c.sc.Positional
	}
	return nil
}

// Get returns a parameter by position or name, as Hugo does: nil for the
// wrong kind of key, "" for a missing one.
func (c *call) Get(key any) any {
	switch k := key.(type) {
	case int, int64, int32, int16, int8:
		if c.sc.Named != nil || c.sc.Positional == nil {
			return nil
		}
		i := int(reflect.ValueOf(k).Int())
		if i < 0 || i >= len(c.sc.Positional) {
			return ""
		}
		return c.sc.Positional[i]
	case string:
		if c.sc.Named == nil {
			return nil
		}
		v, ok := c.sc.Named[k]
		if !ok {
			return ""
		}
		return v
	}
	return nil
}

// Inner is the content between the opening and closing tags.
func (c *call) Inner() template.HTML { return template.HTML(c.inner) }

// InnerDeindent is Inner without the indentation of the opening tag.
func (c *call) InnerDeindent() template.HTML {
	return template.HTML(deindent(c.inner, c.sc.Indent))
}

// Position is where the call is: file, line and column.
func (c *call) Position() Position {
	r := c.run
	col := c.sc.Pos - strings.LastIndexByte(string(r.body[:min(c.sc.Pos, len(r.body))]), '\n')
	return Position{File: r.page.File, Line: r.lineOf(c.sc.Pos), Column: col}
}

// Page is the page the shortcode is called in.
func (c *call) Page() *pageView { return c.run.view }

// Site is the site.
func (c *call) Site() *siteView { return c.run.view.site }

// Store is a scratch pad of this call.
func (c *call) Store() *Scratch {
	if c.store == nil {
		c.store = &Scratch{}
	}
	return c.store
}

// Scratch is Store, under its older name.
func (c *call) Scratch() *Scratch { return c.Store() }

// Ref returns the absolute URL of the page args["path"] names.
func (c *call) Ref(args map[string]any) (string, error) {
	return c.run.view.ref(args, true)
}

// RelRef returns the URL path of the page args["path"] names.
func (c *call) RelRef(args map[string]any) (string, error) {
	return c.run.view.ref(args, false)
}

// Position is a place in a file, printed as Hugo prints it.
type Position struct {
	File   string
	Line   int
	Column int
}

func (p Position) String() string { return fmt.Sprintf("\"%s:%d:%d\"", p.File, p.Line, p.Column) }

// Scratch is Hugo's scratch pad: Set, Get, Add, SetInMap, GetSortedMapValues, Delete.
type Scratch struct {
	mu sync.Mutex
	m  map[string]any
}

// Set stores v under key.
func (s *Scratch) Set(key string, v any) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]any{}
	}
	s.m[key] = v
	return ""
}

// Get returns what is stored under key, or nil.
func (s *Scratch) Get(key string) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[key]
}

// Delete removes key.
func (s *Scratch) Delete(key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
	return ""
}

// Add adds v to the number, string or list stored under key.
func (s *Scratch) Add(key string, v any) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]any{}
	}
	old, ok := s.m[key]
	if !ok {
		s.m[key] = v
		return "", nil
	}
	if l, ok := old.([]any); ok {
		s.m[key] = append(l, v)
		return "", nil
	}
	sum, err := add(old, v)
	if err != nil {
		return "", err
	}
	s.m[key] = sum
	return "", nil
}

// SetInMap stores v under key in the map stored under name.
func (s *Scratch) SetInMap(name, key string, v any) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]any{}
	}
	m, _ := s.m[name].(map[string]any)
	if m == nil {
		m = map[string]any{}
		s.m[name] = m
	}
	m[key] = v
	return ""
}

// GetSortedMapValues returns the values of the map under name, by key.
func (s *Scratch) GetSortedMapValues(name string) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, _ := s.m[name].(map[string]any)
	if m == nil {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}
