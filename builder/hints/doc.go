// Package hints tells a writer how to keep readers: it measures one post's
// Markdown and returns metrics and hints, in Dutch or English. It reads no
// files and keeps no state, so callers may analyse posts concurrently.
//
// Analyze parses the body with goldmark; AnalyzeAST takes a tree the caller
// has already parsed, which saves most of the cost during a build. Code
// blocks, inline code, raw HTML, footnotes and URLs are not prose and are
// left out; a leading level-1 heading that repeats the title is the title,
// not a sentence or subheading of the body. Links, <a href> in HTML
// included, are listed in Report.Links; whether a link points to another
// post needs the whole site, so the caller counts internal and inbound
// links and passes them to Report.AddLinkHints.
//
// # Language
//
// A post is analysed, and its hints are written, in Dutch or English
// (Report.Lang). Input.Lang says which; a regional tag such as "nl-BE"
// counts as its language. When Input.Lang is empty, the language is
// detected from the text with package langdetect. A declared language is
// trusted when its own function words ("de", "het", "een"; "the", "of",
// "and") make up at least 15 % of the words, or when the text has fewer
// than 20 words, too few to contradict it; otherwise the detector is
// asked, and when it finds the other of the two languages the post is
// analysed in that one. Report.TextLang is the detector's answer, empty
// when it was not asked. Input.DefaultLang, such as the site's language,
// is what a post that declares none is expected in: it is confirmed the
// same cheap way, and when the text is plainly in another language that
// one wins, with no lang-mismatch (the builder then gives the page the
// detected language).
//
//   - lang-mismatch: the text is plainly in another language than the
//     declared one (warn).
//
// # Passages
//
// A hint about part of the body says which part: Hint.Text is the
// sentence its line points at (a paragraph's or section's first sentence,
// an ending's last), and Hint.Passages every stretch it is about, with its
// line and its byte offsets in Input.Body, so an editor can mark them:
// each long or passive sentence, each sentence of a same-start run, the
// long paragraph, hook, section or wall of text, the ending without a call
// to action. Hints about the post as a whole or its front matter have
// neither.
//
// # Readability
//
// The readability checks follow Yoast's analysis and its published
// thresholds, so writers who know Yoast recognise the numbers; on the
// reference texts under testdata/reference (with titles, lists and code)
// the figures agree with Yoast's within 5 Flesch points, 5 points of long
// sentences, 10 % of the longest paragraph and 10 points of passive and
// transition sentences. Yoast counts the words of code blocks in its
// Flesch score; kopij leaves code out.
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
//     irregular one. Dutch, clause by clause (a sentence is cut before
//     "omdat", "dat", "toen" and the other words that open a clause): a
//     form of "worden" with a participle, or a form of "zijn" with a
//     ge-participle of a verb that takes "hebben" ("is geschreven", but not
//     "is gegaan"), or with any participle and an agent ("is door de storm
//     beschadigd"). A ge-word after a determiner is a noun ("het gepraat"),
//     one ending in -heid, -teit or -tijd too, and a participle that after
//     "zijn" names a state ("gebaat", "geïnteresseerd") is an adjective.
//   - transition-words: fewer than transition_good_pct percent of the
//     sentences hold a transition word or phrase (warn below
//     transition_poor_pct); English has over 300 of them, Dutch about 90.
//     Ambiguous words such as "next" or "nu" count only at the start of a
//     sentence.
//   - same-start: same_start_run or more sentences in a row open with the
//     same word (an article and the word after it count together); the
//     opening is quoted as written. Headings and list items are left out,
//     and end a run: a list of names or steps starts alike on purpose.
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
//     over paragraph_poor_words). List items are not paragraphs, nor is a
//     paragraph typed as a list: three lines or more, none over 80 characters.
//   - long-section: over section_warn_words words without a subheading (info;
//     warn over section_poor_words).
//   - wall-of-text: the longest run of paragraphs without a heading, list,
//     image, quote, table or code block is over wall_of_text_words words
//     (info). A paragraph typed as a list and a paragraph of one sentence of
//     25 words at most (a one-line question) are pauses, not wall. A wall
//     inside a section that already has long-section gets no second hint.
//   - long-hook: the first paragraph is over hook_max_words words (warn).
//   - image-alt: an image has no alt text (error).
//   - title-missing: the post has no title, or Input.TitleEmpty says the
//     front matter's title was empty and the body's leading heading does not
//     give one (error).
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
//   - no-cta: the ending asks no question, has no link and says no
//     invitation (warn). The ending is the last paragraph or list item that
//     is not a photo credit, source, signature or note on where the post
//     first appeared, with the block before it when the last is a short
//     sign-off. Invitations are phrases in either language ("let me know",
//     "share your", "leave a comment", "laat het weten", "wat vind jij",
//     "nodig je uit", "voel je vrij", "schrijf je in", "lees ook") and
//     sentences that open with an imperative ("Subscribe", "Reageer",
//     "Deel je ervaring"); words that only name a topic ("delen", "deel",
//     "lezen") are none. On the 45 labelled endings in testdata/cta the
//     check agrees with the label on every one.
//   - no-internal-link: fewer than internal_links_min links to other posts (warn).
//   - orphan: fewer than inbound_links_min other posts link here (info).
//
// Messages follow an editor's rules: no sentence opens with a figure,
// counts up to twenty are written as words with the plural right, a limit
// is stated the way it is checked, and words from the post are quoted as
// written.
//
// # Newsletters and summaries
//
// JudgeSubject judges a newsletter's subject line: subject-empty (error),
// subject-length (over SubjectMaxChars characters, warn), subject-caps
// (shouting, warn) and subject-lang (another language than the
// newsletter's, warn). Summary writes the one-line hint count a build
// prints and NoHints what a hints panel says about a post without hints,
// both in Dutch or English.
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
// Post is one post's Report with its file, title, language and URL, as
// the builder returns them for a site; Post.Subject judges its title as
// the subject of the newsletter that sends it. Sort orders posts worst
// first; WriteJSON writes them as kopij hints --json and the dev server's
// /_kopij/hints.json do, {"posts": [...]} with an empty list rather than
// null, each post with hints_lang and its subject verdict. Summary is the
// line kopij build prints, "7 hints in 3 posts; run kopij hints", and
// CountLine the one kopij hints ends with; Shorten cuts a quoted sentence
// with "…".
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
