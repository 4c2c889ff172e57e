package builder

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
)

// outputCache is the render stage's memory: every output under the
// fingerprint of its inputs, and the jobs of the last render that show
// each content file's body or what lists show of it, so that an edit of a
// body or a summary re-runs only those.
type outputCache struct {
	byPath     map[string]*cachedOutput
	dependents map[string][]*job // content file -> jobs showing its body
	listers    map[string][]*job // content file -> jobs showing it as lists do
}

type cachedOutput struct {
	fp   uint64
	data []byte
	hash uint64 // b.hash(data), kept so that reusing an output costs no rehash
}

// get returns the output cached at p when it was made from inputs with
// fingerprint fp.
func (c *outputCache) get(p string, fp uint64) (*Output, bool) {
	if o := c.byPath[p]; o != nil && o.fp == fp {
		return &Output{Data: o.data, hash: o.hash}, true
	}
	return nil, false
}

func (c *outputCache) put(p string, fp uint64, o *Output) {
	if c.byPath == nil {
		c.byPath = map[string]*cachedOutput{}
	}
	c.byPath[p] = &cachedOutput{fp: fp, data: o.Data, hash: o.hash}
}

// keep drops the outputs whose paths files no longer has.
func (c *outputCache) keep(files map[string]*Output) {
	for p := range c.byPath {
		if _, ok := files[p]; !ok {
			delete(c.byPath, p)
		}
	}
}

func (c *outputCache) reset() { *c = outputCache{} }

