package hints

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sentence is what the checks keep of one sentence.
type sentence struct {
	block      int    // index into doc.blocks
	at, end    int    // the sentence is doc.blocks[block].text[at:end]
	line       int    // file line where the sentence starts
	words      int    // words, numbers included
	start      string // opening word in lower case, or the first two when it starts with an article
	opening    string // start as written, for messages
	question   bool
	passive    bool
	transition bool
}

// stats are the measurements the checks work from.
type stats struct {
	metrics        Metrics
	sentences      []sentence
	blockWords     []int // words per block
	blockSentences []int // sentences per block
	you, we        int   // reader and writer words
	function       int   // function words of the language (flagFunction)
	fleschOK       bool  // enough words for a Flesch score
	fleschWords    int   // words without numbers
}

// confirmShare is the share of function words (flagFunction) from which
// a text is taken to be in the language it is analysed in without asking
// the detector: about a third of running Dutch or English is such words,
// the other language's text has nearly none of them.
const confirmShare = 0.15

// confirms reports whether the text's own function words bear out the
// language it was measured in. Short texts never do: the detector decides.
func (s *stats) confirms() bool {
	return s.fleschWords >= 40 && float64(s.function) >= confirmShare*float64(s.fleschWords)
}

// measure splits the prose into sentences and words and computes Metrics.
func measure(d *doc, lang *language, th Thresholds) *stats {
	counts := make([]int, 2*len(d.blocks))
	s := &stats{blockWords: counts[:len(d.blocks):len(d.blocks)], blockSentences: counts[len(d.blocks):]}
	s.sentences = make([]sentence, 0, 2*len(d.blocks)+8)
	m := &s.metrics
	longLimit := th.LongSentenceWords
	if longLimit <= 0 {
		longLimit = DefaultThresholds().LongSentenceWords
	}
	var (
		ranges                      = make([][2]int, 0, 16)
		ws                          = make([]string, 0, 64)
		fs                          = make([]wordFlag, 0, 64)
		fleschWords, syllables, cjk int
		long, passive, transition   int
	)
	lowers := lowerAll(d.blocks)
	for bi := range d.blocks {
		b := &d.blocks[bi]
		lower := lowers[bi]
		perWord := len(lower) != len(b.text)
		if perWord {
			lower = b.text // a few letters change length in lower case: offsets would no longer match
		}
		if b.kind == heading {
			m.Subheadings++
		}
		ranges = splitSentences(b.text, ranges[:0])
		for _, r := range ranges {
			ws, fs = ws[:0], fs[:0]
			var all wordFlag
			var two [2][2]int // the bounds of the first two words in text
			text := lower[r[0]:r[1]]
			for i := 0; ; {
				a, e, isCJK := nextWord(text, i)
				if a < 0 {
					break
				}
				i = e
				if len(ws) < 2 {
					two[len(ws)] = [2]int{a, e}
				}
				w := text[a:e]
				if perWord {
					w = strings.ToLower(w)
				}
				if isCJK {
					cjk++
					ws, fs = append(ws, w), append(fs, 0)
					continue
				}
				f := lang.flags(w)
				if f&(flagYou|flagWe) == 0 {
					if base := stem(w); len(base) != len(w) {
						f |= lang.flags(base) & (flagYou | flagWe)
					}
				}
				ws, fs = append(ws, w), append(fs, f)
				all |= f
				if isNumber(w) {
					continue
				}
				fleschWords++
				syllables += lang.countSyllables(w, f)
				switch {
				case f&flagYou != 0:
					s.you++
				case f&flagWe != 0:
					s.we++
				}
				if f&flagFunction != 0 {
					s.function++
				}
			}
			if len(ws) == 0 {
				continue
			}
			st := sentence{block: bi, at: r[0], end: r[1], line: b.lineAt(r[0]), words: len(ws)}
			st.start = ws[0]
			n := 1
			if fs[0]&flagArticle != 0 && len(ws) > 1 {
				if a, e := two[0][1], two[1][0]; !perWord && text[a:e] == " " {
					st.start = text[two[0][0]:two[1][1]]
				} else {
					st.start = ws[0] + " " + ws[1]
				}
				n = 2
			}
			st.opening = opening(b.text[r[0]:r[1]], n)
			st.question = endsWithQuestion(b.text[r[0]:r[1]])
			st.passive = all&flagAux != 0 && lang.passiveOf(ws, fs)
			st.transition = all&flagPhrase != 0 || all&(flagTransition|flagStartOnly) != 0 && hasPhrase(ws, fs, lang.transitions)
			s.blockWords[bi] += len(ws)
			s.blockSentences[bi]++
			m.Words += len(ws)
			if st.words > longLimit {
				long++
			}
			if st.passive {
				passive++
			}
			if st.transition {
				transition++
			}
			if st.question {
				m.Questions++
			}
			s.sentences = append(s.sentences, st)
		}
	}
	s.fleschWords = fleschWords
	m.Sentences = len(s.sentences)
	if m.Sentences > 0 {
		n := float64(m.Sentences)
		m.LongSentencesPct = round1(100 * float64(long) / n)
		m.PassivePct = round1(100 * float64(passive) / n)
		m.TransitionPct = round1(100 * float64(transition) / n)
		if fleschWords > 10 {
			s.fleschOK = true
			m.Flesch = round1(math.Min(100, math.Max(0, lang.flesch(float64(fleschWords), n, float64(syllables)))))
		}
	}
	section := 0
	for bi, b := range d.blocks {
		if b.kind == heading {
			section = 0
			continue
		}
		section += s.blockWords[bi]
		m.LongestSectionWords = max(m.LongestSectionWords, section)
		if b.kind == paragraph {
			m.LongestParagraphWords = max(m.LongestParagraphWords, s.blockWords[bi])
		}
	}
	if s.you+s.we > 0 {
		m.ReaderFocus = math.Round(100*float64(s.you)/float64(s.you+s.we)) / 100
	}
	m.ReadingMinutes = readingMinutes(m.Words-cjk, cjk, lang.wpm(th), th.CharsPerMinuteCJK)
	return s
}

