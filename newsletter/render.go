package newsletter

import (
	"bytes"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"net/url"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/kopij/kopij/themes"
	"github.com/vanng822/go-premailer/premailer"
)

// The email templates of a theme, below its email/ folder. layout.* is the
// frame; post.* and digest.* define "content" for one post and for a
// digest. i18n/LANG.toml holds the strings.
var emailTemplates = []string{"layout.html", "post.html", "digest.html", "layout.txt", "post.txt", "digest.txt"}

// Renderer renders newsletter emails from a theme's email templates.
// It is safe for concurrent use.
type Renderer struct {
	html    map[string]*htmltemplate.Template // "post", "digest"
	text    map[string]*texttemplate.Template
	strings map[string]emailStrings // by language
}

// emailStrings are the strings of one language.
type emailStrings struct {
	text   map[string]string
	months []string
}

// EmailOptions say how an email is rendered.
type EmailOptions struct {
	Summary bool   // the summary and a link instead of the whole post
	Test    bool   // a test copy for the writer: the subject and a note say so
	Lang    string // language of a digest; default the site's
	Site    fs.FS  // the built site, to read the sizes of its images; nil: sizes unknown
}

// Email is a rendered email. HTML and Text hold UnsubscribePlaceholder
// where each subscriber's own unsubscribe link goes; see Personal.
type Email struct {
	Subject   string // subject line
	Preheader string // the line clients show after the subject
	Lang      string // language, e.g. "nl"
	URL       string // the post's URL, or the site's for a digest
	HTML      string // HTML part, CSS inlined
	Text      string // plain-text part
}

// Personal returns the HTML and text of e with unsubscribe as the link.
func (e Email) Personal(unsubscribe string) (html, text string) {
	return strings.ReplaceAll(e.HTML, UnsubscribePlaceholder, htmltemplate.HTMLEscapeString(unsubscribe)),
		strings.ReplaceAll(e.Text, UnsubscribePlaceholder, unsubscribe)
}

// NewRenderer reads the email templates from layers, theme folders that
// hold email/, searched in order for each file; the embedded default
// theme comes last, so a site overrides only the files it has.
func NewRenderer(layers ...fs.FS) (*Renderer, error) {
	layers = append(layers, themes.Default())
	read := func(name string) (string, error) {
		for _, l := range layers {
			b, err := fs.ReadFile(l, "email/"+name)
			if err == nil {
				return string(b), nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("email/%s: %w", name, err)
			}
		}
		return "", fmt.Errorf("email/%s: %w", name, fs.ErrNotExist)
	}
	src := map[string]string{}
	for _, name := range emailTemplates {
		s, err := read(name)
		if err != nil {
			return nil, err
		}
		src[name] = s
	}
	r := &Renderer{html: map[string]*htmltemplate.Template{}, text: map[string]*texttemplate.Template{}, strings: map[string]emailStrings{}}
	for _, lang := range []string{"en", "nl"} {
		s, err := read("i18n/" + lang + ".toml")
		if err != nil {
			return nil, err
		}
		if r.strings[lang], err = parseEmailStrings(lang, s); err != nil {
			return nil, err
		}
	}
	for _, kind := range []string{"post", "digest"} {
		h, err := htmltemplate.New("layout.html").Funcs(r.htmlFuncs()).Parse(src["layout.html"])
		if err == nil {
			_, err = h.New(kind + ".html").Parse(src[kind+".html"])
		}
		if err != nil {
			return nil, fmt.Errorf("email templates: %w", err)
		}
		t, err := texttemplate.New("layout.txt").Funcs(r.textFuncs()).Parse(src["layout.txt"])
		if err == nil {
			_, err = t.New(kind + ".txt").Parse(src[kind+".txt"])
		}
		if err != nil {
			return nil, fmt.Errorf("email templates: %w", err)
		}
		r.html[kind], r.text[kind] = h, t
	}
	return r, nil
}

func parseEmailStrings(lang, src string) (emailStrings, error) {
	var raw map[string]any
	if _, err := toml.Decode(src, &raw); err != nil {
		return emailStrings{}, fmt.Errorf("email/i18n/%s.toml: %w", lang, err)
	}
	s := emailStrings{text: map[string]string{}}
	for k, v := range raw {
		switch v := v.(type) {
		case string:
			s.text[k] = v
		case []any:
			for _, m := range v {
				name, _ := m.(string)
				s.months = append(s.months, name)
			}
		}
	}
	if len(s.months) != 12 {
		return s, fmt.Errorf("email/i18n/%s.toml: months needs 12 names, has %d", lang, len(s.months))
	}
	return s, nil
}

// str returns the string key in lang (English when lang has none),
// formatted with args.
func (r *Renderer) str(lang, key string, args ...any) string {
	s, ok := r.strings[emailLang(lang)].text[key]
	if !ok {
		s, ok = r.strings["en"].text[key]
	}
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

func (r *Renderer) date(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	s := r.strings[emailLang(lang)]
	return fmt.Sprintf(r.str(lang, "date"), t.Day(), s.months[t.Month()-1], t.Year())
}

func (r *Renderer) textFuncs() texttemplate.FuncMap {
	return texttemplate.FuncMap{"t": r.str, "date": r.date, "join": strings.Join}
}

func (r *Renderer) htmlFuncs() htmltemplate.FuncMap {
	return htmltemplate.FuncMap{
		"t": r.str, "date": r.date, "join": strings.Join,
		// mso wraps markup that only Outlook for Windows reads; html/template
		// would drop the comments if they were in the template.
		"mso": func(s string) htmltemplate.HTML { return htmltemplate.HTML("<!--[if mso]>" + s + "<![endif]-->") },
		// preheaderPad keeps clients from showing body text after the preheader.
		"preheaderPad": func() htmltemplate.HTML { return htmltemplate.HTML(strings.Repeat("&#847;&zwnj;&nbsp;", 60)) },
		"siteHost": func(s string) string {
			if u, err := url.Parse(s); err == nil && u.Host != "" {
				return u.Host
			}
			return s
		},
	}
}

// emailLang picks the strings for a language tag: "nl-BE" speaks Dutch,
// anything without strings of its own English.
func emailLang(lang string) string { return pickLang(strings.ToLower(lang), "en") }

// inline moves the CSS of the document's first style block into the
// elements' style attributes, as Gmail and Outlook need it.
func inline(doc string) (string, error) {
	p, err := premailer.NewPremailerFromString(doc, premailer.NewOptions(premailer.WithKeepBangImportant(true)))
	if err != nil {
		return "", err
	}
	return p.Transform()
}

func execHTML(t *htmltemplate.Template, data any) (string, error) {
	var b bytes.Buffer
	err := t.ExecuteTemplate(&b, "layout.html", data)
	return b.String(), err
}

func execText(t *texttemplate.Template, data any) (string, error) {
	var b bytes.Buffer
	err := t.ExecuteTemplate(&b, "layout.txt", data)
	return b.String(), err
}
