package builder

import (
	"html/template"
	"text/template/parse"
)

// bodyFields are the fields of Page that come from the body and not from
// what lists show (front matter, summary, reading time): an output that
// reads one of them for a page must be rendered again when that page's
// body changes. TestBodyFieldsAreTheBody ties them to parsePage.
var bodyFields = map[string]bool{"Content": true, "WordCount": true, "Headings": true}

// summaryFields are the fields of Page that lists show and that come from
// the body, not from the front matter: an output that reads one of them
// (or a body field) for a page must be rendered again when the page's
// first paragraph changes; one that reads neither depends only on the
// page's place in the site (structHash). TestSummaryFieldsAreTheSummary
// ties them to parsePage.
var summaryFields = map[string]bool{"Summary": true, "SummaryText": true, "ReadingTime": true}

// listFields are the fields an output showing another page's summary may
// read of it: the summary's and the body's.
var listFields = func() map[string]bool {
	m := map[string]bool{}
	for f := range bodyFields {
		m[f] = true
	}
	for f := range summaryFields {
		m[f] = true
	}
	return m
}()

// rootFields are the fields of PageData that hold pages, and what they
// hold; every other field holds none. TestTmplDepsKnowsPageData ties them
// to the struct.
var rootFields = map[string]valueKind{
	"Page":    kCur,
	"Prev":    kOtherPage,
	"Next":    kOtherPage,
	"Related": kOtherPages,
	// Lists of other pages; nil on a post.
	"Pages": kUnknown, "Term": kUnknown, "Terms": kUnknown, "Years": kUnknown,
}

// pageFields are the names of the fields, of any struct templates see,
// that lead to pages: those of PageData, Term.Pages and YearGroup.Pages.
// A Page has none. TestTmplDepsKnowsPageData ties them to the structs.
var pageFields = map[string]bool{"Page": true, "Prev": true, "Next": true, "Related": true, "Pages": true, "Term": true, "Terms": true, "Years": true}

// A value kind is what the analysis knows of a template value.
type valueKind uint8

const (
	kOther      valueKind = iota // holds no page: strings, numbers, the site, menus
	kRoot                        // the PageData a layout is executed with
	kCur                         // the page being rendered (.Page)
	kOtherPage                   // another page shown beside it: .Prev, .Next, an element of .Related
	kOtherPages                  // a list of such pages (.Related)
	kUnknown                     // anything, a page of any kind included
)

// readsOtherBodies reports whether a layout may read the body of a page
// other than the one it renders: on a post, of .Prev, .Next or .Related;
// on a list, of the pages it lists; or of a page it cannot tell apart
// from those. When it reports false, an output depends only on what lists
// show of the other pages, so editing one post's body re-renders that
// post alone. It errs on the side of true.
func readsOtherBodies(t *template.Template) bool { return readsOther(t, bodyFields) }

// readsOtherSummaries is readsOtherBodies for the fields of listFields:
// when it reports false, an output shows only the titles, dates, URLs and
// the rest of the front matter of other pages, so editing a post's first
// paragraph does not change it.
func readsOtherSummaries(t *template.Template) bool { return readsOther(t, listFields) }

// readsOther reports whether a layout may read one of fields of a page
// other than the one it renders.
func readsOther(t *template.Template, fields map[string]bool) bool {
	if t == nil || t.Tree == nil {
		return true
	}
	a := &tmplAnalysis{set: t, looked: fields, done: map[tmplCall]bool{}}
	a.template(t.Name(), kRoot)
	return a.found
}

type tmplCall struct {
	name string
	dot  valueKind
}

type tmplAnalysis struct {
	set     *template.Template
	looked  map[string]bool // the fields of Page looked for
	done    map[tmplCall]bool
	found   bool
	changes int // variables widened by {{$x = v}} so far
	ranges  int // depth of nested range bodies
}

// maxRanges bounds the nesting of range bodies the analysis follows; a
// deeper template is taken to read everything.
const maxRanges = 8

