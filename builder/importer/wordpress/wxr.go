package wordpress

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// export is what a WXR file holds, as read.
type export struct {
	version     string // wp:wxr_version
	title       string
	link        string // the blog's home URL
	description string
	language    string
	authors     map[string]string // login -> display name
	items       []*item
}

type item struct {
	line          int        // line of <item> in the file
	Title         string     `xml:"title"`
	Link          string     `xml:"link"`
	Creator       string     `xml:"creator"`
	GUID          string     `xml:"guid"`
	Encoded       []encoded  `xml:"encoded"`
	PostID        string     `xml:"post_id"`
	PostDate      string     `xml:"post_date"`
	PostDateGMT   string     `xml:"post_date_gmt"`
	Modified      string     `xml:"post_modified"`
	ModifiedGMT   string     `xml:"post_modified_gmt"`
	PostName      string     `xml:"post_name"`
	Status        string     `xml:"status"`
	PostParent    string     `xml:"post_parent"`
	MenuOrder     string     `xml:"menu_order"`
	PostType      string     `xml:"post_type"`
	PostPassword  string     `xml:"post_password"`
	AttachmentURL string     `xml:"attachment_url"`
	Categories    []category `xml:"category"`
	Meta          []meta     `xml:"postmeta"`
	Comments      []comment  `xml:"comment"`
}

// encoded is content:encoded or excerpt:encoded, told apart by namespace.
type encoded struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

type category struct {
	Domain   string `xml:"domain,attr"` // "category" or "post_tag"
	Nicename string `xml:"nicename,attr"`
	Name     string `xml:",chardata"`
}

type meta struct {
	Key   string `xml:"meta_key"`
	Value string `xml:"meta_value"`
}

type comment struct {
	ID        string `xml:"comment_id"`
	Author    string `xml:"comment_author"`
	AuthorURL string `xml:"comment_author_url"`
	Date      string `xml:"comment_date"`
	DateGMT   string `xml:"comment_date_gmt"`
	Content   string `xml:"comment_content"`
	Approved  string `xml:"comment_approved"`
	Type      string `xml:"comment_type"`
	Parent    string `xml:"comment_parent"`
}

type author struct {
	Login   string `xml:"author_login"`
	Display string `xml:"author_display_name"`
}

// content is the body of the item; excerpt its manual excerpt.
func (it *item) content() string { return it.encoded(false) }
func (it *item) excerpt() string { return it.encoded(true) }

func (it *item) encoded(excerpt bool) string {
	for _, e := range it.Encoded {
		if strings.Contains(e.XMLName.Space, "excerpt") == excerpt {
			return e.Text
		}
	}
	return ""
}

func (it *item) metaValue(key string) string {
	for _, m := range it.Meta {
		if m.Key == key {
			return m.Value
		}
	}
	return ""
}

// errNotWXR marks a file that is XML but no WordPress export.
var errNotWXR = errors.New("not a WordPress export")

// readWXR reads a WXR file. name is used in messages, which carry the line.
func readWXR(name string, r io.Reader) (*export, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	dec.Entity = xml.HTMLEntity // exports of old versions carry &nbsp; and kin outside CDATA
	dec.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(charset, "us-ascii") {
			return in, nil
		}
		return nil, fmt.Errorf("the file is in %s; save it as UTF-8 and import again", charset)
	}
	ex := &export{authors: map[string]string{}}
	var stack []string
	sawRSS := false
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
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			if len(stack) == 0 {
				if t.Name.Local != "rss" {
					return nil, fmt.Errorf("%s:%d: %w: the file starts with <%s>, a WordPress export with <rss> (export it with Tools > Export > All content)", name, line(dec), errNotWXR, t.Name.Local)
				}
				sawRSS = true
			}
			if parent == "channel" {
				switch t.Name.Local {
				case "item":
					it := &item{line: line(dec)}
					if err := dec.DecodeElement(it, &t); err != nil {
						return nil, syntaxError(name, dec, err)
					}
					ex.items = append(ex.items, it)
					continue
				case "author":
					var a author
					if err := dec.DecodeElement(&a, &t); err != nil {
						return nil, syntaxError(name, dec, err)
					}
					ex.authors[a.Login] = a.Display
					continue
				case "title", "link", "description", "language", "wxr_version":
					var s string
					if err := dec.DecodeElement(&s, &t); err != nil {
						return nil, syntaxError(name, dec, err)
					}
					s = strings.TrimSpace(s)
					switch t.Name.Local {
					case "title":
						ex.title = s
					case "link":
						ex.link = s
					case "description":
						ex.description = s
					case "language":
						ex.language = s
					case "wxr_version":
						ex.version = s
					}
					continue
				}
			}
			stack = append(stack, t.Name.Local)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if !sawRSS {
		return nil, fmt.Errorf("%s: %w: the file is empty", name, errNotWXR)
	}
	if ex.version == "" {
		return nil, fmt.Errorf("%s: %w: it has no <wp:wxr_version> (export it from WordPress with Tools > Export > All content)", name, errNotWXR)
	}
	return ex, nil
}

// line is the line the decoder is at.
func line(dec *xml.Decoder) int {
	l, _ := dec.InputPos()
	return l
}

func syntaxError(name string, dec *xml.Decoder, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%s:%d: the export is not well-formed XML: %s (was the download cut off? export it again)", name, se.Line, se.Msg)
	}
	return fmt.Errorf("%s:%d: %w", name, line(dec), err)
}
