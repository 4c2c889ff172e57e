package hints

import (
	"strings"
	"unicode"
)

// A call to action is judged on the ending: the last paragraph or list
// item that is not a credit, a signature or a note about where the post
// first appeared, and the block before it when the last one is a short
// sign-off ("Succes!"). The ending invites when it asks a question, holds
// a link (Markdown or an HTML <a href>), or says an invitation in either
// language: a phrase such as "let me know", "laat het weten", "wat vind
// jij", "ik nodig je uit", "voel je vrij om ... toe te voegen", or a
// sentence that opens with an imperative such as "Subscribe", "Reageer" or
// "Lees ook". Words that only name a topic ("delen", "deel", "lezen") do
// not invite.

// shortEnding is the most words a last block may have to count as a
// sign-off that leaves the invitation to the block before it.
const shortEnding = 12

// gapWords is how many words "…" in an invitation pattern stands for at
// most.
const gapWords = 6

// invitations are the phrases that invite a reader to act, as lower-case
// words. "…" stands for up to gapWords words, a trailing "*" for any
// ending, and a leading "^" ties the phrase to the opening of a sentence,
// after a filler such as "so", "dus" or "please".
var invitations = compilePatterns(
	// English.
	"let me know", "let us know", "tell me", "tell us", "what do you think", "what about you",
	"how about you", "i'd love to hear", "i would love to hear", "love to hear", "like to hear from",
	"i'm curious", "i am curious", "curious to hear", "share your", "share this", "share it",
	"share … with", "comment below", "leave a comment", "leave … comment", "in the comments",
	"drop … comment", "drop me", "drop us", "reply to", "hit reply", "just reply", "subscribe to",
	"subscribe below", "subscribe here", "sign up", "join us", "join me", "join the", "follow me",
	"follow us", "read on", "read more", "keep reading", "read the next", "read part", "get in touch",
	"reach out", "contact me", "contact us", "email me", "email us", "write to me", "write to us",
	"ask me", "ask us", "feel free", "give it a try", "check out", "you can find", "see you in",
	"^subscribe", "^reply", "^share", "^comment", "^join", "^follow", "^download", "^try", "^tell",
	"^contact", "^email", "^write", "^ask", "^leave", "^register", "^book", "^listen", "^watch",
	"^visit", "^read", "^grab", "^get", "^start", "^discover", "^sign", "^let's",
	// Dutch.
	"laat … weten", "laat … horen", "laat … reactie", "laat … achter", "wat vind jij", "wat vind je",
	"wat vindt u", "wat denk jij", "wat denk je", "hoe zie jij", "hoe doe jij", "wat is jouw",
	"wat zijn jouw", "nodig … uit", "uitnodiging om", "reageer", "reageert", "reactie achter",
	"plaats … reactie", "in de reacties", "in de comments", "hieronder … reageren", "hieronder … reactie",
	"hieronder … mening", "hieronder … vraag", "kun je … reageren", "kan je … reageren", "mag je … reageren",
	"voel je vrij", "voel je … vrij", "vrij om … toe te voegen", "vrij om … te reageren", "deel je", "deel jouw", "deel dit", "deel het",
	"deel deze", "deel gerust", "deel ze", "je mening", "jouw mening", "uw mening",
	"schrijf je in", "schrijf je … in", "meld je aan", "meld je … aan", "abonneer*", "inschrijven",
	"aanmelden", "volg me", "volg mij", "volg ons", "lees … verder", "lees ook", "lees meer",
	"lees hier", "verder lezen", "ik hoor graag", "hoor graag", "hoor het graag", "ben benieuwd",
	"benieuwd naar jouw", "benieuwd naar je", "benieuwd wat jij", "benieuwd hoe jij", "stel … vraag",
	"mail me", "mail mij", "mail ons", "stuur me", "stuur mij", "stuur ons", "neem … contact",
	"contact op", "bel me", "app me", "probeer het", "doe mee", "kom langs",
	"^reageer", "^deel", "^lees", "^schrijf", "^meld", "^volg", "^vertel", "^download", "^probeer",
	"^stuur", "^mail", "^bekijk", "^ontdek", "^bestel", "^stel", "^abonneer", "^luister naar",
	"^kijk ook", "^kijk eens", "^laat", "^ga naar", "^klik",
)

// fillers may stand before the imperative that opens a sentence.
var fillers = set("so", "and", "now", "then", "please", "just", "do", "go", "ahead", "oh", "ps",
	"dus", "en", "nu", "nou", "toe", "gerust", "vooral", "kortom", "alvast")

// notImperative are words after an opening imperative that make it
// something else: "Deel twee volgt" names a part, "Kijk, zo werkt het"
// is an interjection.
var notImperative = set("twee", "drie", "één", "1", "2", "3", "ii", "van", "was", "is", "je", "jij", "u")

// credits open a block that credits, signs or files the post rather than
// ending it: photo credits, sources, where it first appeared, tags.
var credits = []string{
	"foto:", "foto's:", "foto door", "foto van", "foto ©", "fotografie:", "fotografie door", "beeld:",
	"beeld door", "beeld ©", "illustratie:", "illustraties:", "illustratie door", "afbeelding:",
	"afbeeldingen:", "omslagfoto", "headerfoto", "bron:", "bronnen:", "credits:", "credit:", "met dank aan",
	"dit stuk verscheen", "dit artikel verscheen", "dit stuk is eerder", "eerder verschenen", "eerder gepubliceerd",
	"geschreven door", "tekst:", "tags:", "categorie:", "categorieën:", "disclaimer:",
	"photo:", "photos:", "photo by", "photo credit", "photograph by", "photography by", "image:", "images:",
	"image by", "image credit", "illustration:", "illustration by", "cover photo", "cover image",
	"header image", "featured image", "source:", "sources:", "this post first appeared", "this post was first",
	"originally published", "first published", "written by", "tags:", "category:", "categories:",
	"©", "(c)", "(foto", "(photo", "(beeld", "(image", "(bron", "(source",
}

