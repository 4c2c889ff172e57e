package builder

import (
	"maps"
	"path"
	"strings"
)

// hotJobs picks the jobs a Preview wants first and shows their results.
type hotJobs struct {
	paths  map[string]bool // output paths
	owners map[string]bool // edited content files and folders
	base   *Site           // this build's site so far: posts, pages, hints
	early  func(*Site)
}

func (b *Builder) hotJobs(pv *Preview, changed []string, site *Site) *hotJobs {
	if pv == nil || pv.Early == nil || b.last.files == nil {
		return nil
	}
	h := &hotJobs{paths: map[string]bool{}, owners: map[string]bool{}, base: site, early: pv.Early}
	for _, p := range pv.Hot {
		h.paths[p] = true
	}
	for _, p := range changed {
		h.owners[cleanChanged(p)] = true
	}
	return h
}

// wants reports whether a job is hot: its output is asked for, or it is
// the page of an edited file or of a file in an edited folder.
func (h *hotJobs) wants(j *job) bool {
	if h.paths[j.path] {
		return true
	}
	if !strings.HasPrefix(j.owner, contentDir+"/") || len(h.owners) == 0 {
		return false
	}
	for p := j.owner; p != "." && p != "/"; p = path.Dir(p) {
		if h.owners[p] {
			return true
		}
	}
	return false
}

// show hands the preview to Early: the previous build's files with the
// hot outputs, made, in place. A preview that would change nothing is not
// shown.
func (h *hotJobs) show(b *Builder, made map[string]*Output) {
	changed := changedOutputs(b.last.files, made)
	if len(changed) == 0 {
		return
	}
	files := maps.Clone(b.last.files)
	maps.Copy(files, made)
	site := *h.base
	site.Files, site.Changed = files, changed
	h.early(&site)
}
