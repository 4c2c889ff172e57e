package dates

import (
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

func TestNode(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		yaml     string
		utcTimes bool
		want     string // RFC 3339
	}{
		{`date: 2019-02-08`, true, "2019-02-08T00:00:00+01:00"},
		{`date: "2019-02-08"`, true, "2019-02-08T00:00:00+01:00"},
		{`date: 2019-02-08 10:00:00`, true, "2019-02-08T10:00:00Z"},        // Ruby's YAML: UTC
		{`date: "2019-02-08 10:00:00"`, true, "2019-02-08T10:00:00+01:00"}, // Time.parse: site zone
		{`date: '2019-02-08 10:00:00'`, true, "2019-02-08T10:00:00+01:00"},
		{`date: 2019-02-08 10:00:00`, false, "2019-02-08T10:00:00+01:00"}, // Hugo: site zone
		{`date: 2019-02-08T10:00:00+02:00`, true, "2019-02-08T10:00:00+02:00"},
		{`date: 2019-02-08 7:53:26 +1h`, true, "2019-02-08T07:53:26+01:00"}, // not a YAML timestamp
		{`date: September 21, 2021`, true, "2021-09-21T00:00:00+02:00"},
	}
	for _, tt := range tests {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(tt.yaml), &doc); err != nil {
			t.Fatal(err)
		}
		n := doc.Content[0].Content[1]
		d, err := Parser{Location: ams, YAMLTimesUTC: tt.utcTimes}.Node(n)
		if err != nil {
			t.Errorf("%s: %v", tt.yaml, err)
			continue
		}
		want, _ := time.Parse(time.RFC3339, tt.want)
		if !d.Time.Equal(want) {
			t.Errorf("%s (utc %v): got %s, want %s", tt.yaml, tt.utcTimes, d.Time.Format(time.RFC3339), tt.want)
		}
	}
	if _, err := (Parser{}).Node(&yaml.Node{Kind: yaml.SequenceNode}); err == nil {
		t.Error("a list is not a date")
	}
}

func TestValue(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	p := Parser{Location: ams}
	fixed := time.Date(2020, 5, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		in   any
		want time.Time
	}{
		{"2019-02-08", time.Date(2019, 2, 8, 0, 0, 0, 0, ams)},
		{fixed, fixed},
		{1549619606, time.Unix(1549619606, 0)},
		{int64(1549619606), time.Unix(1549619606, 0)},
		{uint64(1549619606), time.Unix(1549619606, 0)},
		{float64(1549619606), time.Unix(1549619606, 0)},
	}
	for _, tt := range tests {
		d, err := p.Value(tt.in)
		if err != nil || !d.Time.Equal(tt.want) {
			t.Errorf("Value(%#v) = %v, %v; want %v", tt.in, d.Time, err, tt.want)
		}
	}
	for _, bad := range []any{nil, true, 1.5, []any{"2019-02-08"}, map[string]any{}} {
		if _, err := p.Value(bad); err == nil {
			t.Errorf("Value(%#v): no error", bad)
		}
	}
}

// TestValueTOML reads TOML dates without a zone in the site's zone, and
// with one as written.
func TestValueTOML(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	var fm map[string]any
	if _, err := toml.Decode("a = 2019-02-08T10:00:00\nb = 2019-02-08\nc = 2019-02-08T10:00:00Z\n", &fm); err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		"a": time.Date(2019, 2, 8, 10, 0, 0, 0, ams),
		"b": time.Date(2019, 2, 8, 0, 0, 0, 0, ams),
		"c": time.Date(2019, 2, 8, 10, 0, 0, 0, time.UTC),
	}
	for k, w := range want {
		d, err := Parser{Location: ams}.Value(fm[k])
		if err != nil || !d.Time.Equal(w) {
			t.Errorf("%s: got %v, %v; want %v", k, d.Time, err, w)
		}
	}
}

func TestNote(t *testing.T) {
	d, err := Parser{}.Parse("2019-02-08 7:53:26 +1h")
	if err != nil || d.Ignored != "+1h" || d.Note() == "" {
		t.Errorf("got %+v, %v; want +1h ignored with a note", d, err)
	}
	d, _ = Parser{}.Parse("2019-02-08 7:53:26 +01:00")
	if d.Note() != "" {
		t.Errorf("a known zone gets no note: %q", d.Note())
	}
}
