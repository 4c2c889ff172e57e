package dates

import (
	"fmt"
	"math"
	"time"

	"go.yaml.in/yaml/v3"
)

// Value reads a decoded front matter value: text is parsed, a time.Time is
// taken as it is (its decoder chose the zone) except a TOML date or
// date-time written without a zone, which is read in Location as Hugo
// reads it, and an integer or whole float is unix seconds, as Hugo reads it.
func (p Parser) Value(v any) (Date, error) {
	switch v := v.(type) {
	case string:
		return p.Parse(v)
	case time.Time:
		switch v.Location().String() {
		case "datetime-local", "date-local": // TOML without a zone (BurntSushi/toml): the site's zone, as in Hugo
			w := time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), p.loc())
			return Date{Time: w, Clock: v.Location().String() == "datetime-local"}, nil
		}
		return Date{Time: v, Clock: true, Zone: true}, nil
	case int:
		return p.unix(int64(v)), nil
	case int64:
		return p.unix(v), nil
	case uint64:
		if v <= math.MaxInt64 {
			return p.unix(int64(v)), nil
		}
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return p.unix(int64(v)), nil
		}
	case nil:
		return Date{}, &Error{Input: "", Reason: "it is empty"}
	}
	return Date{}, &Error{Input: fmt.Sprint(v), Reason: fmt.Sprintf("it is %s, not text", kind(v))}
}

func (p Parser) unix(n int64) Date {
	return Date{Time: time.Unix(n, 0).In(p.loc()), Clock: true, Zone: true}
}

// Node reads a date from the YAML node it was written as. An unquoted
// timestamp with a time of day but no zone is UTC when YAMLTimesUTC is set,
// as Ruby's YAML (and so Jekyll) reads it; every other form is read by
// Parse, so "2019-02-08" is midnight in Location in both generators.
func (p Parser) Node(n *yaml.Node) (Date, error) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return Date{}, &Error{Input: "", Reason: "it is a list or a table of keys, not text"}
	}
	d, err := p.Parse(n.Value)
	if err != nil || !p.YAMLTimesUTC || n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		return d, err
	}
	if n.ShortTag() == "!!timestamp" && d.Clock && !d.Zone {
		t := d.Time
		d.Time = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
		d.Zone = true
	}
	return d, nil
}

func kind(v any) string {
	switch v.(type) {
	case bool:
		return "true/false"
	case []any:
		return "a list"
	case map[string]any:
		return "a table of keys"
	case int, int64, uint64, float64:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}
