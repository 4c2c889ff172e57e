package dates

import (
	"regexp"
	"strings"
)

// fileNameRE is Jekyll's Document::DATE_FILENAME_MATCHER: a date of two to
// four, one or two and one or two digits at the start of the last path
// element, a hyphen, the slug, and the last extension.
var fileNameRE = regexp.MustCompile(`^(?:.*/)?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^./]+)$`)

// FileName is what a Jekyll post's file name says.
type FileName struct {
	Date Date   // midnight in Parser.Location
	Slug string // the name between the date and the extension, trailing dots removed
	Ext  string // the last extension with its dot: ".md"
}

// FileName splits a post path ("_posts/2018-1-3-voornemens.md") as Jekyll
// does. ok is false when the name has no date, so Jekyll would not read the
// file as a post; err is set when it has one that is not a valid date, which
// stops a Jekyll build.
func (p Parser) FileName(path string) (f FileName, ok bool, err error) {
	m := fileNameRE.FindStringSubmatch(path)
	if m == nil {
		return FileName{}, false, nil
	}
	d, err := p.Parse(m[1])
	if err != nil {
		return FileName{}, true, err
	}
	return FileName{Date: d, Slug: strings.TrimRight(m[2], "."), Ext: m[3]}, true, nil
}
