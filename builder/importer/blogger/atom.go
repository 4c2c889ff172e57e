package blogger

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// feed is what a Blogger export holds, as read.
type feed struct {
	id      string
	title   string
	home    string // the blog's address, from <link rel="alternate">; "" in the 2018 format
	entries []*entry
}

type entry struct {
	line       int
	ID         string     `xml:"id"`
	Published  string     `xml:"published"`
	Updated    string     `xml:"updated"`
	Title      string     `xml:"title"`
	Content    string     `xml:"content"`
	Categories []category `xml:"category"`
	Links      []link     `xml:"link"`
	Author     author     `xml:"author"`
	Draft      string     `xml:"control>draft"` // app:control, the 2008 format
	ReplyTo    replyTo    `xml:"in-reply-to"`   // thr:in-reply-to, the 2008 format

	// The 2018 format (Google Takeout).
	Type            string `xml:"type"`
	Status          string `xml:"status"`
	Filename        string `xml:"filename"`
	Parent          string `xml:"parent"`
	InReplyTo       string `xml:"inReplyTo"`
	Trashed         string `xml:"trashed"`
	MetaDescription string `xml:"metaDescription"`
}

type category struct {
	Scheme string `xml:"scheme,attr"`
	Term   string `xml:"term,attr"`
}

type link struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

type author struct {
	Name string `xml:"name"`
	URI  string `xml:"uri"`
}

type replyTo struct {
	Ref string `xml:"ref,attr"`
}

// kindScheme is the category scheme of the 2008 format that says what an
// entry is: its term ends in #post, #page, #comment, #settings, #template.
const kindScheme = "http://schemas.google.com/g/2005#kind"

// kind is POST, PAGE, COMMENT, SETTINGS, TEMPLATE, LAYOUT... in both formats.
func (e *entry) kind() string {
	if t := strings.TrimSpace(e.Type); t != "" {
		return strings.ToUpper(t)
	}
	for _, c := range e.Categories {
		if c.Scheme == kindScheme {
			if i := strings.LastIndexByte(c.Term, '#'); i >= 0 {
				return strings.ToUpper(c.Term[i+1:])
			}
		}
	}
	return ""
}

// labels are the entry's categories that are not its kind.
func (e *entry) labels() []string {
	var out []string
	for _, c := range e.Categories {
		if c.Scheme != kindScheme && strings.TrimSpace(c.Term) != "" {
			out = append(out, strings.TrimSpace(c.Term))
		}
	}
	return out
}

func (e *entry) link(rel string) string {
	for _, l := range e.Links {
		if l.Rel == rel {
			return strings.TrimSpace(l.Href)
		}
	}
	return ""
}

var errNotBlogger = errors.New("not a Blogger export")

// readFeed reads a Blogger export. name is used in messages, which carry
// the line.
func readFeed(name string, r io.Reader) (*feed, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(charset, "us-ascii") {
			return in, nil
		}
		return nil, fmt.Errorf("the file is in %s; save it as UTF-8 and import again", charset)
	}
	f := &feed{}
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, syntaxError(name, dec, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 && t.Name.Local != "feed" {
				return nil, fmt.Errorf("%s:%d: %w: the file starts with <%s>, a Blogger export with <feed> (download it with Settings > Manage blog > Back up content)", name, line(dec), errNotBlogger, t.Name.Local)
			}
			if depth == 1 {
				switch t.Name.Local {
				case "entry":
					e := &entry{line: line(dec)}
					if err := dec.DecodeElement(e, &t); err != nil {
						return nil, syntaxError(name, dec, err)
					}
					f.entries = append(f.entries, e)
					continue
				case "id", "title":
					var s string
					if err := dec.DecodeElement(&s, &t); err != nil {
						return nil, syntaxError(name, dec, err)
					}
					if t.Name.Local == "id" {
						f.id = strings.TrimSpace(s)
					} else {
						f.title = strings.TrimSpace(s)
					}
					continue
				case "link":
					var l link
					if err := dec.DecodeElement(&l, &t); err != nil {
						return nil, syntaxError(name, dec, err)
					}
					if l.Rel == "alternate" {
						f.home = strings.TrimSpace(l.Href)
					}
					continue
				}
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if depth == 0 && f.id == "" && len(f.entries) == 0 {
		return nil, fmt.Errorf("%s: %w: it holds no <feed> with entries", name, errNotBlogger)
	}
	if !strings.HasPrefix(f.id, "tag:blogger.com,") {
		return nil, fmt.Errorf("%s: %w: its feed id is %q, a Blogger export's starts with tag:blogger.com (download it with Settings > Manage blog > Back up content)", name, errNotBlogger, f.id)
	}
	return f, nil
}

func line(dec *xml.Decoder) int {
	l, _ := dec.InputPos()
	return l
}

func syntaxError(name string, dec *xml.Decoder, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%s:%d: the export is not well-formed XML: %s (was the download cut off? download it again)", name, se.Line, se.Msg)
	}
	return fmt.Errorf("%s:%d: %w", name, line(dec), err)
}