// opening returns the first n words of sentence as written.
func opening(sentence string, n int) string {
	a, e := -1, 0
	for i := 0; n > 0; n-- {
		wa, we, _ := nextWord(sentence, i)
		if wa < 0 {
			break
		}
		if a < 0 {
			a = wa
		}
		e, i = we, we
	}
	if a < 0 {
		return ""
	}
	return sentence[a:e]
}

// lowerAll returns the lower-case text of every block, written one after
// another into one string instead of one allocation per block.
func lowerAll(blocks []block) []string {
	n := 0
	for _, b := range blocks {
		n += len(b.text)
	}
	var buf strings.Builder
	buf.Grow(n)
	ends := make([]int, len(blocks))
	for i, b := range blocks {
		writeLower(&buf, b.text)
		ends[i] = buf.Len()
	}
	all := buf.String()
	out := make([]string, len(blocks))
	start := 0
	for i, e := range ends {
		out[i] = all[start:e]
		start = e
	}
	return out
}

// writeLower writes strings.ToLower(s) to buf. ASCII text, nearly all of
// it, is copied in runs between its capitals.
func writeLower(buf *strings.Builder, s string) {
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			buf.WriteString(s[run:i])
			buf.WriteString(strings.ToLower(s[i:]))
			return
		}
		if 'A' <= c && c <= 'Z' {
			buf.WriteString(s[run:i])
			buf.WriteByte(c + 'a' - 'A')
			run = i + 1
		}
	}
	buf.WriteString(s[run:])
}

// readingMinutes rounds the reading time up to whole minutes.
func readingMinutes(words, cjk, wpm, cpm int) int {
	if words+cjk == 0 {
		return 0
	}
	def := DefaultThresholds()
	if wpm <= 0 {
		wpm = def.WordsPerMinuteEN
	}
	if cpm <= 0 {
		cpm = def.CharsPerMinuteCJK
	}
	return max(1, int(math.Ceil(float64(words)/float64(wpm)+float64(cjk)/float64(cpm))))
}

func endsWithQuestion(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool { return closer(r) || unicode.IsSpace(r) })
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '?' || r == '？'
}

func isNumber(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

func round1(x float64) float64 { return math.Round(10*x) / 10 }
