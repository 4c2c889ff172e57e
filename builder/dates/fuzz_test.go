package dates

import (
	"bufio"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParse checks that Parse ends on any text without a panic, that an
// error always names the expected forms, and that a parsed date reads back
// the same from its RFC 3339 form.
func FuzzParse(f *testing.F) {
	in, err := os.Open(filepath.Join("testdata", "inputs.txt"))
	if err != nil {
		f.Fatal(err)
	}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		f.Add(sc.Text())
	}
	in.Close()
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	p := Parser{Location: ams}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := p.Parse(s)
		if err != nil {
			if d != (Date{}) {
				t.Fatalf("%q: error %v with a date %v", s, err, d)
			}
			return
		}
		if d.Time.Year() < 1 || d.Time.Year() > 10000 {
			t.Fatalf("%q: year %d", s, d.Time.Year())
		}
		back, err := p.Parse(d.Time.UTC().Format(time.RFC3339Nano))
		if err != nil || !back.Time.Equal(d.Time) {
			t.Fatalf("%q -> %s does not read back: %v %v", s, d.Time.Format(time.RFC3339Nano), back.Time, err)
		}
		p.FileName("_posts/" + s + "-x.md")
	})
}
