package newsletter_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestEscapeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=SUM(A1:A9)", "'=SUM(A1:A9)"},
		{"+31 6 1234", "'+31 6 1234"},
		{"-2+3", "'-2+3"},
		{"@cmd", "'@cmd"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"a=b", "a=b"},
		{" =x", " '=x"},
		{"'=x", "''=x"},
		{"''+x", "'''+x"},
		{"'x", "'x"},
		{"ada@example.com", "ada@example.com"},
		{"Jean-Luc", "Jean-Luc"},
		// Whatever a spreadsheet splits a row on, no piece starts a formula.
		{"Jan;=1+1", "Jan;'=1+1"},
		{"Jan,=1+1", "Jan,'=1+1"},
		{"Jan\t=1+1", "Jan\t'=1+1"},
		{"Jan|@SUM(A1)", "Jan|'@SUM(A1)"},
		{"a\n-2+3", "a\n'-2+3"},
		{"a\r\n+1", "a\r\n'+1"},
		{"Jan; =1+1", "Jan; '=1+1"},
		{`Jan;"=1+1"`, `Jan;"'=1+1"`},
		{"x;;=1", "x;;'=1"},
		{"a;'=1", "a;''=1"},
		{"blog,+vip", "blog,'+vip"},
		{"a \t b", "a \t b"},
	}
	for _, tc := range tests {
		if got := newsletter.EscapeCell(tc.in); got != tc.want {
			t.Errorf("EscapeCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestExportSplitAnywhere exports cells with formulas after every kind of
// separator and reads the file the way a spreadsheet set to another
// separator does, ignoring quotes: no piece may start a formula. Import
// gives every cell back as it was.
func TestExportSplitAnywhere(t *testing.T) {
	var buf bytes.Buffer
	enc, _ := newsletter.NewEncoder(&buf, newsletter.FormatCSV)
	want := newsletter.Subscriber{Email: "x@example.com", Name: "Jan;=1+1", Status: newsletter.StatusConfirmed, CreatedAt: t1,
		Consent: "a,=2+2|@SUM(1)\n-3; \"=5\"", Note: "''=x", Tags: []string{"t", "=6"}}
	enc.Encode(want)
	enc.Close()
	for _, sep := range []string{",", ";", "\t", "|", "\n", "\r"} {
		for _, cell := range strings.Split(buf.String(), sep) {
			cell = strings.TrimLeft(cell, " \"\r\n")
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("split on %q: cell %q starts a formula", sep, cell)
			}
		}
	}
	if !strings.Contains(buf.String(), `"Jan;'=1+1"`) {
		t.Errorf("a cell with ; is not quoted: %q", buf.String())
	}
	got, err := newsletter.ReadSubscribers(&buf, newsletter.FormatCSV, t1)
	if err != nil || len(got.Subscribers) != 1 {
		t.Fatalf("read back: %+v, %v", got, err)
	}
	want.ConfirmedAt = t1
	if s := got.Subscribers[0]; !reflect.DeepEqual(s, want) {
		t.Errorf("read back\n %+v\nwant\n %+v", s, want)
	}
}

var t1 = time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)

// sample is a small list with every kind of awkward cell.
func sample() []newsletter.Subscriber {
	return []newsletter.Subscriber{
		{Email: "ada@example.com", Name: "Ada King Lovelace", Status: newsletter.StatusConfirmed, CreatedAt: t1, ConfirmedAt: t1.Add(time.Minute),
			Consent: "Yes, send me the newsletter", ConsentAt: t1, Lang: "en", Source: "/posts/hello/", Referrer: "https://news.example/",
			UTMSource: "hn", UTMMedium: "social", UTMCampaign: "launch", Tags: []string{"blog", "early"},
			Sent: []newsletter.SentMail{{At: t1.Add(24 * time.Hour), Subject: "Hello", URL: "https://blog.example/posts/hello/"},
				{At: t1.Add(48 * time.Hour), Subject: "Two", URL: "https://blog.example/posts/two/"}}},
		{Email: "bo@example.nl", Name: "Bo \"de\" Vries", Status: newsletter.StatusPending, CreatedAt: t1.Add(time.Hour),
			Consent: "Ja, stuur me mail,\nelke week", ConsentAt: t1.Add(time.Hour), Lang: "nl", Source: "/posts/lezen/", Note: "=HYPERLINK(\"http://evil\")"},
		{Email: "cy@example.org", Name: "@cy", Status: newsletter.StatusUnsubscribed, CreatedAt: t1.Add(2 * time.Hour),
			UnsubscribedAt: t1.Add(3 * time.Hour), Consent: "-", Lang: "en", Tags: []string{"+vip"}, UTMCampaign: "\tx",
			BouncedAt: t1.Add(150 * time.Minute), Bounce: "550 5.1.1 no such user"},
	}
}

func TestExportGolden(t *testing.T) {
	for _, f := range newsletter.ExportFormats() {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			enc, err := newsletter.NewEncoder(&buf, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range sample() {
				if err := enc.Encode(s); err != nil {
					t.Fatal(err)
				}
			}
			if err := enc.Close(); err != nil {
				t.Fatal(err)
			}
			ext := ".csv"
			if f == newsletter.FormatJSON {
				ext = ".json"
			}
			golden := filepath.Join("testdata", "export", string(f)+ext)
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("export differs from %s (go test -update rewrites it):\n got %q\nwant %q", golden, buf.Bytes(), want)
			}
		})
	}
	if _, err := newsletter.NewEncoder(io.Discard, "xls"); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestExportEmpty(t *testing.T) {
	for f, want := range map[newsletter.Format]string{newsletter.FormatJSON: "[]\n", newsletter.FormatKit: "email,first_name,last_name,tags\r\n"} {
		var buf bytes.Buffer
		if n, err := newsletter.Export(context.Background(), openStore(t), &buf, f, newsletter.Filter{}); err != nil || n != 0 {
			t.Fatalf("Export = %d, %v", n, err)
		}
		if buf.String() != want {
			t.Errorf("empty %s export = %q, want %q", f, buf.String(), want)
		}
	}
}