// render turns the index into output files, re-rendering only jobs whose
// fingerprint changed since a previous build. It keeps the jobs and, per
// source file, the jobs that show its body, for renderBodies.
func (b *Builder) render(ctx context.Context, idx *index, hot *hotJobs) (map[string]*Output, error) {
	b.resetMemos()
	sd := b.siteData(idx)
	var jobs []*job
	jobs = append(jobs, b.pageJobs(idx, sd)...)
	jobs = append(jobs, b.listJobs(idx, sd)...)
	jobs = append(jobs, b.feedJobs(idx)...)
	jobs = append(jobs, b.metaJobs(idx)...)
	jobs = append(jobs, b.redirectJobs(idx, jobs)...)

	files := make(map[string]*Output, len(jobs)+len(b.src.files))
	owners := make(map[string]string, len(jobs))
	var errs []error
	at := ownerLines(idx)
	claim := func(p, owner string) bool {
		if prev, ok := owners[p]; ok {
			msg := fmt.Sprintf("%s and %s both want to write %s (give one of them another slug or url)", prev, owner, "/"+p)
			// A problem of one content file names its line; two content
			// files are a problem of neither alone.
			le, mine := at(owner)
			lp, theirs := at(prev)
			switch {
			case mine && !theirs:
				le.Msg += msg
				errs = append(errs, le)
			case theirs && !mine:
				lp.Msg += msg
				errs = append(errs, lp)
			default:
				errs = append(errs, fmt.Errorf("%s", msg))
			}
			return false
		}
		owners[p] = owner
		return true
	}
	jobs = append(jobs, b.themeAssetJobs()...)
	early, err := b.runHot(ctx, jobs, hot)
	b.openHints()
	if err != nil {
		return nil, err
	}
	b.outputs.dependents, b.outputs.listers = nil, nil
	dependents := make(map[string][]*job, len(idx.posts)+len(idx.pages))
	var listers map[string][]*job
	if !b.once {
		listers = make(map[string][]*job, len(idx.posts)+len(idx.pages))
	}
	// Fingerprinting a job reads the pages it shows, and finding its
	// previous output looks at the output folder; both are done for all
	// jobs in parallel, before the jobs claim their paths in order.
	prints := make([]jobPrint, len(jobs))
	parallel(ctx, b.opts.Workers, len(jobs), func(i int) {
		var f fingerprint
		jobs[i].inputs(f.reset(b))
		jp := &prints[i]
		jp.fp, jp.deps, jp.shows = f.sum(), f.deps, f.shows
		if o, ok := b.outputs.get(jobs[i].path, jp.fp); ok {
			jp.prev = o
		} else {
			jp.prev = b.opts.Cache.reuse(jobs[i].path, jp.fp)
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var todo []*job
	var fps []uint64
	for i, j := range jobs {
		if !claim(j.path, j.owner) {
			continue
		}
		fp := prints[i].fp
		for _, d := range prints[i].deps {
			dependents[d] = append(dependents[d], j)
		}
		for _, d := range prints[i].shows {
			listers[d] = append(listers[d], j)
		}
		if fps := b.opts.Cache.fpsOf(); fps != nil {
			fps[j.path] = fp
		}
		if o := prints[i].prev; o != nil {
			files[j.path] = o
			continue
		}
		if h, ok := early[j]; ok && h.fp == fp {
			files[j.path] = h.out
			continue
		}
		todo = append(todo, j)
		fps = append(fps, fp)
	}
	b.copyJobs(idx, files, claim)
	errs = append(errs, pathConflicts(owners, at)...)
	if len(errs) > 0 {
		return nil, joinSorted(errs)
	}
	if err := b.run(ctx, todo, fps, files); err != nil {
		return nil, err
	}
	b.outputs.keep(files)
	b.outputs.dependents, b.outputs.listers = dependents, listers
	return files, nil
}

// resetMemos forgets what the last render made for the jobs to share:
// partialCached outputs and the feeds' item HTML.
func (b *Builder) resetMemos() {
	b.theme.partials.reset()
	b.feedHTMLs.Clear()
}

// jobPrint is what render learns of a job before running it: the
// fingerprint of its inputs, the files whose whole page it shows, and the
// output it made before from these inputs, nil when there is none.
type jobPrint struct {
	fp          uint64
	deps, shows []string
	prev        *Output
}

// hotResult is a hot job's output and the fingerprint it was made for.
type hotResult struct {
	fp  uint64
	out *Output
}

// runHot renders the hot jobs before the others are even fingerprinted,
// and shows them: a page on screen waits for its own inputs only, such as
// its own related posts, not for the whole site's. It returns what it
// rendered, for the build to keep where the inputs are still the same.
// A failed hot job shows nothing; the build renders it again and reports.
func (b *Builder) runHot(ctx context.Context, jobs []*job, hot *hotJobs) (map[*job]hotResult, error) {
	if hot == nil {
		return nil, nil
	}
	var todo []*job
	for _, j := range jobs {
		if hot.wants(j) {
			todo = append(todo, j)
		}
	}
	if len(todo) == 0 {
		return nil, nil
	}
	results := make([]*Output, len(todo))
	fps := make([]uint64, len(todo))
	rendered := make([]bool, len(todo))
	parallel(ctx, b.opts.Workers, len(todo), func(i int) {
		var f fingerprint
		todo[i].inputs(f.reset(b))
		fps[i] = f.sum()
		if o, ok := b.outputs.get(todo[i].path, fps[i]); ok {
			results[i] = o
			return
		}
		rendered[i] = true
		results[i], _ = b.runOne(todo[i])
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make(map[*job]hotResult, len(todo))
	made := make(map[string]*Output, len(todo))
	for i, j := range todo {
		if results[i] == nil {
			continue
		}
		if rendered[i] {
			b.rendered++
			if results[i].Data != nil {
				b.outputs.put(j.path, fps[i], results[i])
			}
		}
		out[j] = hotResult{fp: fps[i], out: results[i]}
		made[j.path] = results[i]
	}
	if len(made) == len(todo) { // a failed hot job shows nothing; the build reports it
		hot.show(b, made)
	}
	return out, nil
}

// run renders and minifies jobs in parallel, caches the results under
// their fingerprints fps and puts them into files.
func (b *Builder) run(ctx context.Context, todo []*job, fps []uint64, files map[string]*Output) error {
	b.rendered += len(todo)
	results := make([]*Output, len(todo))
	rerrs := make([]error, len(todo))
	parallel(ctx, b.opts.Workers, len(todo), func(i int) {
		results[i], rerrs[i] = b.runOne(todo[i])
	})
	var owners []string
	var errs []error
	for i, j := range todo {
		if o := results[i]; o != nil {
			if o.Data != nil {
				b.outputs.put(j.path, fps[i], o)
			}
			files[j.path] = o
		} else if rerrs[i] != nil {
			owners, errs = append(owners, j.owner), append(errs, rerrs[i])
		}
	}
	if err := ctx.Err(); err != nil {
		// What was rendered stays cached: the build that follows reuses it.
		return err
	}
	if len(errs) > 0 {
		return joinSorted(b.theme.renderErrors(owners, errs))
	}
	return nil
}

// runOne renders and minifies one job, and writes it into the build's
// folder when there is one. It returns nil and the error when that fails.
func (b *Builder) runOne(j *job) (*Output, error) {
	buf := execBuffers.Get().(*bytes.Buffer)
	defer execBuffers.Put(buf)
	data, err := b.output(j, buf)
	if err != nil {
		return nil, err
	}
	o := &Output{hash: b.hash(data)}
	if b.opts.Out != "" {
		if o.carry, o.stat, err = b.staged(j.path, data); err != nil {
			return nil, err
		}
	} else if j.layout != nil {
		o.Data = bytes.Clone(data) // data may be buf's, which the next job reuses
	} else {
		o.Data = data
	}
	return o, nil
}

// renderBodies re-runs the jobs that show the body of one of the files
// changed, or, for the files of listed, what lists show of them, after an
// edit that left the site's structure as it was. It returns the site's
// files with those outputs replaced, and the paths whose bytes changed.
func (b *Builder) renderBodies(ctx context.Context, changed, listed []string, hot *hotJobs) (map[string]*Output, []string, error) {
	seen := map[*job]bool{}
	var jobs []*job
	add := func(js []*job) {
		for _, j := range js {
			if !seen[j] {
				seen[j] = true
				jobs = append(jobs, j)
			}
		}
	}
	for _, file := range changed {
		add(b.outputs.dependents[file])
	}
	for _, file := range listed {
		add(b.outputs.listers[file])
	}
	b.resetMemos()
	// The pages a preview wants go first, and are shown before the other
	// jobs are even fingerprinted: the page of an edited post is on screen
	// before the lists and feeds that show it are made, and before the
	// site's hints are (which the build waits for).
	var first []*job
	if hot != nil {
		first = slices.DeleteFunc(slices.Clone(jobs), func(j *job) bool { return !hot.wants(j) })
		jobs = slices.DeleteFunc(jobs, hot.wants)
	}
	made := map[string]*Output{}
	if err := b.runChanged(ctx, first, made); err != nil {
		return nil, nil, err
	}
	if len(made) > 0 {
		hot.show(b, made)
	}
	b.openHints()
	if err := b.runChanged(ctx, jobs, made); err != nil {
		return nil, nil, err
	}
	files := maps.Clone(b.last.files)
	maps.Copy(files, made)
	return files, changedOutputs(b.last.files, made), nil
}

// runChanged runs the jobs whose fingerprint differs from their cached
// output's, putting what they make into files.
func (b *Builder) runChanged(ctx context.Context, jobs []*job, files map[string]*Output) error {
	var todo []*job
	var fps []uint64
	var f fingerprint
	for _, j := range jobs {
		j.inputs(f.reset(b))
		fp := f.sum()
		if _, ok := b.outputs.get(j.path, fp); ok {
			continue
		}
		todo = append(todo, j)
		fps = append(fps, fp)
	}
	return b.run(ctx, todo, fps, files)
}

// execBuffers are the buffers layouts render into, one per worker in
// use: a page grows a new buffer through many sizes, each cleared and
// copied; a used one has room for the next page already.
var execBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// output makes a job's bytes, minified unless the options say not. A page
// job's bytes may be buf's.
func (b *Builder) output(j *job, buf *bytes.Buffer) ([]byte, error) {
	if j.layout != nil {
		name, data := j.layout()
		return b.exec(buf, name, data)
	}
	data, err := j.render()
	if err == nil && !b.opts.NoMinify && j.mime != "" && j.mime != "text/html" {
		data, err = minifyBytes(b.min, j.mime, data)
	}
	return data, err
}

// exec runs a layout with data into buf and returns the page's bytes,
// which are buf's when the layout was minified when the theme was loaded.
func (b *Builder) exec(buf *bytes.Buffer, name string, data any) ([]byte, error) {
	l := b.theme.layouts[name]
	if l == nil {
		return nil, fmt.Errorf("theme has no layouts/%s", name)
	}
	buf.Reset()
	if err := l.tmpl.Execute(buf, data); err != nil {
		return nil, err
	}
	if !l.minified && !b.opts.NoMinify {
		return minifyBytes(b.min, "text/html", buf.Bytes())
	}
	return buf.Bytes(), nil
}

// shows tells how much a layout shows of the pages it shows beside or
// instead of its own (neighbours, related and listed posts): their
// bodies, what lists show of them, or only their place in the site.
func (b *Builder) shows(layout string) shown {
	switch l := b.theme.layouts[layout]; {
	case l == nil || l.otherBodies:
		return showsAll
	case l.otherSummaries:
		return showsListing
	}
	return showsPlace
}

// pathConflicts finds outputs that cannot be written: one whose path needs
// a folder where another output is a file (a page at /sitemap.xml/ beside
// the sitemap), and paths with a name longer than file systems hold. A
// problem a content file causes names it and the line of its url, slug
// or aliases key.
func pathConflicts(owners map[string]string, at func(owner string) (*LineError, bool)) []error {
	var errs []error
	for _, p := range slices.Sorted(maps.Keys(owners)) {
		owner := owners[p]
		for _, seg := range strings.Split(p, "/") {
			if len(seg) > maxName {
				errs = append(errs, fmt.Errorf("%s writes /%.40s… with a name of %d bytes; file names hold at most %d (shorten it)", owner, p, len(seg), maxName))
				break
			}
		}
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			other, ok := owners[d]
			if !ok {
				continue
			}
			folder := "/" + strings.TrimSuffix(p, "index.html")
			le, mine := at(owner)
			lo, theirs := at(other)
			switch {
			case mine && !theirs:
				le.Msg += fmt.Sprintf("the page at %s needs a folder /%s where %s writes a file (choose another url or slug)", folder, d, other)
				errs = append(errs, le)
			case theirs && !mine:
				lo.Msg += fmt.Sprintf("the file /%s stands where %s needs a folder for /%s (choose another url or slug)", d, owner, p)
				errs = append(errs, lo)
			default:
				errs = append(errs, fmt.Errorf("%s needs a folder /%s where %s writes a file (give one of them another url or name)", owner, d, other))
			}
			break
		}
	}
	return errs
}

// ownerLines returns where in a content file the owner of an output (as
// claimed in render: a content file, or one with " (alias /x/)") sets its
// path: a LineError with File and Line, and for an alias the start of Msg.
func ownerLines(idx *index) func(owner string) (*LineError, bool) {
	pages := map[string]*Page{}
	for _, p := range append(append([]*Page(nil), idx.posts...), idx.pages...) {
		pages[p.File] = p
	}
	return func(owner string) (*LineError, bool) {
		if p := pages[owner]; p != nil {
			return &LineError{File: p.File, Line: p.urlLine}, true
		}
		if file, alias, ok := strings.Cut(owner, " (alias "); ok && pages[file] != nil {
			return &LineError{File: file, Line: pages[file].aliasLine, Msg: "alias " + strings.TrimSuffix(alias, ")") + ": "}, true
		}
		return nil, false
	}
}
