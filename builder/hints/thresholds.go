package hints

import (
	"fmt"
	"slices"
)

// Thresholds holds every limit the checks use. It is the [hints] table of
// kopij.toml; the site config decodes that table over DefaultThresholds, so a
// key left out keeps its default. A key set to 0 switches its check off (for a
// good/poor pair, setting the good value to 0 is enough). Disable lists hint
// ids that are never reported.
type Thresholds struct {
	ReadabilityMinWords  int      `toml:"readability_min_words"`   // words a post needs before Flesch, sentence, passive, transition and same-start hints are given
	FleschGood           float64  `toml:"flesch_good"`             // Flesch reading ease (0-100) at or above which text is easy enough
	FleschPoor           float64  `toml:"flesch_poor"`             // Flesch reading ease below which text is hard (warn)
	LongSentenceWords    int      `toml:"long_sentence_words"`     // words above which a sentence counts as long
	LongSentencesGoodPct float64  `toml:"long_sentences_good_pct"` // percent of long sentences that is still fine
	LongSentencesPoorPct float64  `toml:"long_sentences_poor_pct"` // percent of long sentences above which it is a warning
	ParagraphWarnWords   int      `toml:"paragraph_warn_words"`    // words above which a paragraph is long (info)
	ParagraphPoorWords   int      `toml:"paragraph_poor_words"`    // words above which a paragraph is too long (warn)
	SectionWarnWords     int      `toml:"section_warn_words"`      // words without a subheading above which a section is long (info)
	SectionPoorWords     int      `toml:"section_poor_words"`      // words without a subheading above which it is too long (warn)
	PassiveGoodPct       float64  `toml:"passive_good_pct"`        // percent of passive sentences that is still fine
	PassivePoorPct       float64  `toml:"passive_poor_pct"`        // percent of passive sentences above which it is a warning
	TransitionGoodPct    float64  `toml:"transition_good_pct"`     // percent of sentences with a transition word that is good
	TransitionPoorPct    float64  `toml:"transition_poor_pct"`     // percent below which it is a warning
	SameStartRun         int      `toml:"same_start_run"`          // consecutive sentences starting with the same word that give a hint
	MinWords             int      `toml:"min_words"`               // words below which a post is short
	QuestionMinWords     int      `toml:"question_min_words"`      // words from which a post should ask the reader a question
	ReaderFocusMin       float64  `toml:"reader_focus_min"`        // share (0-1) of you-words among you- and we/I-words below which the post talks about the writer
	ReaderFocusMinCount  int      `toml:"reader_focus_min_count"`  // you- plus we/I-words needed before reader focus is judged
	TitleMaxChars        int      `toml:"title_max_chars"`         // characters after which a title is cut off when shared
	DescriptionMin       int      `toml:"description_min"`         // characters a description should have at least
	DescriptionMax       int      `toml:"description_max"`         // characters after which a description is cut off in search results
	HookMaxWords         int      `toml:"hook_max_words"`          // words the first paragraph may have
	WallOfTextWords      int      `toml:"wall_of_text_words"`      // words without a heading, list or image above which a phone shows a wall of text
	WordsPerMinuteEN     int      `toml:"words_per_minute_en"`     // reading speed for English and other languages, words per minute
	WordsPerMinuteNL     int      `toml:"words_per_minute_nl"`     // reading speed for Dutch, words per minute
	CharsPerMinuteCJK    int      `toml:"chars_per_minute_cjk"`    // reading speed for Chinese, Japanese and Korean, characters per minute
	InternalLinksMin     int      `toml:"internal_links_min"`      // links to other posts of the site a post should have
	InboundLinksMin      int      `toml:"inbound_links_min"`       // links from other posts a post should have
	Disable              []string `toml:"disable"`                 // hint ids never reported, e.g. ["no-question"]
}

// DefaultThresholds returns the thresholds kopij uses when kopij.toml sets
// none. The readability values are Yoast's published ones.
func DefaultThresholds() Thresholds {
	return Thresholds{
		ReadabilityMinWords:  50,
		FleschGood:           60,
		FleschPoor:           50,
		LongSentenceWords:    20,
		LongSentencesGoodPct: 25,
		LongSentencesPoorPct: 30,
		ParagraphWarnWords:   150,
		ParagraphPoorWords:   200,
		SectionWarnWords:     300,
		SectionPoorWords:     350,
		PassiveGoodPct:       10,
		PassivePoorPct:       15,
		TransitionGoodPct:    30,
		TransitionPoorPct:    20,
		SameStartRun:         3,
		MinWords:             300,
		QuestionMinWords:     600,
		ReaderFocusMin:       0.5,
		ReaderFocusMinCount:  5,
		TitleMaxChars:        60,
		DescriptionMin:       120,
		DescriptionMax:       156,
		HookMaxWords:         60,
		WallOfTextWords:      250,
		WordsPerMinuteEN:     238,
		WordsPerMinuteNL:     228,
		CharsPerMinuteCJK:    300,
		InternalLinksMin:     1,
		InboundLinksMin:      1,
	}
}