// scope is the dot and the variables of one block of a template.
type scope struct {
	dot    valueKind
	vars   map[string]valueKind
	parent *scope
}

// child is the scope of a block inside s with the given dot.
func (s *scope) child(dot valueKind) *scope {
	return &scope{dot: dot, vars: map[string]valueKind{}, parent: s}
}

func (s *scope) lookup(name string) valueKind {
	for ; s != nil; s = s.parent {
		if k, ok := s.vars[name]; ok {
			return k
		}
	}
	return kUnknown
}

// assign is {{$x = v}}: the variable, wherever declared, may hold either
// value from now on. It reports whether that widened what it may hold.
func (s *scope) assign(name string, k valueKind) bool {
	for d := s; d != nil; d = d.parent {
		if old, ok := d.vars[name]; ok {
			d.vars[name] = join(old, k)
			return d.vars[name] != old
		}
	}
	s.vars[name] = kUnknown
	return true
}

func (a *tmplAnalysis) template(name string, dot valueKind) {
	c := tmplCall{name, dot}
	if a.done[c] || a.found {
		return
	}
	a.done[c] = true
	t := a.set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return // executing it fails: nothing is read
	}
	a.list(t.Tree.Root, &scope{dot: dot, vars: map[string]valueKind{"$": dot}})
}

func (a *tmplAnalysis) list(l *parse.ListNode, s *scope) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		a.node(n, s)
	}
}

func (a *tmplAnalysis) node(n parse.Node, s *scope) {
	switch n := n.(type) {
	case *parse.ActionNode:
		// Printing a page prints all its fields, the body too.
		if k := a.pipe(n.Pipe, s); len(n.Pipe.Decl) == 0 && mayHoldOtherPage(k) {
			a.found = true
		}
	case *parse.IfNode:
		inner := s.child(s.dot)
		a.pipe(n.Pipe, inner)
		a.list(n.List, inner)
		a.list(n.ElseList, inner.child(s.dot))
	case *parse.WithNode:
		inner := s.child(s.dot)
		inner.dot = a.pipe(n.Pipe, inner)
		a.list(n.List, inner)
		a.list(n.ElseList, s.child(s.dot))
	case *parse.RangeNode:
		inner := s.child(s.dot)
		el := element(a.pipe(n.Pipe, inner))
		if n.Pipe != nil && len(n.Pipe.Decl) > 0 {
			if len(n.Pipe.Decl) == 2 {
				inner.vars[n.Pipe.Decl[0].Ident[0]] = kOther // the index or key
			}
			inner.vars[n.Pipe.Decl[len(n.Pipe.Decl)-1].Ident[0]] = el
		}
		inner.dot = el
		// Again while it widens variables: one assigned late in the body is
		// read early in the next iteration. Kinds only widen, twice at most.
		if a.ranges++; a.ranges > maxRanges {
			a.found = true
			return
		}
		for {
			before := a.changes
			a.list(n.List, inner)
			if a.changes == before || a.found {
				break
			}
		}
		a.ranges--
		a.list(n.ElseList, s.child(s.dot))
	case *parse.TemplateNode:
		k := kOther // {{template "x"}} runs x with nil data
		if n.Pipe != nil {
			k = a.pipe(n.Pipe, s)
		}
		a.template(n.Name, k)
	case *parse.ListNode:
		a.list(n, s)
	}
}

// pipe evaluates a pipeline for the kind of its result, noting any body
// read on the way; declared variables are set in s.
func (a *tmplAnalysis) pipe(p *parse.PipeNode, s *scope) valueKind {
	if p == nil {
		return kOther
	}
	k := kOther
	for i, c := range p.Cmds {
		k = a.command(c, s, i > 0, k)
	}
	for _, v := range p.Decl {
		if p.IsAssign {
			if s.assign(v.Ident[0], k) {
				a.changes++
			}
		} else {
			s.vars[v.Ident[0]] = k
		}
	}
	return k
}

