package builder

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kopij/kopij/builder/hints"
)

// index is the site's structure: which posts are published, their order,
// taxonomies, neighbours and related posts. It depends only on each page's
// structHash, so an edit of a body or a summary reuses it.
type index struct {
	key        uint64
	posts      []*Page // newest first
	pages      []*Page // standalone pages by weight, title
	postPos    map[string]int
	tags       []*Term // by slug
	categories []*Term
	tagSlugs   map[string]string // lower-cased name -> slug
	catSlugs   map[string]string
	related    *relatedSet
	relatedKey uint64 // fingerprint of what related was made from
	termsHash  uint64 // fingerprint of the term slug maps
	next       time.Time
}

// index selects published pages and derives the site structure, reusing the
// previous index when no page's structure changed.
func (b *Builder) index(all []*Page, site *Site) *index {
	posts, pages, next, key := b.published(all)
	site.NextScheduled = next
	if b.idx != nil && b.idx.key == key {
		b.idx.refresh(all)
		b.finishSite(b.idx, site)
		return b.idx
	}
	sort.SliceStable(posts, func(i, j int) bool { return newerFirst(posts[i], posts[j]) })
	sort.SliceStable(pages, func(i, j int) bool {
		if pages[i].Weight != pages[j].Weight {
			return pages[i].Weight < pages[j].Weight
		}
		return pages[i].Title < pages[j].Title
	})
	idx := &index{key: key, posts: posts, pages: pages, next: next}
	idx.postPos = make(map[string]int, len(posts))
	for i, p := range posts {
		idx.postPos[p.File] = i
	}
	idx.tags, idx.tagSlugs = buildTerms(b.config.BaseURL, "tags", posts, func(p *Page) []string { return p.Tags })
	idx.categories, idx.catSlugs = buildTerms(b.config.BaseURL, "categories", posts, func(p *Page) []string { return p.Categories })
	var th strings.Builder
	for _, t := range idx.tags {
		fmt.Fprintf(&th, "t%s=%s;", strings.ToLower(t.Name), t.Slug)
	}
	for _, t := range idx.categories {
		fmt.Fprintf(&th, "c%s=%s;", strings.ToLower(t.Name), t.Slug)
	}
	idx.termsHash = b.hash([]byte(th.String()))
	// Related posts follow from the tags of the posts in order alone: an
	// edit of a title or a summary reuses them.
	var rk strings.Builder
	for _, p := range posts {
		for _, t := range p.Tags {
			rk.WriteString(strings.ToLower(t))
			rk.WriteByte(0)
		}
		rk.WriteByte(1)
	}
	idx.relatedKey = b.hash([]byte(rk.String()))
	if b.idx != nil && b.idx.relatedKey == idx.relatedKey {
		idx.related = b.idx.related
	} else {
		idx.related = newRelatedSet(posts, idx.tags)
	}
	b.idx = idx
	b.finishSite(idx, site)
	return idx
}

// published selects the posts and pages a build shows, in file order, and
// the date of the next future post left out. key identifies the selection
// and what its structure follows from.
func (b *Builder) published(all []*Page) (posts, pages []*Page, next time.Time, key uint64) {
	now := b.opts.Now()
	keyParts := make([]byte, 0, len(all)*8)
	b.changesAt = time.Time{}
	for _, p := range all {
		if p.skip || p.Draft && !b.opts.Drafts {
			continue
		}
		if !p.ExpiryDate.IsZero() && !p.ExpiryDate.After(now) {
			continue
		}
		if !p.ExpiryDate.IsZero() && (b.changesAt.IsZero() || p.ExpiryDate.Before(b.changesAt)) {
			b.changesAt = p.ExpiryDate
		}
		if p.Date.After(now) && !b.opts.Future {
			if !p.Draft && (next.IsZero() || p.Date.Before(next)) {
				next = p.Date
			}
			continue
		}
		if p.Kind == KindPost {
			posts = append(posts, p)
		} else {
			pages = append(pages, p)
		}
		keyParts = binary.LittleEndian.AppendUint64(keyParts, p.structHash)
	}
	if !next.IsZero() && (b.changesAt.IsZero() || next.Before(b.changesAt)) {
		b.changesAt = next
	}
	return posts, pages, next, b.hash(keyParts) ^ b.config.key
}

