package hugo

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template/parse"
)

// loadTemplates parses the site's shortcodes and partials into one set.
// Each is parsed on its own first, so one broken file spoils only itself.
func (e *Engine) loadTemplates() error {
	e.tmpl = template.New("").Funcs(e.funcs(nil))
	if e.opt.Layouts == nil {
		return nil
	}
	type file struct{ name, shortcode string }
	var files []file
	for _, dir := range []string{"shortcodes", "_shortcodes", "partials", "_partials"} {
		err := fs.WalkDir(e.opt.Layouts, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == dir {
					return fs.SkipDir
				}
				return err
			}
			if d.IsDir() || !strings.HasSuffix(p, ".html") {
				return nil
			}
			f := file{name: p}
			if strings.HasSuffix(dir, "shortcodes") {
				f.shortcode = strings.TrimSuffix(strings.TrimPrefix(p, dir+"/"), ".html")
			}
			files = append(files, f)
			return nil
		})
		if err != nil {
			return fmt.Errorf("read %s/%s: %w", e.opt.LayoutsDir, dir, err)
		}
	}
	for _, f := range files {
		src, err := fs.ReadFile(e.opt.Layouts, f.name)
		if err != nil {
			return fmt.Errorf("read %s: %w", path.Join(e.opt.LayoutsDir, f.name), err)
		}
		shown := path.Join(e.opt.LayoutsDir, f.name)
		name := templateName(f.name)
		e.shown[name] = shown
		if err := e.checkTemplate(shown, string(src)); err != nil {
			if f.shortcode != "" {
				e.tmplErr[f.shortcode] = err
				e.files[f.shortcode] = ""
			}
			continue
		}
		if _, err := e.tmpl.New(name).Parse(string(src)); err != nil {
			if f.shortcode != "" {
				e.tmplErr[f.shortcode] = fmt.Errorf("%s: %w", shown, err)
				e.files[f.shortcode] = ""
			}
			continue
		}
		if f.shortcode != "" {
			e.files[f.shortcode] = name
			e.usesInner[f.shortcode] = bytes.Contains(src, []byte(".Inner"))
		}
	}
	return nil
}

// templateName is the name a layouts file is known by in the set:
// "partials/x.html" (also for _partials/), as partial calls name it.
func templateName(p string) string { return strings.TrimPrefix(p, "_") }

var undefinedFunc = regexp.MustCompile(`^template: [^:]*:(\d+): function "([^"]+)" not defined`)

// checkTemplate parses src alone and checks every function and namespace
// method it calls, so a template that would fail on a missing function
// says which and where before it runs.
func (e *Engine) checkTemplate(file, src string) error {
	funcs := e.funcs(nil)
	t, err := template.New(file).Funcs(funcs).Parse(src)
	if err != nil {
		if m := undefinedFunc.FindStringSubmatch(err.Error()); m != nil {
			return fmt.Errorf("%s:%s: function %q is %w (see the package documentation for the functions kopij offers)", file, m[1], m[2], ErrUnsupported)
		}
		msg := strings.TrimPrefix(err.Error(), "template: ")
		return fmt.Errorf("%s", strings.Replace(msg, file+":", file+":", 1))
	}
	for _, tt := range t.Templates() {
		if tt.Tree == nil {
			continue
		}
		var bad error
		Walk(tt.Tree.Root, func(n parse.Node) {
			ch, ok := n.(*parse.ChainNode)
			if !ok || bad != nil {
				return
			}
			id, ok := ch.Node.(*parse.IdentifierNode)
			if !ok {
				return
			}
			f, ok := funcs[id.Ident]
			if !ok || len(ch.Field) == 0 {
				return
			}
			ns := reflect.ValueOf(f).Call(nil)[0]
			if !ns.MethodByName(ch.Field[0]).IsValid() {
				loc, _ := tt.Tree.ErrorContext(n)
				bad = fmt.Errorf("%s: function %s.%s is %w (see the package documentation for the functions kopij offers)", fixLoc(loc, file), id.Ident, ch.Field[0], ErrUnsupported)
			}
		})
		if bad != nil {
			return bad
		}
	}
	return nil
}

// fixLoc turns parse's "name:line:col" into "name:line".
func fixLoc(loc, file string) string {
	rest := strings.TrimPrefix(loc, file+":")
	ln, _, _ := strings.Cut(rest, ":")
	if _, err := strconv.Atoi(ln); err != nil {
		return file
	}
	return file + ":" + ln
}

// Walk calls fn on n and every node below it, in any text/template
// parse tree (kopij's own templates use it too).
func Walk(n parse.Node, fn func(parse.Node)) {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return
	}
	fn(n)
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			Walk(c, fn)
		}
	case *parse.ActionNode:
		Walk(n.Pipe, fn)
	case *parse.PipeNode:
		for _, c := range n.Cmds {
			Walk(c, fn)
		}
	case *parse.CommandNode:
		for _, c := range n.Args {
			Walk(c, fn)
		}
	case *parse.ChainNode:
		Walk(n.Node, fn)
	case *parse.IfNode:
		Walk(n.Pipe, fn)
		Walk(n.List, fn)
		Walk(n.ElseList, fn)
	case *parse.RangeNode:
		Walk(n.Pipe, fn)
		Walk(n.List, fn)
		Walk(n.ElseList, fn)
	case *parse.WithNode:
		Walk(n.Pipe, fn)
		Walk(n.List, fn)
		Walk(n.ElseList, fn)
	case *parse.TemplateNode:
		Walk(n.Pipe, fn)
	}
}

// execSite runs a site template for c. Templates run on a per-expansion
// clone, so functions that report (warnf) or call partials know the page.
func (r *expansion) execSite(name string, c *call) (string, error) {
	if name == "" {
		return "", r.e.tmplErr[c.sc.Name]
	}
	if r.tmpl == nil {
		t, err := r.e.tmpl.Clone()
		if err != nil {
			return "", fmt.Errorf("prepare templates: %w", err)
		}
		r.tmpl = t.Funcs(r.e.funcs(r))
	}
	var buf bytes.Buffer
	if err := r.tmpl.ExecuteTemplate(&buf, name, c); err != nil {
		return "", r.e.templateError(err)
	}
	return buf.String(), nil
}

var execLoc = regexp.MustCompile(`(?s)^template: ([^:]+):(\d+):(\d+): (?:executing "[^"]*" at <.*?>: )?(?:error calling \w+: )?(.*)$`)

// templateError names the layouts file and line of an execution error.
func (e *Engine) templateError(err error) error {
	if m := execLoc.FindStringSubmatch(err.Error()); m != nil {
		file := e.shown[m[1]]
		if file == "" {
			file = m[1]
		}
		return fmt.Errorf("%s:%s: %s", file, m[2], m[4])
	}
	return err
}

// SupportedFunctions lists the template functions shortcode templates may
// call, sorted; namespaces (strings, urls, ...) list their methods as
// "strings.ToLower".
func (e *Engine) SupportedFunctions() []string {
	var out []string
	for name, f := range e.funcs(nil) {
		v := reflect.ValueOf(f)
		if v.Type().NumIn() == 0 && v.Type().NumOut() == 1 && v.Type().Out(0).Kind() == reflect.Pointer {
			ns := v.Call(nil)[0]
			for i := 0; i < ns.NumMethod(); i++ {
				out = append(out, name+"."+ns.Type().Method(i).Name)
			}
			continue
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
