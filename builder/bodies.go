package builder

import (
	"context"
	"path"
)

// lastBuild is what the last successful build was made from and made,
// which a body-only rebuild starts from.
type lastBuild struct {
	clean bool               // false after a failed or cancelled build, which the next build redoes in full
	pages []*Page            // every parsed page, in file order
	pos   map[string]int     // file -> position in pages
	files map[string]*Output // the outputs, by path
}

// made records the pages of a successful build.
func (l *lastBuild) made(pages []*Page) {
	l.pages = pages
	l.pos = make(map[string]int, len(pages))
	for i, p := range pages {
		l.pos[p.File] = i
	}
}

// buildBodies is the build after edits of post or page bodies that leave
// the site's structure as it was (front matter, title, URL and language
// stay): only the outputs showing those bodies are rendered again, and,
// when an edit changed a summary or a reading time, the lists, feeds and
// pages that show those. It reports false when the edit is of another
// kind, or anything goes wrong; Build then does the whole build, which
// also reports the errors.
func (b *Builder) buildBodies(ctx context.Context, changed []string, pv *Preview) (*Site, bool) {
	if !b.last.clean || changed == nil {
		return nil, false
	}
	type edit struct {
		pos      int
		old, cur *Page
		entry    *parseEntry
	}
	var edits []edit
	var listed []string // files whose edit changed what lists show
	for _, p := range changed {
		p = cleanChanged(p)
		if !watchedRoot(p) {
			continue
		}
		if b.isCommentsFile(p) || (path.Base(p) == CommentsFile && b.src.files[p] == nil) {
			// Comments show on the post page only: an edit of the post's body.
			if i, ok := b.indexOf(path.Dir(p)); ok {
				p = i
			}
		}
		pos, ok := b.last.pos[p]
		f := b.src.files[p]
		if !ok || f == nil {
			return nil, false
		}
		old := b.last.pages[pos]
		if old.hash == b.fileHash(p, f)^b.config.key^b.depKey(old.dep) {
			continue // saved again unchanged
		}
		page, err := b.parseOne(p, f)
		if err != nil || page.structHash != old.structHash {
			return nil, false
		}
		if page.metaHash != old.metaHash {
			listed = append(listed, p)
		}
		edits = append(edits, edit{pos: pos, old: old, cur: page, entry: b.entry(b.fileHash(p, f), page, nil)})
	}
	// Time moves on between builds: a post that came due changes the
	// structure even though no file says so. (The edited pages select and
	// key as the pages they replace: their front matter is the same.)
	_, _, next, key := b.published(b.last.pages)
	if key != b.idx.key {
		return nil, false
	}
	swap := make(map[*Page]*Page, len(edits))
	files := make([]string, len(edits))
	for i, e := range edits {
		b.last.pages[e.pos] = e.cur
		b.parsed[e.cur.File] = e.entry
		swap[e.old] = e.cur
		files[i] = e.cur.File
	}
	b.idx.swap(swap)
	site := &Site{Config: b.config.Config, NextScheduled: next}
	b.finishSite(b.idx, site)
	out, outChanged, err := b.renderBodies(ctx, files, listed, b.hotJobs(pv, changed, site))
	if err != nil {
		return nil, false
	}
	site.Changed = outChanged
	b.bodyBuilds++
	return b.finish(site, out), true
}

// indexOf returns the index file of the bundle folder dir, when the last
// build parsed one.
func (b *Builder) indexOf(dir string) (string, bool) {
	for _, name := range []string{"index.md", "index.markdown"} {
		if _, ok := b.last.pos[dir+"/"+name]; ok {
			return dir + "/" + name, true
		}
	}
	return "", false
}
