package newsletter_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/kopij/kopij/newsletter"
)

// TestImportLineEnds reads one file with LF, CRLF and bare CR line ends
// and expects the same rows, line numbers and cells from all three.
func TestImportLineEnds(t *testing.T) {
	lines := []string{
		"email,name,consent,note",
		"ada@example.com,Ada,\"Ja,|mail me\",first",
		"broken,X,,",
		"bo@example.nl,Bo,,\"two|lines\"",
		"",
		"cy@example.org,Cy,,last",
	}
	var want *newsletter.ImportFile
	for _, end := range []string{"\n", "\r\n", "\r"} {
		in := strings.ReplaceAll(strings.Join(lines, end)+end, "|", end)
		got, err := newsletter.ReadSubscribers(strings.NewReader(in), newsletter.FormatAuto, t1)
		if err != nil {
			t.Fatalf("%q: %v", end, err)
		}
		if len(got.Subscribers) != 3 || got.Rows != 4 || len(got.Invalid) != 1 || got.Invalid[0].Line != 4 {
			t.Fatalf("%q: read %+v", end, got)
		}
		if c := got.Subscribers[0].Consent; c != "Ja,\nmail me" {
			t.Errorf("%q: a line break in a quoted cell reads as %q", end, c)
		}
		if n := got.Subscribers[2].Note; n != "last" {
			t.Errorf("%q: the last row's last cell is %q", end, n)
		}
		if want == nil {
			want = got
		} else if !reflect.DeepEqual(got, want) {
			t.Errorf("%q line ends read\n %+v\nLF read\n %+v", end, got, want)
		}
	}
}

// TestImportControlCharacters checks that control characters never reach
// a store, whatever the column and the file format.
func TestImportControlCharacters(t *testing.T) {
	for name, in := range map[string]string{
		"csv":  "email,name,note,tags,source\nada@example.com,\"A\x00da\x1b[2J\",\"x\x00\r\ny\",\"t\x07,u\",/p/\x1b\n",
		"json": `[{"email":"ada@example.com","name":"A\u0000da\u001b[2J","note":"x\u0000\r\ny","tags":["t\u0007","u"],"source":"/p/\u001b"}]`,
	} {
		got, err := newsletter.ReadSubscribers(strings.NewReader(in), newsletter.FormatAuto, t1)
		if err != nil || len(got.Subscribers) != 1 {
			t.Fatalf("%s: %+v, %v", name, got, err)
		}
		s := got.Subscribers[0]
		if s.Name != "A da [2J" || s.Note != "x \ny" || !reflect.DeepEqual(s.Tags, []string{"t", "u"}) || s.Source != "/p/" {
			t.Errorf("%s: read %q %q %q %q", name, s.Name, s.Note, s.Tags, s.Source)
		}
	}
}

func TestImportTruncatedJSON(t *testing.T) {
	in := `[{"email":"ada@example.com"},{"email":"bo@example.nl"}`
	if got, err := newsletter.ReadSubscribers(strings.NewReader(in), newsletter.FormatAuto, t1); err == nil {
		t.Errorf("a JSON file cut off before ] was read as %+v", got)
	}
}

// FuzzReadSubscribers reads arbitrary files. It must never panic, and what
// it yields must be fit to store: valid addresses, no repeats and no
// control characters but line breaks in the two multi-line fields.
func FuzzReadSubscribers(f *testing.F) {
	for _, s := range []string{
		"email,name\nada@example.com,Ada\n",
		"Email Address,First Name,Last Name,Tags\r\nada@example.com,Ada,L,\"a,b\"\r\n",
		"email\rada@example.com\rbo@example.nl\r",
		"email,note\n\"ada@example.com\",\"x\ry\"\n",
		"email,name\nada@example.com,\x00\x1b\n",
		`[{"email":"ada@example.com","tags":["x"]}]`,
		`[{"email":"ada@example.com"}`,
		"\ufeffemail\n=1+1@example.com\n",
		"email,status\nada@example.com,unsubscribed\nADA@example.com,\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := newsletter.ReadSubscribers(strings.NewReader(in), newsletter.FormatAuto, t1)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, s := range got.Subscribers {
			if err := newsletter.ValidateEmail(s.Email); err != nil || seen[s.Email] {
				t.Fatalf("yielded %q: %v (repeat: %v)", s.Email, err, seen[s.Email])
			}
			seen[s.Email] = true
			for _, f := range append([]string{s.Name, s.Lang, s.Source, s.Referrer, s.UTMSource, s.UTMMedium, s.UTMCampaign, s.Consent, s.Note}, s.Tags...) {
				for _, r := range f {
					if unicode.IsControl(r) && (r != '\n' || f != s.Consent && f != s.Note) {
						t.Fatalf("yielded a control character %U in %q", r, f)
					}
				}
			}
		}
		if got.Rows != len(got.Subscribers)+len(got.Invalid)+len(got.Duplicates) {
			t.Fatalf("%d rows, but %d kept, %d invalid, %d repeated", got.Rows, len(got.Subscribers), len(got.Invalid), len(got.Duplicates))
		}
	})
}
