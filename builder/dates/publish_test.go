package dates

import "testing"

func TestJekyllVisibility(t *testing.T) {
	tests := []struct {
		name string
		v    Visibility
		keep bool
		warn bool
	}{
		{"no keys", Visibility{}, true, false},
		{"published: true", Visibility{Published: true, HasPublished: true}, true, false},
		{"published: false", Visibility{Published: false, HasPublished: true}, false, false},
		{"published: (empty)", Visibility{HasPublished: true}, false, true},
		{"published: terug", Visibility{Published: "terug", HasPublished: true}, true, true},
		{`published: "false"`, Visibility{Published: "false", HasPublished: true, PublishedQuoted: true}, true, true},
		{"published: no", Visibility{Published: "no", HasPublished: true}, false, true},
		{"published: off", Visibility{Published: "Off", HasPublished: true}, false, true},
		{`published: "no"`, Visibility{Published: "no", HasPublished: true, PublishedQuoted: true}, true, true},
		{"published: yes", Visibility{Published: "yes", HasPublished: true}, true, false},
		{"published: 0", Visibility{Published: 0, HasPublished: true}, true, true},
		{"draft: true", Visibility{Draft: true, HasDraft: true}, true, true},
		{"draft: false", Visibility{Draft: false, HasDraft: true}, true, false},
		{"draft: true, published: false", Visibility{Draft: true, HasDraft: true, Published: false, HasPublished: true}, false, true},
	}
	for _, tt := range tests {
		d := tt.v.Jekyll()
		if d.Keep != tt.keep || (d.Warning != "") != tt.warn {
			t.Errorf("%s: got %+v, want keep %v warning %v", tt.name, d, tt.keep, tt.warn)
		}
	}
}

func TestHugoVisibility(t *testing.T) {
	tests := []struct {
		name string
		v    Visibility
		keep bool
		warn bool
	}{
		{"no keys", Visibility{}, true, false},
		{"draft: true", Visibility{Draft: true, HasDraft: true}, false, false},
		{"draft: false", Visibility{Draft: false, HasDraft: true}, true, false},
		{`draft: "true"`, Visibility{Draft: "true", HasDraft: true}, false, false},
		{"draft: terug", Visibility{Draft: "terug", HasDraft: true}, true, true},
		{"draft: 1", Visibility{Draft: 1, HasDraft: true}, false, false},
		{"draft: (empty)", Visibility{HasDraft: true}, true, false},
		{"published: false", Visibility{Published: false, HasPublished: true}, false, false},
		{"published: terug", Visibility{Published: "terug", HasPublished: true}, true, true},
		{"published: 2019-02-08", Visibility{Published: "2019-02-08", HasPublished: true}, true, true},
		{"draft: false, published: false", Visibility{Draft: false, HasDraft: true, Published: false, HasPublished: true}, true, true},
	}
	for _, tt := range tests {
		d := tt.v.Hugo()
		if d.Keep != tt.keep || (d.Warning != "") != tt.warn {
			t.Errorf("%s: got %+v, want keep %v warning %v", tt.name, d, tt.keep, tt.warn)
		}
	}
}
