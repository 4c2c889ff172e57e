package dates

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Expected names the date forms an error message suggests.
const Expected = "2006-01-02, 2006-01-02 15:04:05 +0100 or September 21, 2021"

// maxLen bounds the text Parse looks at; no date form is longer.
const maxLen = 128

// ErrNotDate is wrapped by every error for a text that is not a date.
var ErrNotDate = errors.New("not a date")

// Error is a text that is not a date, and why.
type Error struct {
	Input  string // the text as given
	Reason string // what is wrong with it
}

func (e *Error) Error() string {
	return fmt.Sprintf("%q is not a date: %s (write it as %s)", e.Input, e.Reason, Expected)
}

// Unwrap makes errors.Is(err, ErrNotDate) true.
func (e *Error) Unwrap() error { return ErrNotDate }

// Parser reads the dates of one site.
type Parser struct {
	Location     *time.Location // zone of dates written without one; nil is UTC
	YAMLTimesUTC bool           // Node: an unquoted YAML timestamp with a time but no zone is UTC (Jekyll, through Ruby's YAML)
	// IgnoreZoneNames reads a zone written as a name (UTC, GMT, MST, CET)
	// as no zone, in Location, as Hugo does; offsets and Z still apply.
	IgnoreZoneNames bool
}

// Date is a parsed date and what the parser made of its text.
type Date struct {
	Time    time.Time // in the written zone, or in Parser.Location when none was written
	Clock   bool      // the text had a time of day
	Zone    bool      // the text had a zone that was applied
	Ignored string    // a zone skipped as Ruby's Time.parse skips it, such as "+1h"; "" when none
}

func (p Parser) loc() *time.Location {
	if p.Location == nil {
		return time.UTC
	}
	return p.Location
}