// signOffs open a short closing line that greets rather than invites.
var signOffs = []string{
	"groet", "groeten", "groetjes", "hartelijke groet", "met vriendelijke groet", "vriendelijke groet",
	"liefs", "tot de volgende", "tot volgende", "tot snel", "tot later", "veel plezier", "succes",
	"bedankt voor het lezen", "dank voor het lezen", "cheers", "best", "regards", "kind regards",
	"warm regards", "best wishes", "thanks for reading", "thank you for reading", "until next time",
	"see you", "take care", "good luck", "enjoy", "xoxo", "love,", "—", "–", "~",
}

// callToAction adds no-cta when the ending invites the reader to nothing.
func (c *checker) callToAction() {
	end := c.ending()
	if len(end) == 0 {
		return
	}
	last := end[len(end)-1]
	for _, at := range c.doc.htmlLinks {
		if at > end[0] {
			return // an HTML block with a link after the ending began
		}
	}
	for _, bi := range end {
		if c.doc.blocks[bi].links > 0 {
			return
		}
	}
	for _, x := range c.st.sentences {
		if x.block < end[0] || x.block > last {
			continue
		}
		if x.question || invites(c.doc.blocks[x.block].text[x.at:x.end]) {
			return
		}
	}
	c.addAt("no-cta", Warn, c.doc.blocks[last].line, []Passage{c.blocksPassage(last, last, true)})
}

// ending returns the blocks the reader finishes on, in order: the last
// block of prose that is no credit or signature, and the one before it
// when that last block is a short sign-off.
func (c *checker) ending() []int {
	d, s := c.doc, c.st
	var end []int
	for bi := len(d.blocks) - 1; bi >= 0; bi-- {
		b := &d.blocks[bi]
		if b.kind == heading || s.blockWords[bi] == 0 {
			if len(end) > 0 {
				break
			}
			continue
		}
		if len(end) == 0 && (credit(b.text) || signature(b.text, s.blockWords[bi])) {
			continue
		}
		end = append(end, bi)
		if len(end) == 2 || s.blockWords[bi] > shortEnding {
			break
		}
	}
	for i, j := 0, len(end)-1; i < j; i, j = i+1, j-1 {
		end[i], end[j] = end[j], end[i]
	}
	return end
}

// credit reports a block that credits a photo or source, or says where
// the post first appeared.
func credit(text string) bool {
	t := strings.ToLower(strings.TrimLeft(strings.TrimSpace(text), "*_ "))
	for _, p := range credits {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// signature reports a short closing line that greets or signs: "Groetjes,
// Anna", "— Pieter", or a name alone.
func signature(text string, words int) bool {
	if words > 6 {
		return false
	}
	t := strings.ToLower(strings.TrimSpace(text))
	for _, p := range signOffs {
		if strings.HasPrefix(t, p) {
			return !invites(text)
		}
	}
	// A name alone: every word capitalised, no sentence punctuation.
	if strings.ContainsAny(text, ".!?:") {
		return false
	}
	for _, w := range strings.Fields(text) {
		r := []rune(w)
		if !isUpperRune(r[0]) && !strings.Contains("van de der den ter ten", strings.ToLower(w)) {
			return false
		}
	}
	return words > 0
}

func isUpperRune(r rune) bool { return unicode.IsUpper(r) }

// invites reports whether sentence says an invitation.
func invites(sentence string) bool {
	ws := make([]string, 0, 24)
	lower := strings.ToLower(strings.ReplaceAll(sentence, "’", "'"))
	words(lower, func(w string, _ bool) { ws = append(ws, w) })
	if len(ws) == 0 {
		return false
	}
	open := 0
	for open < len(ws)-1 && fillers[ws[open]] {
		open++
	}
	for _, p := range invitations {
		if p[0] == "^" {
			if matchAt(ws, open, p[1:]) && (open+len(p)-1 >= len(ws) || !notImperative[ws[open+len(p)-1]]) {
				return true
			}
			continue
		}
		for i := range ws {
			if matchAt(ws, i, p) {
				return true
			}
		}
	}
	return false
}

// matchAt reports whether pattern p matches ws from word i on.
func matchAt(ws []string, i int, p []string) bool {
	if len(p) == 0 {
		return true
	}
	if p[0] == "…" {
		for k := 0; k <= gapWords && i+k <= len(ws); k++ {
			if matchAt(ws, i+k, p[1:]) {
				return true
			}
		}
		return false
	}
	if i >= len(ws) {
		return false
	}
	w, tok := ws[i], p[0]
	if strings.HasSuffix(tok, "*") {
		if !strings.HasPrefix(w, tok[:len(tok)-1]) {
			return false
		}
	} else if w != tok {
		return false
	}
	return matchAt(ws, i+1, p[1:])
}

// compilePatterns splits each pattern into its words, with "^" as a word
// of its own.
func compilePatterns(list ...string) [][]string {
	out := make([][]string, 0, len(list))
	for _, p := range list {
		var f []string
		if strings.HasPrefix(p, "^") {
			f = append(f, "^")
			p = p[1:]
		}
		out = append(out, append(f, strings.Fields(p)...))
	}
	return out
}
