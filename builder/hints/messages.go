package hints

import (
	"fmt"
	"maps"
	"slices"
)

// msgText is a hint's message and fix.
type msgText struct{ msg, fix string }

// args are the values a check passes with a hint, listed per hint below.
type args []any

func (a args) i(k int) int {
	v, _ := a[k].(int)
	return v
}

func (a args) f(k int) float64 {
	v, _ := a[k].(float64)
	return v
}

func (a args) s(k int) string {
	v, _ := a[k].(string)
	return v
}

// say writes one hint in one language. Messages follow an editor's rules:
// no sentence opens with a figure, counts up to twenty are words, a limit
// is stated the way it is checked ("at most 60" when 60 is allowed), and
// words from the post are quoted as written.
type say func(a args) msgText

// messages holds the text of every hint in English and Dutch.
var messages = map[string]struct{ en, nl say }{
	// args: words, minimum
	"short-post": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("The post has %s, fewer than %d: short posts rarely answer a reader's question fully and are seldom found in search.", countEN(a.i(0), "word", "words"), a.i(1)),
				fmt.Sprintf("Add an example, the steps a reader takes, or the answer to a question readers ask, until the post has %d words or more.", a.i(1))}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("Het stuk telt %s, minder dan %d: een kort stuk beantwoordt de vraag van een lezer zelden helemaal en wordt slecht gevonden.", countNL(a.i(0), "woord", "woorden"), a.i(1)),
				fmt.Sprintf("Vul het aan met een voorbeeld, de stappen die je lezer zet of het antwoord op een vraag die lezers stellen, tot het minstens %d woorden telt.", a.i(1))}
		},
	},
	// args: the stand-in title shown instead, or ""
	"title-missing": {
		func(a args) msgText {
			msg := "The post has no title: feeds, search results and shared links then show an empty or made-up heading."
			if t := a.s(0); t != "" {
				msg = fmt.Sprintf("The title in the front matter is empty, so feeds, search results and shared links show the stand-in %q instead.", t)
			}
			return msgText{msg, "Add a title to the front matter: title: \"What the reader gets\"."}
		},
		func(a args) msgText {
			msg := "Het stuk heeft geen titel: feeds, zoekresultaten en gedeelde links tonen dan een lege of verzonnen kop."
			if t := a.s(0); t != "" {
				msg = fmt.Sprintf("De titel in de front matter is leeg, dus feeds, zoekresultaten en gedeelde links tonen in plaats daarvan %q.", t)
			}
			return msgText{msg, "Zet een titel in de front matter: title: \"Wat de lezer eraan heeft\"."}
		},
	},
	// args: characters, maximum
	"title-length": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("The title has %d characters: search results and social media cut titles off after about %d, so readers miss its end.", a.i(0), a.i(1)),
				fmt.Sprintf("Shorten the title to %d characters or fewer, and put the words that matter to the reader first.", a.i(1))}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("De titel telt %d tekens: zoekmachines en sociale media knippen titels na ongeveer %d tekens af, dus lezers missen het eind.", a.i(0), a.i(1)),
				fmt.Sprintf("Kort de titel in tot hooguit %d tekens en zet de woorden die voor je lezer tellen vooraan.", a.i(1))}
		},
	},
	// args: minimum, maximum
	"description-missing": {
		func(a args) msgText {
			return msgText{"The post has no description: search results and shared links then show a random piece of text instead of a reason to click.",
				fmt.Sprintf("Add description: to the front matter: %d to %d characters that say what the reader gains.", a.i(0), a.i(1))}
		},
		func(a args) msgText {
			return msgText{"Het stuk heeft geen beschrijving: zoekresultaten en gedeelde links tonen dan een willekeurig stuk tekst in plaats van een reden om te klikken.",
				fmt.Sprintf("Zet description: in de front matter: %d tot %d tekens die zeggen wat je lezer eraan heeft.", a.i(0), a.i(1))}
		},
	},
	// args: characters, minimum, maximum
	"description-length": {
		func(a args) msgText {
			why := fmt.Sprintf("search results cut a description off after about %d", a.i(2))
			if a.i(0) < a.i(1) {
				why = fmt.Sprintf("under %d it leaves room in search results unused", a.i(1))
			}
			return msgText{fmt.Sprintf("The description has %d characters: %s.", a.i(0), why),
				fmt.Sprintf("Rewrite the description to %d to %d characters: what the reader learns and why it matters now.", a.i(1), a.i(2))}
		},
		func(a args) msgText {
			why := fmt.Sprintf("zoekmachines knippen een beschrijving na ongeveer %d tekens af", a.i(2))
			if a.i(0) < a.i(1) {
				why = fmt.Sprintf("onder de %d tekens blijft er ruimte in zoekresultaten onbenut", a.i(1))
			}
			return msgText{fmt.Sprintf("De beschrijving telt %d tekens: %s.", a.i(0), why),
				fmt.Sprintf("Herschrijf de beschrijving tot %d à %d tekens: wat je lezer leert en waarom dat nu telt.", a.i(1), a.i(2))}
		},
	},
	// args: score, good score
	"flesch": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("The Flesch reading ease is %.0f (aim for %.0f or more): the text is hard going, and readers who have to work give up early.", a.f(0), a.f(1)),
				"Use shorter sentences and shorter, everyday words; split every sentence that has a comma followed by \"and\", \"which\" or \"because\"."}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("De leesbaarheid (Flesch-Douma) is %.0f (streef naar %.0f of meer): de tekst leest zwaar, en lezers die moeten zwoegen haken af.", a.f(0), a.f(1)),
				"Schrijf kortere zinnen en kies kortere, gewone woorden; knip elke zin met een komma gevolgd door \"en\", \"die\" of \"omdat\" in tweeën."}
		},
	},
	// args: percent, words, good percent
	"long-sentences": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("Too many sentences are long: %.0f%% have more than %d words (aim for %.0f%% at most), and a long sentence makes a reader hold too much in mind at once.", a.f(0), a.i(1), a.f(2)),
				"Split the long sentences, starting with this one: one thought per sentence, then a full stop."}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("Te veel zinnen zijn lang: %.0f%% heeft meer dan %d woorden (streef naar hooguit %.0f%%), en met een lange zin moet je lezer te veel tegelijk onthouden.", a.f(0), a.i(1), a.f(2)),
				"Knip de lange zinnen op, te beginnen met deze: één gedachte per zin, dan een punt."}
		},
	},
	// args: percent, good percent
	"passive-voice": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("Too many sentences are passive: %.0f%% (aim for %.0f%% at most), and a passive sentence hides who acts and reads more slowly.", a.f(0), a.f(1)),
				"Say who does what, starting with this sentence: \"the team moved the archive\" instead of \"the archive was moved\"."}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("Te veel zinnen staan in de lijdende vorm: %.0f%% (streef naar hooguit %.0f%%), en een lijdende zin verbergt wie iets doet en leest trager.", a.f(0), a.f(1)),
				"Zeg wie wat doet, te beginnen met deze zin: \"het team verhuisde het archief\" in plaats van \"het archief werd verhuisd\"."}
		},
	},
	// args: percent, good percent
	"transition-words": {
		func(a args) msgText {
			share := fmt.Sprintf("Only %.0f%% of the sentences have", a.f(0))
			if a.f(0) < 0.5 {
				share = "No sentence has"
			}
			return msgText{fmt.Sprintf("%s a transition word (aim for %.0f%% or more): without them the reader has to guess how one thought leads to the next.", share, a.f(1)),
				"Link your sentences with words such as because, so, however, for example, first, then and finally."}
		},
		func(a args) msgText {
			share := fmt.Sprintf("Slechts %.0f%% van de zinnen heeft", a.f(0))
			if a.f(0) < 0.5 {
				share = "Geen enkele zin heeft"
			}
			return msgText{fmt.Sprintf("%s een signaalwoord (streef naar %.0f%% of meer): zonder signaalwoorden moet je lezer raden hoe de ene gedachte uit de andere volgt.", share, a.f(1)),
				"Verbind je zinnen met woorden als omdat, dus, maar, bijvoorbeeld, eerst, daarna en tot slot."}
		},
	},
	// args: sentences, opening words as written
	"same-start": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("These %s sentences in a row all start with \"%s\": repetition like this reads as monotonous, unless it is a deliberate device.", numberEN(a.i(0)), a.s(1)),
				"Start one or two of these sentences differently, for example with the subject, a time or a transition word."}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("Deze %s zinnen na elkaar beginnen allemaal met \"%s\": zo'n herhaling leest eentonig, tenzij je die bewust als stijlmiddel inzet.", numberNL(a.i(0)), a.s(1)),
				"Begin een of twee van deze zinnen anders, bijvoorbeeld met het onderwerp, een tijd of een signaalwoord."}
		},
	},
	// args: words, limit
	"long-section": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("This section runs %d words without a subheading (aim for %d at most): readers scan subheadings to find their place and to decide to read on.", a.i(0), a.i(1)),
				"Add a subheading that says what the next part gives the reader."}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("Dit deel loopt %d woorden door zonder tussenkop (streef naar hooguit %d): lezers scannen tussenkoppen om hun plek te vinden en om te besluiten of ze verder lezen.", a.i(0), a.i(1)),
				"Zet er een tussenkop in die zegt wat het volgende stuk je lezer oplevert."}
		},
	},
	// args: words, limit
	"long-paragraph": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("This paragraph has %d words (aim for %d at most): on a phone it fills the screen, and readers skip it.", a.i(0), a.i(1)),
				"Split the paragraph where a new thought begins, or turn a series into a list."}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("Deze alinea telt %d woorden (streef naar hooguit %d): op een telefoon vult hij het scherm, en lezers slaan hem over.", a.i(0), a.i(1)),
				"Splits de alinea waar een nieuwe gedachte begint, of maak van een opsomming een lijstje."}
		},
	},
	// args: words, maximum
	"long-hook": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("The first paragraph has %d words (%d at most): readers decide in its first lines whether to stay, and a long opening loses them.", a.i(0), a.i(1)),
				"Open with one or two short sentences that name the reader's problem and what the post gives; move the background lower."}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("De eerste alinea telt %d woorden (hooguit %d): lezers beslissen in de eerste regels of ze blijven, en een lange opening jaagt ze weg.", a.i(0), a.i(1)),
				"Open met een of twee korte zinnen die het probleem van je lezer noemen en zeggen wat het stuk oplevert; zet de achtergrond lager."}
		},
	},
	// args: words, limit
	"wall-of-text": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("Here %d words run on without a subheading, list or image (aim for %d at most): on a phone that is a wall of text.", a.i(0), a.i(1)),
				"Break it up with a subheading, a short list, an image or a quote."}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("Hier staan %d woorden achter elkaar zonder tussenkop, lijstje of afbeelding (streef naar hooguit %d): op een telefoon is dat een muur van tekst.", a.i(0), a.i(1)),
				"Breek de tekst op met een tussenkop, een kort lijstje, een afbeelding of een citaat."}
		},
	},
	// args: image URL
	"image-alt": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("The image %s has no alt text: screen reader users, and readers whose images do not load, miss what it shows.", a.s(0)),
				fmt.Sprintf("Describe what the image shows between the brackets: ![a bar chart of visitors per month](%s).", a.s(0))}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("De afbeelding %s heeft geen alt-tekst: wie een schermlezer gebruikt of de afbeelding niet ziet laden, mist wat erop staat.", a.s(0)),
				fmt.Sprintf("Beschrijf tussen de haken wat de afbeelding toont: ![staafdiagram van bezoekers per maand](%s).", a.s(0))}
		},
	},
	// args: writer words, reader words
	"reader-focus": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("The post says I, we or our %s and you or your %s: it talks about the writer more than to the reader, and readers stay for what is in it for them.", timesEN(a.i(0)), timesEN(a.i(1))),
				"Rewrite sentences about yourself into what the reader gains: \"you get\" instead of \"we offer\"."}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("Het stuk zegt %s ik, wij of ons en %s je, jij of u: het praat meer over de schrijver dan tegen de lezer, en lezers blijven voor wat het hun oplevert.", timesNL(a.i(0)), timesNL(a.i(1))),
				"Herschrijf zinnen over jezelf naar wat je lezer eraan heeft: \"je krijgt\" in plaats van \"wij bieden\"."}
		},
	},
	// args: words
	"no-question": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("The post has %d words and asks the reader nothing: a question turns reading into a conversation and invites replies.", a.i(0)),
				"Ask the reader something about their own situation, for example \"How do you handle this?\""}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("Het stuk telt %d woorden en stelt de lezer geen enkele vraag: een vraag maakt van lezen een gesprek en lokt reacties uit.", a.i(0)),
				"Stel je lezer een vraag over zijn eigen situatie, bijvoorbeeld: \"Hoe pak jij dit aan?\""}
		},
	},
	"no-cta": {
		func(args) msgText {
			return msgText{"The ending invites the reader to nothing: readers who finish a post are the most willing to take a next step, and now they simply leave.",
				"End with one next step: a question to reply to, a link to a related post or an invitation to subscribe."}
		},
		func(args) msgText {
			return msgText{"Het slot nodigt de lezer nergens toe uit: wie een stuk uitleest, staat het meest open voor een volgende stap, en vertrekt nu zonder.",
				"Sluit af met een volgende stap: een vraag om op te reageren, een link naar een verwant stuk of een uitnodiging om je in te schrijven."}
		},
	},
	// args: minimum, links
	"no-internal-link": {
		func(a args) msgText {
			to := "no other post"
			if n := a.i(1); n > 0 {
				to = "only " + countEN(n, "other post", "other posts")
			}
			return msgText{fmt.Sprintf("The post links to %s of this blog (aim for at least %s): a reader who finishes it has nowhere to go but away.", to, numberEN(a.i(0))),
				"Link to a related post where it helps the reader, with link text that says what they will find."}
		},
		func(a args) msgText {
			to := "geen enkel ander stuk"
			if n := a.i(1); n > 0 {
				to = "slechts " + countNL(n, "ander stuk", "andere stukken")
			}
			return msgText{fmt.Sprintf("Het stuk linkt naar %s van deze blog (streef naar minstens %s): een lezer die het uit heeft, kan alleen nog weg.", to, numberNL(a.i(0))),
				"Link naar een verwant stuk waar dat je lezer helpt, met linktekst die zegt wat hij er vindt."}
		},
	},
	// args: minimum, links
	"orphan": {
		func(a args) msgText {
			from := "No other post of this blog links here"
			switch n := a.i(1); {
			case n == 1:
				from = "Only one other post of this blog links here"
			case n > 1:
				from = "Only " + countEN(n, "", "other posts") + " of this blog link here"
			}
			return msgText{fmt.Sprintf("%s (aim for at least %s): readers of the rest of the blog never find this one.", from, numberEN(a.i(0))),
				"Link to this post from one or two related older posts."}
		},
		func(a args) msgText {
			from := "Geen enkel ander stuk van deze blog linkt hierheen"
			switch n := a.i(1); {
			case n == 1:
				from = "Slechts één ander stuk van deze blog linkt hierheen"
			case n > 1:
				from = "Slechts " + countNL(n, "", "andere stukken") + " van deze blog linken hierheen"
			}
			return msgText{fmt.Sprintf("%s (streef naar minstens %s): lezers van de rest van de blog vinden dit stuk nooit.", from, numberNL(a.i(0))),
				"Link vanuit een of twee verwante oudere stukken naar dit stuk."}
		},
	},
	// args: detected language name, declared language name, detected code, declared tag
	"lang-mismatch": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("The text reads as %s, but the post's language is set to %s (%s): browsers, screen readers and search engines then treat it as the wrong language.", a.s(0), a.s(1), a.s(3)),
				fmt.Sprintf("Set lang: %s in the post's front matter.", a.s(2))}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("De tekst is %s, maar de taal van het stuk staat op %s (%s): browsers, schermlezers en zoekmachines behandelen het dan als de verkeerde taal.", a.s(0), a.s(1), a.s(3)),
				fmt.Sprintf("Zet lang: %s in de front matter van het stuk.", a.s(2))}
		},
	},
}

// IDs returns every hint id, sorted: those of posts and those of
// newsletter subjects.
func IDs() []string {
	ids := slices.Collect(maps.Keys(messages))
	ids = slices.AppendSeq(ids, maps.Keys(subjectMessages))
	slices.Sort(ids)
	return ids
}

// textsOf returns the texts of hint id.
func textsOf(id string) (struct{ en, nl say }, bool) {
	if t, ok := messages[id]; ok {
		return t, true
	}
	t, ok := subjectMessages[id]
	return t, ok
}
