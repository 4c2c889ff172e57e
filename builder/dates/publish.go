package dates

import (
	"fmt"
	"strconv"
	"strings"
)

// Visibility holds what a post's front matter says about publishing it.
type Visibility struct {
	Published       any  // the value of published:, nil when empty
	HasPublished    bool // published: is present
	PublishedQuoted bool // published: was a quoted YAML string, which Ruby's YAML never reads as true/false
	Draft           any  // the value of draft:, nil when empty
	HasDraft        bool // draft: is present
}

// Decision is whether a generator publishes a post, and what a writer
// should be told about the values that decided it.
type Decision struct {
	Keep    bool   // the generator publishes the post
	Warning string // "" when the values were plain true or false
}

// Jekyll decides as Jekyll 4 does: a post is left out only when published:
// is false or empty (Ruby's false and nil). Unquoted yes, no, on and off
// are booleans to Ruby's YAML, so "no" and "off" leave a post out unless
// they were quoted. draft: means nothing to Jekyll outside _drafts/.
func (v Visibility) Jekyll() Decision {
	d := Decision{Keep: true}
	if v.HasDraft && truthy(v.Draft) {
		d.Warning = fmt.Sprintf("draft: %v means nothing to Jekyll, which published this post; kept (write published: false to leave it out)", show(v.Draft))
	}
	if !v.HasPublished {
		return d
	}
	switch p := v.Published.(type) {
	case nil:
		return Decision{Warning: "published: is empty, which Jekyll reads as false; left out (write published: true to publish it)"}
	case bool:
		d.Keep = p
		return d
	case string:
		s := strings.ToLower(strings.TrimSpace(p))
		if !v.PublishedQuoted {
			switch s {
			case "no", "off":
				return Decision{Warning: fmt.Sprintf("published: %s is false to Jekyll; left out (write published: false)", p)}
			case "yes", "on":
				return d
			}
		}
		d.Warning = fmt.Sprintf("published: %q is text, which Jekyll reads as true; kept (write published: true or published: false)", p)
		return d
	}
	d.Warning = fmt.Sprintf("published: %v is not true or false, which Jekyll reads as true; kept (write published: true or published: false)", show(v.Published))
	return d
}

// Hugo decides as Hugo does: draft: is read with strconv.ParseBool and is
// false when unreadable; a published: that ParseBool cannot read is
// ignored; draft: wins over published:.
func (v Visibility) Hugo() Decision {
	if v.HasDraft {
		b, ok := hugoBool(v.Draft)
		d := Decision{Keep: !b}
		if !ok {
			d.Warning = fmt.Sprintf("draft: %v is not true or false, which Hugo reads as false; published (write draft: true or draft: false)", show(v.Draft))
		} else if v.HasPublished {
			d.Warning = "draft: and published: are both set; draft: decides, as in Hugo"
		}
		return d
	}
	if v.HasPublished {
		b, ok := hugoBool(v.Published)
		if !ok {
			return Decision{Keep: true, Warning: fmt.Sprintf("published: %v is not true or false, which Hugo ignores; published (write published: true or published: false)", show(v.Published))}
		}
		return Decision{Keep: b}
	}
	return Decision{Keep: true}
}

// hugoBool is spf13/cast.ToBoolE as Hugo calls it.
func hugoBool(v any) (b, ok bool) {
	switch v := v.(type) {
	case nil:
		return false, true
	case bool:
		return v, true
	case int:
		return v != 0, true
	case int64:
		return v != 0, true
	case uint64:
		return v != 0, true
	case float64:
		return v != 0, true
	case string:
		b, err := strconv.ParseBool(v)
		return b, err == nil
	}
	return false, false
}

// truthy is Ruby's truth: everything but false and nil.
func truthy(v any) bool {
	b, isBool := v.(bool)
	return v != nil && (!isBool || b)
}

func show(v any) string {
	if v == nil {
		return "(empty)"
	}
	return fmt.Sprint(v)
}