// Validate reports thresholds that contradict each other or cannot be
// meant, naming the kopij.toml key so the user can fix it.
func (t Thresholds) Validate() error {
	neg := []struct {
		key string
		v   float64
	}{
		{"readability_min_words", float64(t.ReadabilityMinWords)}, {"flesch_poor", t.FleschPoor}, {"flesch_good", t.FleschGood},
		{"long_sentence_words", float64(t.LongSentenceWords)},
		{"long_sentences_good_pct", t.LongSentencesGoodPct}, {"long_sentences_poor_pct", t.LongSentencesPoorPct},
		{"paragraph_warn_words", float64(t.ParagraphWarnWords)}, {"paragraph_poor_words", float64(t.ParagraphPoorWords)},
		{"section_warn_words", float64(t.SectionWarnWords)}, {"section_poor_words", float64(t.SectionPoorWords)},
		{"passive_good_pct", t.PassiveGoodPct}, {"passive_poor_pct", t.PassivePoorPct},
		{"transition_good_pct", t.TransitionGoodPct}, {"transition_poor_pct", t.TransitionPoorPct},
		{"same_start_run", float64(t.SameStartRun)}, {"min_words", float64(t.MinWords)},
		{"question_min_words", float64(t.QuestionMinWords)}, {"reader_focus_min", t.ReaderFocusMin},
		{"reader_focus_min_count", float64(t.ReaderFocusMinCount)},
		{"title_max_chars", float64(t.TitleMaxChars)}, {"description_min", float64(t.DescriptionMin)},
		{"description_max", float64(t.DescriptionMax)}, {"hook_max_words", float64(t.HookMaxWords)},
		{"wall_of_text_words", float64(t.WallOfTextWords)}, {"words_per_minute_en", float64(t.WordsPerMinuteEN)},
		{"words_per_minute_nl", float64(t.WordsPerMinuteNL)}, {"chars_per_minute_cjk", float64(t.CharsPerMinuteCJK)},
		{"internal_links_min", float64(t.InternalLinksMin)}, {"inbound_links_min", float64(t.InboundLinksMin)},
	}
	for _, n := range neg {
		if n.v < 0 {
			return fmt.Errorf("hints.%s is %v: use 0 to switch the check off or a positive number", n.key, n.v)
		}
	}
	order := []struct {
		lo, hi   string
		vlo, vhi float64
		loOff    bool
	}{
		{"flesch_poor", "flesch_good", t.FleschPoor, t.FleschGood, t.FleschGood == 0},
		{"long_sentences_good_pct", "long_sentences_poor_pct", t.LongSentencesGoodPct, t.LongSentencesPoorPct, t.LongSentencesPoorPct == 0},
		{"paragraph_warn_words", "paragraph_poor_words", float64(t.ParagraphWarnWords), float64(t.ParagraphPoorWords), t.ParagraphPoorWords == 0},
		{"section_warn_words", "section_poor_words", float64(t.SectionWarnWords), float64(t.SectionPoorWords), t.SectionPoorWords == 0},
		{"passive_good_pct", "passive_poor_pct", t.PassiveGoodPct, t.PassivePoorPct, t.PassivePoorPct == 0},
		{"transition_poor_pct", "transition_good_pct", t.TransitionPoorPct, t.TransitionGoodPct, t.TransitionGoodPct == 0},
		{"description_min", "description_max", float64(t.DescriptionMin), float64(t.DescriptionMax), t.DescriptionMax == 0},
	}
	for _, o := range order {
		if !o.loOff && o.vlo > o.vhi {
			return fmt.Errorf("hints.%s (%v) is above hints.%s (%v): swap them or lower %s", o.lo, o.vlo, o.hi, o.vhi, o.lo)
		}
	}
	if t.ReaderFocusMin > 1 {
		return fmt.Errorf("hints.reader_focus_min is %v: it is a share between 0 and 1, e.g. 0.5", t.ReaderFocusMin)
	}
	for _, id := range t.Disable {
		if !slices.Contains(IDs(), id) {
			return fmt.Errorf("hints.disable names unknown hint %q: use one of %v", id, IDs())
		}
	}
	return nil
}

func (t Thresholds) disabled(id string) bool {
	return slices.Contains(t.Disable, id)
}
