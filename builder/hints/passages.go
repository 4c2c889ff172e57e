package hints

import (
	"sort"
	"strings"
)

// A hint points at what it is about twice over: the file line for the
// writer, and the byte offsets in Input.Body for an editor that marks the
// passage. The walker keeps, per block, pieces that map the block's plain
// text back to both.

// piece says that text from offset at on comes from file line line and,
// when exact, byte for byte from source offset src on. Text the parser
// made up (typographic quotes) is not exact: all of it maps to src.
type piece struct {
	at, line, src int
	exact         bool
}

// lineAt returns the file line of text offset i.
func (b *block) lineAt(i int) int {
	k := sort.Search(len(b.pieces), func(j int) bool { return b.pieces[j].at > i })
	if k == 0 {
		return b.line
	}
	return b.pieces[k-1].line
}

// srcAt returns the source offset of text offset i: where a passage that
// starts at i starts in Input.Body.
func (b *block) srcAt(i int) int {
	k := sort.Search(len(b.pieces), func(j int) bool { return b.pieces[j].at > i })
	if k == 0 {
		if len(b.pieces) == 0 {
			return 0
		}
		return b.pieces[0].src
	}
	p := b.pieces[k-1]
	if p.exact {
		return p.src + i - p.at
	}
	return p.src
}

// srcEnd returns the source offset just past text offset i-1: where a
// passage that ends at i ends in Input.Body.
func (b *block) srcEnd(i int) int {
	if i <= 0 {
		return b.srcAt(0)
	}
	k := sort.Search(len(b.pieces), func(j int) bool { return b.pieces[j].at > i-1 })
	if k == 0 {
		return b.srcAt(0)
	}
	p := b.pieces[k-1]
	if p.exact {
		return p.src + i - p.at
	}
	return p.src
}

// sentences returns a passage for every sentence matching ok.
func (c *checker) sentences(ok func(sentence) bool) []Passage {
	n := 0
	for _, x := range c.st.sentences {
		if ok(x) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	ps := make([]Passage, 0, n)
	for _, x := range c.st.sentences {
		if ok(x) {
			ps = append(ps, c.sentencePassage(x))
		}
	}
	return ps
}

// sentencePassage returns where sentence x sits in the body.
func (c *checker) sentencePassage(x sentence) Passage {
	b := &c.doc.blocks[x.block]
	return Passage{Line: x.line, Start: b.srcAt(x.at), End: b.srcEnd(x.end), Text: b.text[x.at:x.end]}
}

// blocksPassage returns the passage from block first to block last, with
// the first sentence of first as its text (or the last sentence of last
// when lastSentence is set, as for an ending, which is one block).
func (c *checker) blocksPassage(first, last int, lastSentence bool) Passage {
	a, z := &c.doc.blocks[first], &c.doc.blocks[last]
	p := Passage{Line: a.line, Start: a.srcAt(0), End: z.srcEnd(len(z.text)), Text: strings.TrimSpace(a.text), Blocks: last - first + 1}
	for _, x := range c.st.sentences {
		if lastSentence && x.block == last {
			p.Text = z.text[x.at:x.end]
		}
		if !lastSentence && x.block == first {
			p.Text = a.text[x.at:x.end]
			break
		}
	}
	return p
}
