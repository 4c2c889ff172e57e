package hints

import (
	"testing"

	"github.com/BurntSushi/toml"
)

// TestThresholdsTOML decodes a [hints] table the way the site config does:
// over the defaults, so keys left out keep their values.
func TestThresholdsTOML(t *testing.T) {
	cfg := struct {
		Hints Thresholds `toml:"hints"`
	}{DefaultThresholds()}
	md, err := toml.Decode("[hints]\nflesch_good = 70\nmin_words = 0\ndisable = [\"orphan\"]\n", &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(md.Undecoded()) != 0 {
		t.Errorf("undecoded keys %v", md.Undecoded())
	}
	th := cfg.Hints
	if th.FleschGood != 70 || th.MinWords != 0 || th.FleschPoor != 50 || th.TitleMaxChars != 60 || len(th.Disable) != 1 {
		t.Errorf("decoded %+v", th)
	}
	if err := th.Validate(); err != nil {
		t.Error(err)
	}
	r := Analyze(Input{Title: "t", Body: []byte(easy)}, th)
	r.AddLinkHints(1, 0, th)
	for _, h := range r.Hints {
		if h.ID == "short-post" || h.ID == "orphan" {
			t.Errorf("hint %s given although switched off", h.ID)
		}
	}
}