// TestImportRoundTrip exports the sample in every format, reads it back and
// checks each field the format carries.
func TestImportRoundTrip(t *testing.T) {
	now := time.Date(2026, 9, 9, 9, 9, 9, 0, time.UTC)
	type fields func(newsletter.Subscriber) any
	name := func(s newsletter.Subscriber) any { return s.Name }
	tests := []struct {
		format newsletter.Format
		keep   []fields
		status bool // the format says who unsubscribed
	}{
		// CSV reads back all but the send record, which is there to be read.
		{newsletter.FormatCSV, []fields{func(s newsletter.Subscriber) any { s.BouncedAt, s.Bounce, s.Sent = time.Time{}, "", nil; return s }}, true},
		{newsletter.FormatJSON, []fields{func(s newsletter.Subscriber) any { return s }}, true},
		{newsletter.FormatMailchimp, []fields{name, func(s newsletter.Subscriber) any { return s.Tags }}, false},
		{newsletter.FormatKit, []fields{name, func(s newsletter.Subscriber) any { return s.Tags }}, false},
		{newsletter.FormatButtondown, []fields{func(s newsletter.Subscriber) any {
			return fmt.Sprint(s.Note, s.Tags, s.CreatedAt, s.Referrer, s.UTMSource, s.UTMMedium, s.UTMCampaign)
		}}, false},
		{newsletter.FormatGhost, []fields{name, func(s newsletter.Subscriber) any { return fmt.Sprint(s.Note, s.Tags, s.CreatedAt) }}, true},
	}
	for _, tc := range tests {
		t.Run(string(tc.format), func(t *testing.T) {
			var buf bytes.Buffer
			enc, _ := newsletter.NewEncoder(&buf, tc.format)
			for _, s := range sample() {
				enc.Encode(s)
			}
			enc.Close()
			got, err := newsletter.ReadSubscribers(&buf, newsletter.FormatAuto, now)
			if err != nil {
				t.Fatal(err)
			}
			if got.Format != tc.format {
				t.Errorf("detected %s, want %s", got.Format, tc.format)
			}
			if got.Rows != 3 || len(got.Subscribers) != 3 || len(got.Invalid)+len(got.Duplicates) != 0 {
				t.Fatalf("read %+v", got)
			}
			for i, want := range sample() {
				want = newsletter.Sanitize(want) // import drops control characters
				g := got.Subscribers[i]
				if g.Email != want.Email {
					t.Errorf("row %d email %q, want %q", i, g.Email, want.Email)
				}
				for _, f := range tc.keep {
					if !reflect.DeepEqual(f(g), f(want)) {
						t.Errorf("row %d:\n got %+v\nwant %+v", i, f(g), f(want))
					}
				}
				// Formats without a pending state still tell who receives mail.
				if tc.status && (g.Status == newsletter.StatusConfirmed) != (want.Status == newsletter.StatusConfirmed) {
					t.Errorf("row %d status %s, want %s", i, g.Status, want.Status)
				}
			}
		})
	}
}

