package builder

import (
	"math"
	"slices"
	"strings"
	"sync"
)

// relatedCount is the number of related posts shown under a post.
const relatedCount = 4

// relatedWindow bounds how many posts of one big tag are compared with a
// post: the nearest in time, which the recency tie-break prefers anyway.
const relatedWindow = 400

// relatedSet gives each post its related posts: the others scored by
// shared tags, each tag weighted by its rarity, then by closeness in time.
// A post's list is worked out when it is first asked for, so that a
// preview's page waits for its own list only, not for every post's.
type relatedSet struct {
	tags  [][]*relatedTag // per post position: its tags
	once  []sync.Once
	lists [][]int // per post: positions in posts, best first
	pool  sync.Pool
}

type relatedTag struct {
	members []int // positions, newest first: ascending
	weight  float64
}

// relatedScratch is one worker's scores, zero between posts.
type relatedScratch struct {
	score   []float64
	touched []int
}

// newRelatedSet prepares the related posts of posts (newest first), whose
// terms are tags. It holds positions and tags only, not the pages: a set
// is reused by later builds with the same tags in the same order.
func newRelatedSet(posts []*Page, tags []*Term) *relatedSet {
	pos := make(map[*Page]int, len(posts))
	for i, p := range posts {
		pos[p] = i
	}
	byName := make(map[string]*relatedTag, len(tags))
	for _, t := range tags {
		rt := &relatedTag{weight: 1 / math.Log2(2+float64(len(t.Pages))), members: make([]int, len(t.Pages))}
		for i, p := range t.Pages {
			rt.members[i] = pos[p]
		}
		byName[strings.ToLower(t.Name)] = rt
	}
	r := &relatedSet{tags: make([][]*relatedTag, len(posts)), once: make([]sync.Once, len(posts)), lists: make([][]int, len(posts))}
	for i, p := range posts {
		for _, name := range p.Tags {
			if rt := byName[strings.ToLower(name)]; rt != nil {
				r.tags[i] = append(r.tags[i], rt)
			}
		}
	}
	n := len(posts) // not posts itself: the set keeps no pages
	r.pool.New = func() any { return &relatedScratch{score: make([]float64, n)} }
	return r
}

// of returns the positions of the posts related to the post at i, best
// first. It is safe to call from many goroutines.
func (r *relatedSet) of(i int) []int {
	r.once[i].Do(func() {
		s := r.pool.Get().(*relatedScratch)
		r.lists[i] = r.score(i, s)
		r.pool.Put(s)
	})
	return r.lists[i]
}

// score works out the list of the post at i with the scratch s.
func (r *relatedSet) score(i int, s *relatedScratch) []int {
	for _, rt := range r.tags[i] {
		lo, hi := 0, len(rt.members)
		if len(rt.members) > relatedWindow {
			c, _ := slices.BinarySearch(rt.members, i)
			lo, hi = max(0, c-relatedWindow/2), min(len(rt.members), c+relatedWindow/2)
		}
		for _, j := range rt.members[lo:hi] {
			if j == i {
				continue
			}
			if s.score[j] == 0 {
				s.touched = append(s.touched, j)
			}
			s.score[j] += rt.weight
		}
	}
	// The best relatedCount candidates, best first: by score, then
	// closeness in time, then position.
	better := func(ja, jb int) bool {
		if s.score[ja] != s.score[jb] {
			return s.score[ja] > s.score[jb]
		}
		da, db := abs(ja-i), abs(jb-i)
		if da != db {
			return da < db
		}
		return ja < jb
	}
	best := make([]int, 0, relatedCount)
	for _, j := range s.touched {
		// A full list takes only a candidate better than its last; most
		// are not, and a lower score tells so at once.
		if len(best) == relatedCount && (s.score[j] < s.score[best[relatedCount-1]] || !better(j, best[relatedCount-1])) {
			continue
		}
		if len(best) < relatedCount {
			best = append(best, j)
		} else {
			best[relatedCount-1] = j
		}
		for k := len(best) - 1; k > 0 && better(best[k], best[k-1]); k-- {
			best[k], best[k-1] = best[k-1], best[k]
		}
	}
	for _, j := range s.touched {
		s.score[j] = 0
	}
	s.touched = s.touched[:0]
	return best
}
