package hints

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestCallToActionAgreement runs the no-cta check on the labelled post
// endings in testdata/cta: a file under invites/ ends with an invitation,
// one under silent/ does not. It reports the agreement and fails below
// 90 %.
func TestCallToActionAgreement(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "cta", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no labelled endings: %v", err)
	}
	agree, total, perLang := 0, 0, map[string][2]int{}
	for _, f := range files {
		a, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range a.Files {
			kind, name, _ := strings.Cut(x.Name, "/")
			lang, _, _ := strings.Cut(name, "-")
			if kind != "invites" && kind != "silent" || lang != "nl" && lang != "en" {
				t.Fatalf("%s: %s: name it invites/LANG-slug.md or silent/LANG-slug.md", f, x.Name)
			}
			r := Analyze(Input{File: x.Name, Title: okTitle, Lang: lang, Body: x.Data}, DefaultThresholds())
			fired := slices.Contains(ids(r), "no-cta")
			ok := fired == (kind == "silent")
			total++
			c := perLang[lang]
			c[1]++
			if ok {
				agree++
				c[0]++
			} else {
				t.Logf("disagree: %s (no-cta fired: %v)", x.Name, fired)
			}
			perLang[lang] = c
		}
	}
	if total < 40 || perLang["nl"][1] < total/2 {
		t.Errorf("%d endings, %d Dutch: want at least 40, half of them Dutch", total, perLang["nl"][1])
	}
	pct := 100 * float64(agree) / float64(total)
	t.Logf("call-to-action agreement: %d/%d = %.1f%% (nl %d/%d, en %d/%d)", agree, total, pct,
		perLang["nl"][0], perLang["nl"][1], perLang["en"][0], perLang["en"][1])
	if pct < 90 {
		t.Errorf("agreement %.1f%%, want at least 90%%", pct)
	}
}

func TestInvites(t *testing.T) {
	for s, want := range map[string]bool{
		"Laat het me weten in de reacties.":                   true,
		"Wat vind jij daarvan":                                true,
		"Dus reageer gerust.":                                 true,
		"Deel deze post met een collega.":                     true,
		"Deel twee verschijnt volgende week.":                 false,
		"Het delen van kennis kost tijd.":                     false,
		"Lezen ontspant.":                                     false,
		"Lees verder in het volgende stuk.":                   true,
		"Please subscribe below.":                             true,
		"Sharing is hard.":                                    false,
		"Let me know what you think.":                         true,
		"I’d love to hear from you.":                          true,
		"The comments were closed in 2019.":                   false,
		"Ik nodig je van harte uit om mee te doen.":           true,
		"Voel je vrij om er iets aan toe te voegen.":          true,
		"Kijk, zo werkt het.":                                 false,
		"Hoe mensen reageren op kritiek zegt veel over ze.":   false,
		"Meld je aan voor de workshop van zaterdag.":          true,
		"So go ahead and try it on your own blog this week.":  true,
		"Onze lezers reageren altijd snel op een nieuw stuk.": false,
	} {
		if got := invites(s); got != want {
			t.Errorf("invites(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCreditsAndSignatures(t *testing.T) {
	for s, want := range map[string]bool{
		"Foto: Jan Visser":                    true,
		"*Photo by Tom on Unsplash*":          true,
		"© 2024 Marieke de Boer":              true,
		"Dit stuk verscheen eerder in Trouw.": true,
		"Fotograferen doe ik al jaren.":       false,
	} {
		if got := credit(s); got != want {
			t.Errorf("credit(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]bool{
		"Groetjes, Sanne":          true,
		"Pieter van der Berg":      true,
		"Cheers, Dave":             true,
		"Succes!":                  true,
		"See you in the comments!": false,
		"Dat was het.":             false,
	} {
		if got := signature(s, len(strings.Fields(s))); got != want {
			t.Errorf("signature(%q) = %v, want %v", s, got, want)
		}
	}
}
