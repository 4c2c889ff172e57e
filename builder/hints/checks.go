package hints

import (
	"strings"
	"unicode/utf8"
)

// checker turns measurements into hints.
type checker struct {
	th   Thresholds
	lang *language
	r    *Report
	in   *Input
	doc  *doc
	st   *stats
}

// add appends hint id with its message and fix in the post's language.
func (c *checker) add(id string, sev Severity, line int, a ...any) {
	c.addAt(id, sev, line, nil, a...)
}

// addAt is add for a hint about passages of the body: its line and text
// are those of the first passage.
func (c *checker) addAt(id string, sev Severity, line int, ps []Passage, a ...any) {
	if c.th.disabled(id) {
		return
	}
	t, ok := textsOf(id)
	if !ok {
		return
	}
	say := t.en
	if c.lang.code == "nl" {
		say = t.nl
	}
	msg := say(args(a))
	h := Hint{ID: id, Severity: sev, Line: line, Message: msg.msg, Fix: msg.fix, Passages: ps}
	if len(ps) > 0 {
		h.Line, h.Text = ps[0].Line, ps[0].Text
	}
	c.r.Hints = append(c.r.Hints, h)
}

// grade returns the severity for a value where higher is worse, and false
// when the value is fine or the check is off (good == 0).
func grade(v, good, poor float64) (Severity, bool) {
	switch {
	case good <= 0 || v <= good:
		return Info, false
	case poor > 0 && v > poor:
		return Warn, true
	}
	return Info, true
}

func (c *checker) run() {
	c.front()
	m := c.r.Metrics
	th := c.th
	if m.Words == 0 {
		return
	}
	if th.MinWords > 0 && m.Words < th.MinWords {
		c.add("short-post", Warn, c.r.BodyLine, m.Words, th.MinWords)
	}
	if m.Words >= max(th.ReadabilityMinWords, 1) {
		c.readability()
	}
	c.structure()
	c.retention()
}

// front checks title and description, which sit in the front matter (line 1).
func (c *checker) front() {
	th := c.th
	title := strings.TrimSpace(c.in.Title)
	switch n := utf8.RuneCountInString(title); {
	case n == 0:
		c.add("title-missing", Error, 1, "")
	case c.in.TitleEmpty && !c.doc.titleHeading:
		c.add("title-missing", Error, 1, title)
	case th.TitleMaxChars > 0 && n > th.TitleMaxChars:
		c.add("title-length", Warn, 1, n, th.TitleMaxChars)
	}
	desc := strings.TrimSpace(c.in.Description)
	switch n := utf8.RuneCountInString(desc); {
	case n == 0 && th.DescriptionMax > 0:
		c.add("description-missing", Warn, 1, th.DescriptionMin, th.DescriptionMax)
	case th.DescriptionMax > 0 && (n < th.DescriptionMin || n > th.DescriptionMax):
		c.add("description-length", Info, 1, n, th.DescriptionMin, th.DescriptionMax)
	}
}

func (c *checker) readability() {
	m, th, s := c.r.Metrics, c.th, c.st
	if th.FleschGood > 0 && s.fleschOK && m.Flesch < th.FleschGood {
		sev := Info
		if m.Flesch < th.FleschPoor {
			sev = Warn
		}
		c.add("flesch", sev, c.r.BodyLine, m.Flesch, th.FleschGood)
	}
	if th.LongSentenceWords > 0 {
		if sev, ok := grade(m.LongSentencesPct, th.LongSentencesGoodPct, th.LongSentencesPoorPct); ok {
			c.addAt("long-sentences", sev, c.r.BodyLine, c.sentences(func(x sentence) bool { return x.words > th.LongSentenceWords }),
				m.LongSentencesPct, th.LongSentenceWords, th.LongSentencesGoodPct)
		}
	}
	if sev, ok := grade(m.PassivePct, th.PassiveGoodPct, th.PassivePoorPct); ok {
		c.addAt("passive-voice", sev, c.r.BodyLine, c.sentences(func(x sentence) bool { return x.passive }), m.PassivePct, th.PassiveGoodPct)
	}
	if th.TransitionGoodPct > 0 && m.TransitionPct < th.TransitionGoodPct {
		sev := Info
		if m.TransitionPct < th.TransitionPoorPct {
			sev = Warn
		}
		c.add("transition-words", sev, c.r.BodyLine, m.TransitionPct, th.TransitionGoodPct)
	}
	if th.SameStartRun > 1 {
		c.sameStart()
	}
}

// sameStart finds runs of sentences that open alike. Headings and list
// items are left out, as Yoast does: a list of names or steps starts
// alike on purpose, and a list or heading between two sentences ends a run.
func (c *checker) sameStart() {
	s := c.st
	prose := func(i int) bool { return c.doc.blocks[s.sentences[i].block].kind == paragraph }
	run := 0
	for i := 0; i <= len(s.sentences); i++ {
		if i < len(s.sentences) && prose(i) && run > 0 && s.sentences[i].start == s.sentences[i-1].start {
			run++
			continue
		}
		if run >= c.th.SameStartRun {
			ps := make([]Passage, 0, run)
			for _, x := range s.sentences[i-run : i] {
				ps = append(ps, c.sentencePassage(x))
			}
			c.addAt("same-start", Warn, ps[0].Line, ps, run, s.sentences[i-run].opening)
		}
		run = 0
		if i < len(s.sentences) && prose(i) {
			run = 1
		}
	}
}

