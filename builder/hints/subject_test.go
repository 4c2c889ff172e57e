package hints

import (
	"slices"
	"strings"
	"testing"
)

func TestJudgeSubject(t *testing.T) {
	tests := []struct {
		subject, lang string
		want          []string
	}{
		{"Vijf gewoonten van nieuwsbrieven die mensen openen", "nl", nil},
		{"Five habits of newsletters people open", "en", nil},
		{"", "nl", []string{"subject-empty"}},
		{"   ", "en", []string{"subject-empty"}},
		{strings.Repeat("Een onderwerp dat maar doorgaat ", 2), "nl", []string{"subject-length"}},
		{"GRATIS WEBINAR VOOR IEDEREEN", "nl", []string{"subject-caps"}},
		{"Nu aanmelden!!", "nl", []string{"subject-caps"}},
		{"Five habits of newsletters that people open", "nl", []string{"subject-lang"}},
		{"Vijf gewoonten van nieuwsbrieven die mensen openen", "en", []string{"subject-lang"}},
		{"Nieuw: de zomerlijst", "en", nil}, // too short to tell the language
	}
	for _, tt := range tests {
		var got []string
		hs := JudgeSubject(tt.subject, tt.lang)
		for _, h := range hs {
			got = append(got, h.ID)
			if h.Message == "" || h.Fix == "" || h.Text != strings.TrimSpace(tt.subject) {
				t.Errorf("%q: hint %+v", tt.subject, h)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("JudgeSubject(%q, %q) = %v, want %v", tt.subject, tt.lang, got, tt.want)
		}
	}
	if h := JudgeSubject("", "nl"); len(h) != 1 || !strings.Contains(h[0].Message, "onderwerp") {
		t.Errorf("Dutch newsletter, empty subject: %+v", h)
	}
}