// finishSite gives site the posts and pages of idx, and starts making its
// hints. The lists are copies: a later body edit swaps pages in the
// index's lists, and the Site must not change. No output shows the hints,
// so they are made beside the render, and the build waits for them
// (waitHints) before it returns: the page a writer looks at in kopij serve
// does not wait for the links of 10,000 posts to be resolved again.
func (b *Builder) finishSite(idx *index, site *Site) {
	site.Posts = slices.Clone(idx.posts)
	site.Pages = slices.Clone(idx.pages)
	if b.hintsDone != nil {
		b.waitHints() // those of a body build given up for a whole one (which lets them start)
	}
	done := make(chan []hints.Post, 1)
	b.hintsFor, b.hintsDone = site, done
	gate := b.hintsGate
	go func(posts []*Page) {
		if gate != nil {
			<-gate
		}
		res := b.hints.update(&b.config.Config, b.config.key, posts, b.opts.HintCounts)
		if b.once {
			// The hints are made: what they were made from is only for
			// the next build to redo some of them. The pages keep their
			// own when the build cache stores them (small, with
			// Options.HintCounts).
			b.hints = hintSet{}
			for _, e := range b.parsed {
				if e.page != nil && b.opts.Cache == nil {
					e.page.hints = nil
				}
			}
		}
		done <- res
	}(site.Posts)
}

// waitHints waits for the hints finishSite started, and gives them to
// the site they were made for.
func (b *Builder) waitHints() {
	b.openHints()
	if b.hintsDone == nil {
		return
	}
	b.hintsFor.Hints = <-b.hintsDone
	b.hintsFor, b.hintsDone = nil, nil
}

// openHints lets the hints of the build start, when a preview held them
// back until its pages were shown: on a machine of two cores, linking
// 10,000 posts beside the page on screen slows that page.
func (b *Builder) openHints() {
	if b.hintsGate != nil {
		close(b.hintsGate)
		b.hintsGate = nil
	}
}

// post returns the post at position i with its neighbours and related
// posts, as its page shows them.
func (idx *index) post(i int) (p, prev, next *Page, related []*Page) {
	near := idx.related.of(i)
	related = make([]*Page, len(near))
	for k, j := range near {
		related[k] = idx.posts[j]
	}
	return idx.posts[i], idx.at(i + 1), idx.at(i - 1), related
}

// at is the post at position i, newest first, or nil past either end.
func (idx *index) at(i int) *Page {
	if i < 0 || i >= len(idx.posts) {
		return nil
	}
	return idx.posts[i]
}

// refresh swaps in the current Page values after a build whose structure
// did not change: bodies and summaries may have.
func (idx *index) refresh(all []*Page) {
	byFile := make(map[string]*Page, len(all))
	for _, p := range all {
		byFile[p.File] = p
	}
	idx.replace(func(p *Page) *Page { return byFile[p.File] })
}

// swap replaces edited pages, old by new, where the index holds them.
func (idx *index) swap(pages map[*Page]*Page) {
	idx.replace(func(p *Page) *Page {
		if n, ok := pages[p]; ok {
			return n
		}
		return p
	})
}

func (idx *index) replace(by func(*Page) *Page) {
	for _, list := range [][]*Page{idx.posts, idx.pages} {
		for i, p := range list {
			list[i] = by(p)
		}
	}
	for _, terms := range [][]*Term{idx.tags, idx.categories} {
		for _, t := range terms {
			for i, p := range t.Pages {
				t.Pages[i] = by(p)
			}
		}
	}
}

func newerFirst(a, b *Page) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.After(b.Date)
	}
	if a.Title != b.Title {
		return a.Title < b.Title
	}
	return a.File < b.File
}

// buildTerms groups posts by term. Terms that differ only in case are one
// term; terms whose slugs collide ("C++" and "C#" are not, "a b" and "a-b"
// are) get numbered slugs so that no term page overwrites another.
func buildTerms(baseURL, taxonomy string, posts []*Page, get func(*Page) []string) ([]*Term, map[string]string) {
	byKey := map[string]*Term{}
	var keys []string
	for _, p := range posts {
		for _, name := range get(p) {
			k := strings.ToLower(name)
			t := byKey[k]
			if t == nil {
				t = &Term{Taxonomy: taxonomy, Name: name}
				byKey[k] = t
				keys = append(keys, k)
			}
			t.Pages = append(t.Pages, p)
		}
	}
	sort.Strings(keys)
	used := map[string]bool{}
	slugs := make(map[string]string, len(keys))
	terms := make([]*Term, 0, len(keys))
	bp := basePathOf(baseURL)
	for _, k := range keys {
		t := byKey[k]
		base := cmp.Or(Slugify(k), "term")
		slug := base
		for n := 2; used[slug]; n++ {
			slug = fmt.Sprintf("%s-%d", base, n)
		}
		used[slug] = true
		t.Slug = slug
		t.URL = relURL(bp, "/"+taxonomy+"/"+slug+"/")
		slugs[k] = slug
		terms = append(terms, t)
	}
	sort.Slice(terms, func(i, j int) bool { return terms[i].Slug < terms[j].Slug })
	return terms, slugs
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