// pause reports a paragraph that a phone shows as a pause rather than as
// part of a wall of text: a paragraph typed as a list, one item a line,
// or a paragraph of one short sentence such as a one-line question.
func (c *checker) pause(bi int) bool {
	b := &c.doc.blocks[bi]
	if b.listLike() {
		return true
	}
	return c.st.blockSentences[bi] == 1 && c.st.blockWords[bi] <= pauseWords
}

// pauseWords is the most words a one-sentence paragraph may have and
// still count as a pause between walls of text.
const pauseWords = 25

// stretch is a run of blocks and the words in it.
type stretch struct {
	first, last, words int
}

func (c *checker) structure() {
	th, d, s := c.th, c.doc, c.st
	// Sections run from heading to heading. A long section gets
	// long-section; a wall of text inside it would repeat that advice, so
	// wall-of-text is given only for the longest wall in a section that is
	// not long itself: one hint per stretch.
	sections := make([]stretch, 0, 16)
	cur := stretch{first: -1}
	walls, wall := make([]stretch, 0, 16), stretch{first: -1}
	endWall := func() {
		if wall.first >= 0 {
			walls = append(walls, wall)
		}
		wall = stretch{first: -1}
	}
	hook := true
	for bi, b := range d.blocks {
		n := s.blockWords[bi]
		if b.kind == heading {
			if cur.first >= 0 {
				sections = append(sections, cur)
			}
			cur = stretch{first: bi, last: bi}
			endWall()
			continue
		}
		if cur.first < 0 {
			cur.first = bi
		}
		cur.last, cur.words = bi, cur.words+n
		if d.breaks[bi] || b.kind != paragraph || c.pause(bi) {
			endWall()
		}
		if b.kind == paragraph && !c.pause(bi) && n > 0 {
			if wall.first < 0 {
				wall.first = bi
			}
			wall.last, wall.words = bi, wall.words+n
		}
		if b.kind == paragraph && n > 0 && !b.listLike() {
			if th.ParagraphWarnWords > 0 && n > th.ParagraphWarnWords {
				sev := Info
				if th.ParagraphPoorWords > 0 && n > th.ParagraphPoorWords {
					sev = Warn
				}
				c.addAt("long-paragraph", sev, b.line, []Passage{c.blocksPassage(bi, bi, false)}, n, th.ParagraphWarnWords)
			}
		}
		if b.kind == paragraph && hook && n > 0 {
			hook = false
			if th.HookMaxWords > 0 && n > th.HookMaxWords {
				c.addAt("long-hook", Warn, b.line, []Passage{c.blocksPassage(bi, bi, false)}, n, th.HookMaxWords)
			}
		}
	}
	if cur.first >= 0 {
		sections = append(sections, cur)
	}
	endWall()
	longSection := func(bi int) bool {
		for _, sec := range sections {
			if bi >= sec.first && bi <= sec.last {
				return th.SectionWarnWords > 0 && sec.words > th.SectionWarnWords
			}
		}
		return false
	}
	for _, sec := range sections {
		if th.SectionWarnWords > 0 && sec.words > th.SectionWarnWords {
			sev := Info
			if th.SectionPoorWords > 0 && sec.words > th.SectionPoorWords {
				sev = Warn
			}
			c.addAt("long-section", sev, d.blocks[sec.first].line, []Passage{c.blocksPassage(sec.first, sec.last, false)}, sec.words, th.SectionWarnWords)
		}
	}
	best := stretch{first: -1}
	for _, w := range walls {
		if !longSection(w.first) && w.words > best.words {
			best = w
		}
	}
	if th.WallOfTextWords > 0 && best.first >= 0 && best.words > th.WallOfTextWords {
		c.addAt("wall-of-text", Info, d.blocks[best.first].line, []Passage{c.blocksPassage(best.first, best.last, false)}, best.words, th.WallOfTextWords)
	}
	for _, img := range d.images {
		c.add("image-alt", Error, img.Line, img.URL)
	}
}

func (c *checker) retention() {
	th, m, s := c.th, c.r.Metrics, c.st
	if th.ReaderFocusMin > 0 && s.you+s.we >= max(th.ReaderFocusMinCount, 1) && m.ReaderFocus < th.ReaderFocusMin {
		c.add("reader-focus", Warn, c.r.BodyLine, s.we, s.you)
	}
	if th.QuestionMinWords > 0 && m.Words >= th.QuestionMinWords && m.Questions == 0 {
		c.add("no-question", Info, c.r.BodyLine, m.Words)
	}
	c.callToAction()
}
