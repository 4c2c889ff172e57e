package hints

import (
	"maps"
	"slices"
)

// msgFix is a hint's message and fix as fmt formats. The arguments per hint
// are listed in messages; formats use explicit indexes so a translation may
// order or leave out arguments.
type msgFix struct{ msg, fix string }

// messages holds the text of every hint in English and Dutch.
var messages = map[string]struct{ en, nl msgFix }{
	// args: words, minimum
	"short-post": {
		msgFix{"The post has %[1]d words, under %[2]d: short posts rarely answer a reader's question fully and are seldom found in search.", "Add an example, the steps a reader takes, or the answer to a question readers ask, until the post has %[2]d words or more."},
		msgFix{"Het stuk heeft %[1]d woorden, minder dan %[2]d: korte stukken beantwoorden de vraag van een lezer zelden helemaal en worden slecht gevonden.", "Voeg een voorbeeld, de stappen die je lezer zet of het antwoord op een vraag van lezers toe, tot het stuk minstens %[2]d woorden heeft."},
	},
	"title-missing": {
		msgFix{"The post has no title: feeds, search results and shared links show an empty or made-up heading.", "Add a title to the front matter: title: \"What the reader gets\"."},
		msgFix{"Het stuk heeft geen titel: feeds, zoekresultaten en gedeelde links tonen dan een lege of verzonnen kop.", "Zet een titel in de front matter: title: \"Wat de lezer eraan heeft\"."},
	},
	// args: characters, maximum
	"title-length": {
		msgFix{"The title has %[1]d characters: search results and social media cut it off after about %[2]d, so readers miss its end.", "Shorten the title to %[2]d characters or fewer; put the words that matter to the reader first."},
		msgFix{"De titel heeft %[1]d tekens: zoekmachines en sociale media knippen hem na ongeveer %[2]d af, dus lezers missen het eind.", "Maak de titel korter dan %[2]d tekens en zet de woorden die voor je lezer tellen vooraan."},
	},
	// args: minimum, maximum
	"description-missing": {
		msgFix{"The post has no description: search results and shared links then show a random piece of text instead of a reason to click.", "Add description: to the front matter, %[1]d-%[2]d characters that say what the reader gains."},
		msgFix{"Het stuk heeft geen beschrijving: zoekresultaten en gedeelde links tonen dan een willekeurig stuk tekst in plaats van een reden om te klikken.", "Zet description: in de front matter, %[1]d-%[2]d tekens die zeggen wat je lezer eraan heeft."},
	},
	// args: characters, minimum, maximum
	"description-length": {
		msgFix{"The description has %[1]d characters: outside %[2]d-%[3]d it is cut off or leaves room unused in search results.", "Rewrite the description to %[2]d-%[3]d characters: what the reader learns and why it matters now."},
		msgFix{"De beschrijving heeft %[1]d tekens: buiten %[2]d-%[3]d wordt hij afgeknipt of blijft er ruimte in zoekresultaten onbenut.", "Herschrijf de beschrijving tot %[2]d-%[3]d tekens: wat je lezer leert en waarom dat nu telt."},
	},
	// args: score, good score
	"flesch": {
		msgFix{"Flesch reading ease is %.0[1]f (aim for %.0[2]f or more): the text is hard to read, and readers who have to work give up early.", "Use shorter sentences and shorter, everyday words; split every sentence that has a comma followed by \"and\", \"which\" or \"because\"."},
		msgFix{"De leesbaarheid (Flesch-Douma) is %.0[1]f (streef naar %.0[2]f of meer): de tekst leest zwaar, en lezers die moeten zwoegen haken af.", "Schrijf kortere zinnen en kies kortere, gewone woorden; knip elke zin met een komma gevolgd door \"en\", \"die\" of \"omdat\" in tweeën."},
	},
	// args: percent, words, good percent
	"long-sentences": {
		msgFix{"%.0[1]f%% of the sentences have more than %[2]d words (aim for at most %.0[3]f%%): long sentences make a reader hold too much in mind at once.", "Split the long sentences, starting with this one: one thought per sentence, then a full stop."},
		msgFix{"%.0[1]f%% van de zinnen heeft meer dan %[2]d woorden (streef naar hooguit %.0[3]f%%): lange zinnen laten je lezer te veel tegelijk onthouden.", "Knip de lange zinnen in stukken, te beginnen met deze: een gedachte per zin, dan een punt."},
	},
	// args: percent, good percent
	"passive-voice": {
		msgFix{"%.0[1]f%% of the sentences are passive (aim for at most %.0[2]f%%): passive sentences hide who acts and read slower.", "Say who does what, starting with this sentence: \"the team moved the archive\" instead of \"the archive was moved\"."},
		msgFix{"%.0[1]f%% van de zinnen staat in de lijdende vorm (streef naar hooguit %.0[2]f%%): lijdende zinnen verbergen wie iets doet en lezen trager.", "Zeg wie wat doet, te beginnen met deze zin: \"het team verhuisde het archief\" in plaats van \"het archief werd verhuisd\"."},
	},
	// args: percent, good percent
	"transition-words": {
		msgFix{"Only %.0[1]f%% of the sentences have a transition word (aim for %.0[2]f%% or more): without them the reader has to guess how one thought leads to the next.", "Link your sentences with words such as because, so, however, for example, first, then and finally."},
		msgFix{"Maar %.0[1]f%% van de zinnen heeft een signaalwoord (streef naar %.0[2]f%% of meer): zonder signaalwoorden moet je lezer raden hoe de ene gedachte uit de andere volgt.", "Verbind je zinnen met woorden als omdat, dus, maar, bijvoorbeeld, eerst, daarna en tot slot."},
	},
	// args: sentences, opening word
	"same-start": {
		msgFix{"%[1]d sentences in a row start with \"%[2]s\": repetition like this reads monotonous unless it is meant as a stylistic device.", "Start one or two of these sentences differently, for example with the subject, a time or a transition word."},
		msgFix{"%[1]d zinnen na elkaar beginnen met \"%[2]s\": zo'n herhaling leest eentonig, tenzij je hem bewust als stijlmiddel inzet.", "Begin een of twee van deze zinnen anders, bijvoorbeeld met het onderwerp, een tijd of een signaalwoord."},
	},
	// args: words, limit
	"long-section": {
		msgFix{"This section runs %[1]d words without a subheading (aim for at most %[2]d): readers scan headings to find their place and to decide to read on.", "Add a subheading that says what the next part gives the reader."},
		msgFix{"Dit deel loopt %[1]d woorden door zonder tussenkop (streef naar hooguit %[2]d): lezers scannen tussenkoppen om hun plek te vinden en te besluiten door te lezen.", "Zet er een tussenkop in die zegt wat het volgende stuk je lezer oplevert."},
	},
	// args: words, limit
	"long-paragraph": {
		msgFix{"This paragraph has %[1]d words (aim for at most %[2]d): on a phone it fills the screen and readers skip it.", "Split the paragraph where the thought turns, or turn a series into a list."},
		msgFix{"Deze alinea heeft %[1]d woorden (streef naar hooguit %[2]d): op een telefoon vult hij het scherm en lezers slaan hem over.", "Splits de alinea waar de gedachte wendt, of maak van een opsomming een lijstje."},
	},
	// args: words, maximum
	"long-hook": {
		msgFix{"The first paragraph has %[1]d words (at most %[2]d): readers decide in its first lines whether to stay, and a long opening loses them.", "Open with one or two short sentences that name the reader's problem and what the post gives; move the background lower."},
		msgFix{"De eerste alinea heeft %[1]d woorden (hooguit %[2]d): lezers beslissen in de eerste regels of ze blijven, en een lange opening jaagt ze weg.", "Open met een of twee korte zinnen die het probleem van je lezer noemen en wat het stuk oplevert; zet de achtergrond lager."},
	},
	// args: words, limit
	"wall-of-text": {
		msgFix{"%[1]d words follow each other here without a heading, list or image (aim for at most %[2]d): on a phone that is a wall of text.", "Break it up with a subheading, a short list, an image or a quote."},
		msgFix{"Hier staan %[1]d woorden achter elkaar zonder tussenkop, lijstje of afbeelding (streef naar hooguit %[2]d): op een telefoon is dat een muur van tekst.", "Breek het op met een tussenkop, een kort lijstje, een afbeelding of een citaat."},
	},
	// args: image URL
	"image-alt": {
		msgFix{"The image %[1]s has no alt text: screen reader users and readers whose images do not load miss what it shows.", "Describe what the image shows in the brackets: ![a bar chart of visitors per month](%[1]s)."},
		msgFix{"De afbeelding %[1]s heeft geen alt-tekst: wie een schermlezer gebruikt of de afbeelding niet ziet laden, mist wat erop staat.", "Beschrijf tussen de haken wat de afbeelding toont: ![staafdiagram van bezoekers per maand](%[1]s)."},
	},
	// args: writer words, reader words
	"reader-focus": {
		msgFix{"The post says we/I/our %[1]d times and you/your %[2]d times: it talks about the writer more than to the reader, and readers stay for what is in it for them.", "Rewrite sentences about yourself to what the reader gains: \"you get\" instead of \"we offer\"."},
		msgFix{"Het stuk zegt %[1]d keer ik/wij/ons en %[2]d keer je/jij/u: het gaat meer over de schrijver dan tegen de lezer, en lezers blijven voor wat het hun oplevert.", "Herschrijf zinnen over jezelf naar wat je lezer eraan heeft: \"je krijgt\" in plaats van \"wij bieden\"."},
	},
	// args: words
	"no-question": {
		msgFix{"The post has %[1]d words and asks the reader nothing: a question turns reading into a conversation and invites replies.", "Ask the reader something about their own situation, for example \"How do you handle this?\""},
		msgFix{"Het stuk heeft %[1]d woorden en stelt de lezer geen enkele vraag: een vraag maakt van lezen een gesprek en lokt reacties uit.", "Stel je lezer een vraag over zijn eigen situatie, bijvoorbeeld: \"Hoe pak jij dit aan?\""},
	},
	"no-cta": {
		msgFix{"The last paragraph invites the reader to nothing: readers who finish a post are the most willing to act, and then leave.", "End with one next step: a question to reply to, a link to a related post or an invitation to subscribe."},
		msgFix{"De laatste alinea nodigt de lezer nergens toe uit: wie een stuk uitleest, wil het liefst iets doen, en vertrekt nu.", "Sluit af met een volgende stap: een vraag om op te reageren, een link naar een verwant stuk of een uitnodiging om je in te schrijven."},
	},
	// args: minimum, links
	"no-internal-link": {
		msgFix{"The post links to %[2]d other posts of this blog (aim for at least %[1]d): a reader who finishes it has nowhere to go but away.", "Link to a related post where it helps the reader, with link text that says what they will find."},
		msgFix{"Het stuk linkt naar %[2]d andere stukken van deze blog (streef naar minstens %[1]d): een lezer die het uit heeft, kan alleen nog weg.", "Link naar een verwant stuk waar dat je lezer helpt, met linktekst die zegt wat hij er vindt."},
	},
	// args: minimum, links
	"orphan": {
		msgFix{"%[2]d other posts link here (aim for at least %[1]d): readers of the rest of the blog never find this one.", "Link to this post from one or two related older posts."},
		msgFix{"%[2]d andere stukken linken hierheen (streef naar minstens %[1]d): lezers van de rest van de blog vinden dit stuk nooit.", "Link vanuit een of twee verwante oudere stukken naar dit stuk."},
	},
}

// IDs returns every hint id, sorted.
func IDs() []string {
	return slices.Sorted(maps.Keys(messages))
}