var (
	unixRE    = regexp.MustCompile(`^\d{9,11}$`)
	compactRE = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})(?:t(\d{2})(\d{2})(\d{2})?(z|[+-]\d{2}:?\d{2})?)?$`)
	clockRE   = regexp.MustCompile(`(?:^|[^\d:.])(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d+))?)?(?:\s*([ap])(?:m\b|\.m\.))?`)
	hourAmRE  = regexp.MustCompile(`(?:^|[^\d:])(\d{1,2})\s*([ap])(?:m\b|\.m\.)`)
	month     = `(jan|feb|maart|mar|mrt|apr|may|mei|jun|jul|aug|sep|oct|okt|nov|dec)[a-z]*\.?`
	euRE      = regexp.MustCompile(`(?:^|\D)(\d{1,2})(?:st|nd|rd|th|ste|de|e)?\.?[\s-]*` + month + `(?:[\s,.-]+(\d{1,4})\b)?`)
	usRE      = regexp.MustCompile(`(?:^|[^a-z])` + month + `[\s-]*(\d{1,4})(?:st|nd|rd|th)?\b(?:[\s,.-]+(\d{1,4})\b)?`)
	isoRE     = regexp.MustCompile(`(?:^|\D)(\d{1,4})-(\d{1,2})-(\d{1,4})(?:\D|$)`)
	slashRE   = regexp.MustCompile(`(?:^|\D)(\d{1,4})/(\d{1,2})/(\d{1,4})(?:\D|$)`)
	dotRE     = regexp.MustCompile(`(?:^|\D)(\d{1,4})\.(\d{1,2})\.(\d{1,4})(?:\D|$)`)
	ydayRE    = regexp.MustCompile(`(?:^|\D)(\d{4})-(\d{3})(?:\D|$)`)
	eraRE     = regexp.MustCompile(`(?i)(?:^|[^a-z])[mtshr]\d+\.\d+\.\d+`)
	yearRE    = regexp.MustCompile(`(?:^|\D)(\d{3,4})(?:\D|$)`)
)

// parts are the fields of a date as read, before validation.
type parts struct {
	year, month, day     int
	yearDigits           int // digits the year was written with; 1 or 2 get a century
	yday                 int // day of the year, when written so
	hour, min, sec, nsec int
	clock, zoned         bool
	offset               int    // seconds east of UTC, when zoned
	zoneName             string // a zone name to look up in the site's zone
	ignoreNames          bool   // Parser.IgnoreZoneNames
	ignored              string
}

// Parse reads a date written in any form of the package manual.
func (p Parser) Parse(s string) (Date, error) {
	in := s
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return Date{}, &Error{Input: in, Reason: "it is empty"}
	case len(s) > maxLen:
		return Date{}, &Error{Input: in, Reason: "it is too long for a date"}
	case s[0] == '-' && len(s) > 1 && s[1] >= '0' && s[1] <= '9':
		return Date{}, &Error{Input: in, Reason: "years before 1 are not supported"}
	case eraRE.MatchString(s):
		return Date{}, &Error{Input: in, Reason: "Japanese era years are not supported"}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return Date{Time: t, Clock: true, Zone: true}, nil
	}
	if unixRE.MatchString(s) {
		n, _ := strconv.ParseInt(s, 10, 64) // at most 11 digits
		return Date{Time: time.Unix(n, 0).In(p.loc()), Clock: true, Zone: true}, nil
	}
	low := strings.ToLower(s)
	f := parts{ignoreNames: p.IgnoreZoneNames}
	if m := compactRE.FindStringSubmatch(low); m != nil {
		f.year, f.yearDigits, f.month, f.day = atoi(m[1]), 4, atoi(m[2]), atoi(m[3])
		if m[4] != "" {
			f.clock = true
			f.hour, f.min, f.sec = atoi(m[4]), atoi(m[5]), atoi(m[6])
		}
		if m[7] != "" {
			if err := f.zone(in, m[7]); err != nil {
				return Date{}, err
			}
		}
		return p.build(in, f)
	}
	rest, err := f.readClock(in, low)
	if err != nil {
		return Date{}, err
	}
	if !f.readDate(rest) {
		reason := "it has no day, month and year"
		if yearRE.MatchString(rest) || strings.ContainsAny(rest, "0123456789") && usRE.MatchString(rest) {
			reason = "it has no year, or no day and month"
		}
		return Date{}, &Error{Input: in, Reason: reason}
	}
	return p.build(in, f)
}

// readClock finds a time of day and the zone after it, and returns the
// text with both blanked out.
func (f *parts) readClock(in, low string) (string, error) {
	var start, end int
	if m := clockRE.FindStringSubmatchIndex(low); m != nil {
		start, end = m[2], m[1]
		f.hour, f.min = atoi(low[m[2]:m[3]]), atoi(low[m[4]:m[5]])
		if m[6] >= 0 {
			f.sec = atoi(low[m[6]:m[7]])
		}
		if m[8] >= 0 {
			frac := low[m[8]:m[9]]
			if len(frac) > 9 {
				frac = frac[:9]
			}
			f.nsec = atoi(frac + strings.Repeat("0", 9-len(frac)))
		}
		if m[10] >= 0 {
			if err := f.meridiem(in, low[m[10]]); err != nil {
				return "", err
			}
		}
	} else if m := hourAmRE.FindStringSubmatchIndex(low); m != nil {
		start, end = m[2], m[1]
		f.hour = atoi(low[m[2]:m[3]])
		if err := f.meridiem(in, low[m[4]]); err != nil {
			return "", err
		}
	} else {
		return low, nil
	}
	f.clock = true
	n, text := zoneText(low[end:])
	if text != "" {
		if err := f.zone(in, text); err != nil {
			return "", err
		}
		end += n
	}
	return low[:start] + strings.Repeat(" ", end-start) + low[end:], nil
}

func (f *parts) meridiem(in string, ap byte) error {
	if f.hour < 1 || f.hour > 12 {
		return &Error{Input: in, Reason: fmt.Sprintf("hour %d does not go with am or pm", f.hour)}
	}
	f.hour %= 12
	if ap == 'p' {
		f.hour += 12
	}
	return nil
}

// readDate finds the day, month and year in what the clock left, in the
// order Ruby's Date._parse tries its forms.
func (f *parts) readDate(s string) bool {
	if m := euRE.FindStringSubmatch(s); m != nil {
		f.day, f.month = atoi(m[1]), monthNumber(m[2])
		f.setYear(m[3], s)
		return f.year != 0 || f.yearDigits > 0
	}
	if m := usRE.FindStringSubmatchIndex(s); m != nil {
		f.month = monthNumber(s[m[2]:m[3]])
		first := s[m[4]:m[5]]
		switch {
		case len(first) > 2 && m[6] >= 0: // "April 2020 1"
			f.setYear(first, s)
			f.day = atoi(s[m[6]:m[7]])
		case len(first) > 2: // "Feb 2019"
			f.setYear(first, s)
			f.day = 1
		default:
			f.day = atoi(first)
			year := ""
			if m[6] >= 0 {
				year = s[m[6]:m[7]]
			}
			f.setYear(year, s[:m[0]]+s[m[1]:])
		}
		return f.year != 0 || f.yearDigits > 0
	}
	for _, re := range []*regexp.Regexp{isoRE, slashRE, dotRE} {
		if m := re.FindStringSubmatch(s); m != nil {
			a, b, c := m[1], m[2], m[3]
			if len(a) <= 2 && len(c) > 2 { // day first: 08/02/2019
				a, c = c, a
			}
			f.month, f.day = atoi(b), atoi(c)
			f.year, f.yearDigits = atoi(a), len(a)
			return true
		}
	}
	if m := ydayRE.FindStringSubmatch(s); m != nil {
		f.year, f.yearDigits, f.yday = atoi(m[1]), 4, atoi(m[2])
		return true
	}
	return false
}

// setYear takes the year written with a month-name date, or else a lone
// year of three or four digits elsewhere in the text, as Ruby does for
// "Tue Sep 21 10:00:00 UTC 2021".
func (f *parts) setYear(y, elsewhere string) {
	if y == "" {
		if m := yearRE.FindStringSubmatch(elsewhere); m != nil {
			y = m[1]
		}
	}
	if y != "" {
		f.year, f.yearDigits = atoi(y), len(y)
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s) // callers pass digit runs of bounded length
	return n
}

// Note is a warning for a date whose zone was skipped, or "".
func (d Date) Note() string {
	if d.Ignored == "" {
		return ""
	}
	return fmt.Sprintf("zone %s was not applied and the time is read in the site's zone, as the generator did (Jekyll reads only +01, +0100, +01:00, UTC, GMT, the US zones and the site zone's own names; Hugo reads no names; write the offset as +01:00)", d.Ignored)
}