// command evaluates one command; piped tells whether the previous command's
// result, prev, is passed in as the last argument.
func (a *tmplAnalysis) command(c *parse.CommandNode, s *scope, piped bool, prev valueKind) valueKind {
	args := make([]valueKind, len(c.Args))
	for i, arg := range c.Args {
		args[i] = a.arg(arg, s)
	}
	if len(c.Args) == 0 {
		return kUnknown
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	if !ok {
		if piped || len(c.Args) > 1 {
			// A method called with arguments (SiteData.TagURL, time.Time's
			// Format and After): it may read a page it is given, and
			// returns none, as no method of the template data does.
			for _, k := range append(args[1:], prev) {
				if mayHoldOtherPage(k) {
					a.found = true
				}
			}
			return kOther
		}
		return args[0]
	}
	in := args[1:]
	if piped {
		in = append(in, prev)
	}
	if id.Ident == "partialCached" {
		// {{partialCached "name" data variants...}} runs the partial as
		// {{template "name" data}} does; the variants are only its key.
		name, ok := c.Args[min(1, len(c.Args)-1)].(*parse.StringNode)
		if len(in) < 2 || !ok {
			a.found = true
			return kOther
		}
		a.template(name.Text, in[1])
		return kOther
	}
	if !pageSafeFuncs[id.Ident] {
		// A function given a page may print it, body and all.
		for _, k := range in {
			if mayHoldOtherPage(k) {
				a.found = true
			}
		}
	}
	switch id.Ident {
	case "index", "first":
		if len(in) == 0 {
			return kOther
		}
		return element(in[0])
	case "slice":
		if len(in) == 0 {
			return kOther
		}
		return in[0]
	case "and", "or":
		k := kOther
		for _, x := range in {
			k = join(k, x)
		}
		return k
	case "call":
		return kUnknown
	}
	// Every other function of a theme returns a string, number or bool.
	return kOther
}

// arg evaluates one argument of a command.
func (a *tmplAnalysis) arg(n parse.Node, s *scope) valueKind {
	switch n := n.(type) {
	case *parse.DotNode:
		return s.dot
	case *parse.FieldNode:
		return a.fields(s.dot, n.Ident)
	case *parse.VariableNode:
		return a.fields(s.lookup(n.Ident[0]), n.Ident[1:])
	case *parse.ChainNode:
		var k valueKind
		if p, ok := n.Node.(*parse.PipeNode); ok {
			k = a.pipe(p, s.child(s.dot))
		} else {
			k = a.arg(n.Node, s)
		}
		return a.fields(k, n.Field)
	case *parse.PipeNode:
		return a.pipe(n, s.child(s.dot))
	}
	return kOther
}

// fields follows .A.B.C from a value of kind k.
func (a *tmplAnalysis) fields(k valueKind, names []string) valueKind {
	for _, f := range names {
		if a.looked[f] && (k == kOtherPage || k == kUnknown) {
			a.found = true
		}
		k = field(k, f)
	}
	return k
}

// field is the kind of field f of a value of kind k.
func field(k valueKind, f string) valueKind {
	switch k {
	case kRoot:
		if k, ok := rootFields[f]; ok {
			return k
		}
		return kOther
	case kCur, kOtherPage, kOther:
		return kOther // a page's fields hold no pages
	}
	if pageFields[f] {
		return kUnknown
	}
	return kOther
}

// pageSafeFuncs are the functions that, given pages, read no field of
// them: they compare, count, pick or test them.
var pageSafeFuncs = map[string]bool{
	"index": true, "slice": true, "len": true, "and": true, "or": true, "not": true,
	"eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
}

func mayHoldOtherPage(k valueKind) bool {
	return k == kOtherPage || k == kOtherPages || k == kUnknown
}

// element is the kind of an element of a list of kind k.
func element(k valueKind) valueKind {
	switch k {
	case kOtherPages:
		return kOtherPage
	case kOther:
		return kOther
	}
	return kUnknown
}

func join(a, b valueKind) valueKind {
	switch {
	case a == b:
		return a
	case a == kOther:
		return b
	case b == kOther:
		return a
	}
	return kUnknown
}
