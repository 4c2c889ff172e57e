package dates

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// namedZones are the zone names Ruby's Time.parse applies; it takes every
// other name (CET, CEST) as no zone at all.
var namedZones = map[string]int{
	"utc": 0, "ut": 0, "gmt": 0, "z": 0,
	"est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
	"mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
}

var (
	numZoneRE  = regexp.MustCompile(`^[+-][\d:.,]+[a-z\d]*`)
	wordZoneRE = regexp.MustCompile(`^[a-z]+(?:[+-]\d+(?::\d+)?)?\b`)
	rubyZoneRE = regexp.MustCompile(`^[+-](\d\d)(?:(:?)(\d\d)(?:(:?)(\d\d))?)?$`)
)

// zoneText returns the zone written right after a time of day, and the
// length of text it takes up with the spaces before it.
func zoneText(rest string) (n int, text string) {
	trimmed := strings.TrimLeft(rest, " \t")
	skip := len(rest) - len(trimmed)
	if z := numZoneRE.FindString(trimmed); z != "" {
		return skip + len(z), z
	}
	z := wordZoneRE.FindString(trimmed)
	if z == "" || isCalendarWord(z) {
		return 0, ""
	}
	return skip + len(z), z
}

// isCalendarWord reports words that follow a time without being a zone:
// "10:00 September 21, 2021", "10:00 on Tuesday".
func isCalendarWord(w string) bool {
	if monthNumber(w) > 0 || weekday(w) {
		return true
	}
	switch w {
	case "on", "op", "of", "the", "de", "den":
		return true
	}
	return false
}

// zone applies a zone as Ruby's Time.zone_offset does: two-digit hours with
// optional minutes and seconds, or a name from namedZones. Anything else is
// recorded as ignored, and the time stays in the site's zone.
func (f *parts) zone(in, text string) error {
	if f.ignoreNames && text != "z" && isWord(strings.Trim(text, "+-0123456789:")) {
		f.ignored = strings.ToUpper(text)
		return nil
	}
	if off, ok := namedZones[text]; ok {
		f.zoned, f.offset = true, off
		return nil
	}
	if isWord(text) {
		f.zoneName = text // the site zone's own names are known once the year is
		return nil
	}
	m := rubyZoneRE.FindStringSubmatch(text)
	if m == nil || m[4] != "" && m[4] != m[2] {
		f.ignored = strings.ToUpper(text)
		if strings.ContainsAny(text, "+-") {
			f.ignored = text
		}
		return nil
	}
	off := atoi(m[1])*3600 + atoi(m[3])*60 + atoi(m[5])
	if off >= 24*3600 {
		return &Error{Input: in, Reason: fmt.Sprintf("zone %s is a day or more from UTC", text)}
	}
	if text[0] == '-' {
		off = -off
	}
	f.zoned, f.offset = true, off
	return nil
}

// build checks the fields and makes the time. Days past a month's end and
// the hour 24 roll over, as in Ruby.
func (p Parser) build(in string, f parts) (Date, error) {
	if f.yearDigits <= 2 && f.yearDigits > 0 {
		if f.year >= 69 {
			f.year += 1900
		} else {
			f.year += 2000
		}
	}
	bad := func(format string, a ...any) (Date, error) {
		return Date{}, &Error{Input: in, Reason: fmt.Sprintf(format, a...)}
	}
	switch {
	case f.year < 1:
		return bad("year %d is before year 1", f.year)
	case f.yday == 0 && (f.month < 1 || f.month > 12):
		return bad("month %d is not 1 to 12", f.month)
	case f.yday == 0 && (f.day < 1 || f.day > 31):
		return bad("day %d is not 1 to 31", f.day)
	case f.yday > 366:
		return bad("day of the year %d is past 366", f.yday)
	case f.hour > 24 || f.hour == 24 && (f.min > 0 || f.sec > 0):
		return bad("hour %d is past 24", f.hour)
	case f.min > 59:
		return bad("minute %d is past 59", f.min)
	case f.sec > 60:
		return bad("second %d is past 60", f.sec)
	}
	loc := p.loc()
	if f.zoneName != "" {
		f.localZone(loc)
	}
	if f.zoned {
		loc = time.FixedZone("", f.offset)
		if f.offset == 0 {
			loc = time.UTC
		}
	}
	var t time.Time
	if f.yday > 0 {
		t = time.Date(f.year, 1, f.yday, f.hour, f.min, f.sec, f.nsec, loc)
	} else {
		t = time.Date(f.year, time.Month(f.month), f.day, f.hour, f.min, f.sec, f.nsec, loc)
	}
	return Date{Time: t, Clock: f.clock, Zone: f.zoned, Ignored: f.ignored}, nil
}

// localZone applies a zone name the site's zone uses in January or July of
// the date's year ("CEST" in Europe/Amsterdam), as Ruby's Time.zone_offset
// does; any other name is ignored.
func (f *parts) localZone(loc *time.Location) {
	for _, m := range []time.Month{time.January, time.July} {
		name, off := time.Date(f.year, m, 1, 0, 0, 0, 0, loc).Zone()
		if strings.EqualFold(name, f.zoneName) {
			f.zoned, f.offset = true, off
			return
		}
	}
	f.ignored = strings.ToUpper(f.zoneName)
}

func isWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}