func TestImportReports(t *testing.T) {
	in := "\ufeffEmail Address,First Name,Last Name,TAGS\r\n" +
		"ada@example.com,Ada,Lovelace,\"a, b\"\r\n" +
		"not-an-address,X,,\r\n" +
		",,,\r\n" +
		"ADA@example.com,Ada,,\r\n" +
		"bo@example.nl,Bo,,\r\n"
	got, err := newsletter.ReadSubscribers(bytes.NewBufferString(in), newsletter.FormatAuto, t1)
	if err != nil {
		t.Fatal(err)
	}
	if got.Format != newsletter.FormatMailchimp || got.Rows != 5 || len(got.Subscribers) != 2 {
		t.Fatalf("read %+v", got)
	}
	wantInvalid := []newsletter.RowProblem{{Line: 3, Email: "not-an-address", Why: `"not-an-address" needs one @ with text on both sides`}, {Line: 4, Email: "", Why: "no address"}}
	if !reflect.DeepEqual(got.Invalid, wantInvalid) {
		t.Errorf("invalid = %+v, want %+v", got.Invalid, wantInvalid)
	}
	wantDup := []newsletter.RowProblem{{Line: 5, Email: "ADA@example.com", Why: "same address as line 2"}}
	if !reflect.DeepEqual(got.Duplicates, wantDup) {
		t.Errorf("duplicates = %+v, want %+v", got.Duplicates, wantDup)
	}
	if s := got.Subscribers[0]; s.Name != "Ada Lovelace" || !reflect.DeepEqual(s.Tags, []string{"a", "b"}) || s.Status != newsletter.StatusConfirmed || !s.CreatedAt.Equal(t1) {
		t.Errorf("first row %+v", s)
	}
}

func TestImportSubstack(t *testing.T) {
	in := "email,active_subscription,expiry,plan,email_disabled,created_at\n" +
		"free@example.com,false,,free,false,2025-11-02T10:00:00.000Z\n" +
		"gone@example.com,false,,free,true,2024-01-05T08:30:00.000Z\n"
	got, err := newsletter.ReadSubscribers(bytes.NewBufferString(in), newsletter.FormatAuto, t1)
	if err != nil {
		t.Fatal(err)
	}
	if got.Format != newsletter.FormatSubstack || len(got.Subscribers) != 2 {
		t.Fatalf("read %+v", got)
	}
	a, b := got.Subscribers[0], got.Subscribers[1]
	if a.Status != newsletter.StatusConfirmed || !a.CreatedAt.Equal(time.Date(2025, 11, 2, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("active row %+v", a)
	}
	if b.Status != newsletter.StatusUnsubscribed {
		t.Errorf("disabled row %+v", b)
	}
}

func TestImportBadFiles(t *testing.T) {
	for name, in := range map[string]string{
		"empty":       "",
		"no email":    "name,tags\nAda,x\n",
		"broken csv":  "email\n\"ada@example.com\n",
		"json object": "[{\"email\": 3}]",
		"json status": "[{\"email\": \"a@example.com\", \"status\": \"vip\"}]",
	} {
		if _, err := newsletter.ReadSubscribers(bytes.NewBufferString(in), newsletter.FormatAuto, t1); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// heapWatch discards what is written and samples the live heap now and
// then, to show an export's memory does not grow with the list.
type heapWatch struct {
	peak   *uint64
	writes int
}

func (h *heapWatch) Write(p []byte) (int, error) {
	if h.writes++; h.writes%200 == 0 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		*h.peak = max(*h.peak, m.HeapAlloc)
	}
	return len(p), nil
}

// BenchmarkExport100k streams 100,000 subscribers from a SQLite file to
// CSV; -benchmem shows memory per run does not grow with the list.
func BenchmarkExport100k(b *testing.B) {
	s := openStore(b)
	subs := make([]newsletter.Subscriber, 100_000)
	for i := range subs {
		subs[i] = sample()[i%3]
		subs[i].Email = fmt.Sprintf("reader%06d@example.com", i)
		subs[i].CreatedAt = t1.Add(time.Duration(i) * time.Second)
	}
	if _, err := s.Import(context.Background(), newsletter.FromSlice(subs), false); err != nil {
		b.Fatal(err)
	}
	subs = nil
	for _, f := range []newsletter.Format{newsletter.FormatCSV, newsletter.FormatMailchimp, newsletter.FormatJSON} {
		b.Run(string(f), func(b *testing.B) {
			var peak uint64
			for b.Loop() {
				runtime.GC()
				w := &heapWatch{peak: &peak}
				n, err := newsletter.Export(context.Background(), s, w, f, newsletter.Filter{})
				if err != nil || n != 100_000 {
					b.Fatalf("Export = %d, %v", n, err)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}
