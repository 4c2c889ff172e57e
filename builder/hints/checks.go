package hints

import (
	"fmt"
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
func (c *checker) add(id string, sev Severity, line int, args ...any) {
	if c.th.disabled(id) {
		return
	}
	t, ok := messages[id]
	if !ok {
		return
	}
	mf := t.en
	if c.lang.code == "nl" {
		mf = t.nl
	}
	c.r.Hints = append(c.r.Hints, Hint{
		ID: id, Severity: sev, Line: line,
		Message: format(mf.msg, args),
		Fix:     format(mf.fix, args),
	})
}

// format fills in a message; a text without verbs ignores the arguments,
// which fmt would otherwise list as extra.
func format(s string, args []any) string {
	if !strings.Contains(s, "%") {
		return s
	}
	return fmt.Sprintf(s, args...)
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
		c.add("short-post", Warn, c.r.line, m.Words, th.MinWords)
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
		c.add("title-missing", Error, 1)
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
		c.add("flesch", sev, c.r.line, m.Flesch, th.FleschGood)
	}
	if th.LongSentenceWords > 0 {
		if sev, ok := grade(m.LongSentencesPct, th.LongSentencesGoodPct, th.LongSentencesPoorPct); ok {
			c.add("long-sentences", sev, c.firstSentence(func(x sentence) bool { return x.words > th.LongSentenceWords }),
				m.LongSentencesPct, th.LongSentenceWords, th.LongSentencesGoodPct)
		}
	}
	if sev, ok := grade(m.PassivePct, th.PassiveGoodPct, th.PassivePoorPct); ok {
		c.add("passive-voice", sev, c.firstSentence(func(x sentence) bool { return x.passive }), m.PassivePct, th.PassiveGoodPct)
	}
	if th.TransitionGoodPct > 0 && m.TransitionPct < th.TransitionGoodPct {
		sev := Info
		if m.TransitionPct < th.TransitionPoorPct {
			sev = Warn
		}
		c.add("transition-words", sev, c.r.line, m.TransitionPct, th.TransitionGoodPct)
	}
	if th.SameStartRun > 1 {
		run := 1
		for i := 1; i <= len(s.sentences); i++ {
			if i < len(s.sentences) && c.doc.blocks[s.sentences[i].block].kind != heading &&
				c.doc.blocks[s.sentences[i-1].block].kind != heading && s.sentences[i].start == s.sentences[i-1].start {
				run++
				continue
			}
			if run >= th.SameStartRun {
				first := s.sentences[i-run]
				c.add("same-start", Warn, first.line, run, first.start)
			}
			run = 1
		}
	}
}

// firstSentence returns the line of the first sentence matching ok.
func (c *checker) firstSentence(ok func(sentence) bool) int {
	for _, x := range c.st.sentences {
		if ok(x) {
			return x.line
		}
	}
	return c.r.line
}

func (c *checker) structure() {
	th, d, s := c.th, c.doc, c.st
	sectionStart, section, wallStart, wall, bestWall, bestWallLine := c.r.line, 0, -1, 0, 0, 0
	flush := func() {
		if th.SectionWarnWords > 0 && section > th.SectionWarnWords {
			sev := Info
			if th.SectionPoorWords > 0 && section > th.SectionPoorWords {
				sev = Warn
			}
			c.add("long-section", sev, sectionStart, section, th.SectionWarnWords)
		}
	}
	hook := true
	for bi, b := range d.blocks {
		n := s.blockWords[bi]
		if b.kind == heading {
			flush()
			sectionStart, section = b.line, 0
		} else {
			section += n
		}
		if d.breaks[bi] || b.kind != paragraph {
			wall, wallStart = 0, -1
		}
		if b.kind == paragraph {
			if wallStart < 0 {
				wallStart = b.line
			}
			wall += n
			if wall > bestWall {
				bestWall, bestWallLine = wall, wallStart
			}
			if th.ParagraphWarnWords > 0 && n > th.ParagraphWarnWords {
				sev := Info
				if th.ParagraphPoorWords > 0 && n > th.ParagraphPoorWords {
					sev = Warn
				}
				c.add("long-paragraph", sev, b.line, n, th.ParagraphWarnWords)
			}
			if hook && n > 0 {
				hook = false
				if th.HookMaxWords > 0 && n > th.HookMaxWords {
					c.add("long-hook", Warn, b.line, n, th.HookMaxWords)
				}
			}
		}
	}
	flush()
	if th.WallOfTextWords > 0 && bestWall > th.WallOfTextWords {
		c.add("wall-of-text", Info, bestWallLine, bestWall, th.WallOfTextWords)
	}
	for _, img := range d.images {
		c.add("image-alt", Error, img.Line, img.URL)
	}
}

func (c *checker) retention() {
	th, m, s := c.th, c.r.Metrics, c.st
	if th.ReaderFocusMin > 0 && s.you+s.we >= max(th.ReaderFocusMinCount, 1) && m.ReaderFocus < th.ReaderFocusMin {
		c.add("reader-focus", Warn, c.r.line, s.we, s.you)
	}
	if th.QuestionMinWords > 0 && m.Words >= th.QuestionMinWords && m.Questions == 0 {
		c.add("no-question", Info, c.r.line, m.Words)
	}
	last := -1
	for bi := len(c.doc.blocks) - 1; bi >= 0; bi-- {
		if c.doc.blocks[bi].kind != heading && s.blockWords[bi] > 0 {
			last = bi
			break
		}
	}
	if last < 0 {
		return
	}
	b := c.doc.blocks[last]
	if b.links > 0 || s.invites[last] > 0 {
		return
	}
	for _, x := range s.sentences {
		if x.block == last && x.question {
			return
		}
	}
	c.add("no-cta", Warn, b.line)
}
