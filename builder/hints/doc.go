// Package hints tells a writer how to keep readers: it measures one post's
// Markdown and returns metrics and hints, in Dutch or English. It reads no
// files and keeps no state, so callers may analyse posts concurrently.
//
// Analyze parses the body with goldmark; AnalyzeAST takes a tree the caller
// has already parsed, which saves most of the cost during a build. Code
// blocks, inline code, raw HTML, footnotes and URLs are not prose and are
// left out. Links are listed in Report.Links; whether a link points to
// another post needs the whole site, so the caller counts internal and
// inbound links and passes them to Report.AddLinkHints.
//
// # Readability
//
// The readability checks follow Yoast's analysis and its published
// thresholds, so writers who know Yoast recognise the numbers; on the
// reference texts under testdata/reference the figures agree with Yoast's
// within 5 Flesch points, 5 points of long sentences, 10 % of the longest
// paragraph and 10 points of passive and transition sentences.
//
//   - flesch: Flesch reading ease below flesch_good (info) or flesch_poor
//     (warn). English uses 206.835 − 1.015·words/sentence − 84.6·syllables/word;
//     Dutch uses Douma's 206.84 − 0.77·syllables per 100 words − 0.93·words/sentence.
//     Syllables are counted per language: English vowel groups with silent e,
//     -es and -ed; Dutch vowel groups where aa, ee, oo, uu, ie, ij, ei, ui, oe,
//     ou, eu, au and their three-letter forms are one syllable and a
//     diaeresis (ë, ï, ö, ü) starts a new one. Numbers are not counted.
//   - long-sentences: more than long_sentences_good_pct percent of the
//     sentences have over long_sentence_words words (warn above
//     long_sentences_poor_pct).
//   - passive-voice: more than passive_good_pct percent of the sentences are
//     passive (warn above passive_poor_pct). English: a form of "be" or "get"
//     followed, a few adverbs at most later, by a participle in -ed or an
//     irregular one. Dutch: a form of "worden" with a participle in the same
//     sentence, or a form of "zijn" with a ge-participle of a verb that takes
//     "hebben" ("is geschreven", but not "is gegaan").
//   - transition-words: fewer than transition_good_pct percent of the
//     sentences hold a transition word or phrase (warn below
//     transition_poor_pct). Ambiguous words such as "next" or "nu" count only
//     at the start of a sentence.
//   - same-start: same_start_run or more sentences in a row open with the
//     same word (an article and the word after it count together).
//
// These hints need readability_min_words words. Sentences end at . ! ? and
// ellipses followed by a space and a capital; abbreviations ("e.g.",
// "i.e.", "dr.", "bijv.", "o.a.", "etc." before a lower-case word),
// initials, decimals, domains and closing quotes do not end a sentence.
//
// # Structure
//
//   - short-post: fewer than min_words words (warn).
//   - long-paragraph: a paragraph over paragraph_warn_words words (info; warn
//     over paragraph_poor_words). List items are not paragraphs.
//   - long-section: over section_warn_words words without a subheading (info;
//     warn over section_poor_words).
//   - wall-of-text: the longest run of paragraphs without a heading, list,
//     image, quote, table or code block is over wall_of_text_words words (info).
//   - long-hook: the first paragraph is over hook_max_words words (warn).
//   - image-alt: an image has no alt text (error).
//   - title-missing: the post has no title (error).
//   - title-length: the title is over title_max_chars characters (warn).
//   - description-missing: no description (warn).
//   - description-length: the description is outside description_min to
//     description_max characters (info).
//
// # Retention
//
//   - reader-focus: of the reader words (en: you, your, yours, yourself;
//     nl: je, jij, jou, jouw, u, uw, jullie) and the writer words (en: we,
//     our, us, I, my, me; nl: wij, we, ons, onze, ik, mijn, me, mij), fewer
//     than reader_focus_min are reader words, once there are
//     reader_focus_min_count of them (warn). The share is the reader_focus
//     metric.
//   - no-question: a post of question_min_words words or more asks nothing (info).
//   - no-cta: the last paragraph or list item has no question, no link and no
//     invitation such as subscribe, reply, share, comment or read (nl:
//     abonneer, reageer, deel, lees, schrijf je in) (warn).
//   - no-internal-link: fewer than internal_links_min links to other posts (warn).
//   - orphan: fewer than inbound_links_min other posts link here (info).
//
// # Words and reading time
//
// Metrics.Words counts the prose alone: paragraphs, list items, headings
// and quotes, without code, raw HTML, footnotes and URLs, with every
// Chinese, Japanese and Korean character one word. Metrics.ReadingMinutes
// is the other words at words_per_minute_en or words_per_minute_nl plus
// the CJK characters at chars_per_minute_cjk, rounded up; 0 without prose.
// The builder takes both for post pages (Page.WordCount, Page.ReadingTime),
// so a page and kopij hints show the same figures.
//
// # Lines and severities
//
// Hint lines are lines of Input.File: Input.BodyLine says where the body
// starts. Hints about the title and description point at line 1, the front
// matter; hints about the post as a whole point at the first body line.
// Severity is info, warn or error; Report.Hints is sorted worst first, then
// by line.
//
// # Reports of a site
//
// Post is one post's Report with its file, title, language and URL, as the
// builder returns them for a site. Sort orders posts worst first; WriteJSON
// writes them as kopij hints --json and the dev server's
// /_kopij/hints.json do, {"posts": [...]} with an empty list rather than
// null; Summary is the line kopij build prints, "7 hints in 3 posts; run
// kopij hints".
//
// # Thresholds
//
// Thresholds is the [hints] table of kopij.toml, decoded over
// DefaultThresholds, so a key left out keeps its default. Setting a key to 0
// switches its check off; "disable" lists hint ids never reported:
//
//	[hints]
//	flesch_good = 60
//	long_sentence_words = 20
//	disable = ["no-question"]
package hints
