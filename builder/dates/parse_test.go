package dates

import (
	"bufio"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/ruby.tsv from Ruby's Time.parse (needs ruby)")

// zones are the site zones every input is read in.
var zones = []string{"UTC", "Europe/Amsterdam", "America/New_York"}

// differences are the inputs where this package departs from Ruby on
// purpose (see the package manual): what it gives instead, as a wall clock
// in the site's zone, "@unix" for an instant, or "error".
var differences = map[string]string{
	"10:00":                      "error", // Ruby: today
	"September":                  "error", // Ruby: the first of September this year
	"September 21":               "error", // Ruby: this year
	"8 Feb":                      "error",
	"Feb 8":                      "error",
	"1549619606":                 "@1549619606",         // Ruby: argument out of range; Hugo reads unix seconds
	"21 mei 2021":                "2021-05-21T00:00:00", // Ruby: the 21st of this month
	"21 oktober 2021":            "2021-10-21T00:00:00",
	"3 maart 2020":               "2020-03-03T00:00:00", // Ruby: argument out of range
	"-2019-02-08":                "error",               // years before 1
	"H31.02.08":                  "error",               // Japanese era
	"2019-02-08 10:00 +01:00:30": "error",               // seconds in an offset have no use in a post date
}

const rubyScript = `require 'time'
ENV['TZ'] = ARGV[0]
STDIN.each_line do |l|
  s = l.chomp
  begin
    puts "#{ARGV[0]}\t#{s}\t#{Time.parse(s).localtime.strftime('%Y-%m-%dT%H:%M:%S.%N%:z @%s.%N')}"
  rescue ArgumentError => e
    puts "#{ARGV[0]}\t#{s}\terror: #{e.message}"
  end
end
`

// TestParseAsRuby reads every line of testdata/inputs.txt in three site
// zones and compares with what Ruby's Time.parse, and so Jekyll, made of it.
func TestParseAsRuby(t *testing.T) {
	if *update {
		writeRubyGolden(t)
	}
	f, err := os.Open(filepath.Join("testdata", "ruby.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		cols := strings.SplitN(sc.Text(), "\t", 3)
		if len(cols) != 3 {
			t.Fatalf("ruby.tsv: bad line %q", sc.Text())
		}
		tz, input, want := cols[0], cols[1], cols[2]
		loc, err := time.LoadLocation(tz)
		if err != nil {
			t.Fatal(err)
		}
		n++
		got, err := Parser{Location: loc}.Parse(input)
		if d, ok := differences[input]; ok {
			want = d
			switch {
			case d == "error":
			case strings.HasPrefix(d, "@"):
				want = time.Unix(int64(atoi(d[1:])), 0).Format(time.RFC3339Nano)
			default:
				w, perr := time.ParseInLocation("2006-01-02T15:04:05", d, loc)
				if perr != nil {
					t.Fatal(perr)
				}
				want = w.Format(time.RFC3339Nano)
			}
		}
		if strings.HasPrefix(want, "error") {
			if err == nil {
				t.Errorf("%s %q: got %v, want an error (Ruby: %s)", tz, input, got.Time, want)
			} else if !errors.Is(err, ErrNotDate) || !strings.Contains(err.Error(), Expected) {
				t.Errorf("%s %q: error %q does not name the expected forms", tz, input, err)
			}
			continue
		}
		wt, perr := rubyInstant(want)
		if perr != nil {
			t.Fatalf("ruby.tsv: %q: %v", want, perr)
		}
		if err != nil {
			t.Errorf("%s %q: %v, want %s", tz, input, err, want)
		} else if !got.Time.Equal(wt) {
			t.Errorf("%s %q: got %s, want %s", tz, input, got.Time.Format(time.RFC3339Nano), wt.Format(time.RFC3339Nano))
		}
	}
	if n < 300 {
		t.Errorf("ruby.tsv has %d cases, want every input in %d zones", n, len(zones))
	}
}

// rubyInstant reads "2019-02-08T10:00:00.000000000+01:00 @1549616400.000000000",
// where the unix time keeps the seconds of old local offsets, or a plain
// RFC 3339 time.
func rubyInstant(s string) (time.Time, error) {
	_, unix, ok := strings.Cut(s, " @")
	if !ok {
		return time.Parse(time.RFC3339Nano, s)
	}
	sec, nsec, _ := strings.Cut(unix, ".")
	return time.Unix(int64(atoi(sec)), int64(atoi(nsec))), nil
}

func writeRubyGolden(t *testing.T) {
	ruby, err := exec.LookPath("ruby")
	if err != nil {
		t.Fatal("-update needs ruby on PATH")
	}
	in, err := os.ReadFile(filepath.Join("testdata", "inputs.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, tz := range zones {
		cmd := exec.Command(ruby, "-e", rubyScript, tz)
		cmd.Stdin = strings.NewReader(string(in))
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("ruby: %v", err)
		}
		out.Write(b)
	}
	if err := os.WriteFile(filepath.Join("testdata", "ruby.tsv"), []byte(out.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
