package newsletter

import (
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"regexp"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
)

// emailData is the root value of the email templates.
type emailData struct {
	Site        *Feed       // .Site.Title, .Site.HomeURL, .Site.Lang, .Site.Description
	Lang        string      // language of the email
	Subject     string      // subject line
	Preheader   string      // preview text
	Posts       []emailPost // one for a post email, the new posts for a digest
	Full        bool        // .Content holds the whole post (else show .Summary)
	Test        bool        // a test copy for the writer
	Unsubscribe string      // the subscriber's unsubscribe link
}

// emailPost is a Post as the templates see it.
type emailPost struct {
	Post
	Content    htmltemplate.HTML // the post's HTML made fit for mail clients
	Text       string            // the post as Markdown, for the plain-text part
	ImageWidth int               // width for the cover image's width attribute; 0 when unknown
}

// RenderEmail renders the email of one post with the email templates of
// theme (a theme folder holding email/; nil for the default theme). The
// dev server's preview and the sender render through it.
func RenderEmail(theme fs.FS, site *Feed, p Post, o EmailOptions) (Email, error) {
	var layers []fs.FS
	if theme != nil {
		layers = append(layers, theme)
	}
	r, err := NewRenderer(layers...)
	if err != nil {
		return Email{}, err
	}
	return r.Post(site, p, o)
}

// Post renders the email of one post, in the post's language.
func (r *Renderer) Post(site *Feed, p Post, o EmailOptions) (Email, error) {
	full := site.Full && !o.Summary
	d := emailData{Site: site, Lang: cmpLang(p.Lang, site.Lang), Subject: p.Title, Preheader: p.Summary, Full: full, Test: o.Test}
	ep := r.emailPost(site, p, o, full)
	if full && ep.Image != "" && strings.Contains(p.HTML, ep.Image) {
		ep.Image = "" // the post shows its cover itself
	}
	d.Posts = []emailPost{ep}
	return r.render("post", d, p.URL, o)
}

// Digest renders one email of several posts (a summary and a link each),
// in o.Lang or the site's language.
func (r *Renderer) Digest(site *Feed, posts []Post, o EmailOptions) (Email, error) {
	if len(posts) == 0 {
		return Email{}, errors.New("render digest: no posts")
	}
	lang := cmpLang(o.Lang, site.Lang)
	d := emailData{Site: site, Lang: lang, Test: o.Test}
	titles := make([]string, len(posts))
	for i, p := range posts {
		d.Posts = append(d.Posts, r.emailPost(site, p, o, false))
		titles[i] = p.Title
	}
	if len(posts) == 1 {
		d.Subject = r.str(lang, "digest_subject_one", site.Title, posts[0].Title)
		d.Preheader = posts[0].Summary
	} else {
		d.Subject = r.str(lang, "digest_subject", len(posts), site.Title)
		d.Preheader = strings.Join(titles, " · ")
	}
	return r.render("digest", d, site.HomeURL, o)
}

func (r *Renderer) emailPost(site *Feed, p Post, o EmailOptions, full bool) emailPost {
	sizes := siteImages(o.Site, site.HomeURL)
	ep := emailPost{Post: p}
	if ep.Image != "" {
		ep.ImageWidth = min(sizes(ep.Image), contentWidth)
	}
	if full {
		content := emailContent(p.HTML, p.URL, sizes)
		ep.Content = htmltemplate.HTML(content)
		ep.Text = markdownText(content)
	}
	return ep
}

func (r *Renderer) render(kind string, d emailData, link string, o EmailOptions) (Email, error) {
	if o.Test {
		d.Subject = r.str(d.Lang, "test_subject", d.Subject)
	}
	d.Unsubscribe = UnsubscribePlaceholder
	doc, err := execHTML(r.html[kind], d)
	if err != nil {
		return Email{}, fmt.Errorf("render email %q: %w", d.Subject, err)
	}
	if doc, err = inline(doc); err != nil {
		return Email{}, fmt.Errorf("render email %q: inline css: %w", d.Subject, err)
	}
	text, err := execText(r.text[kind], d)
	if err != nil {
		return Email{}, fmt.Errorf("render email %q: text: %w", d.Subject, err)
	}
	return Email{Subject: headerLine(d.Subject), Preheader: d.Preheader, Lang: d.Lang, URL: link, HTML: doc, Text: tidyText(text)}, nil
}

// markdownText turns HTML into Markdown, which reads well as plain text.
func markdownText(content string) string {
	conv := converter.NewConverter(converter.WithPlugins(base.NewBasePlugin(), commonmark.NewCommonmarkPlugin(),
		table.NewTablePlugin(), strikethrough.NewStrikethroughPlugin()))
	md, err := conv.ConvertString(content)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(md)
}

var blankLines = regexp.MustCompile(`\n{3,}`)

// tidyText trims trailing spaces and keeps at most one blank line in a row.
func tidyText(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimSpace(blankLines.ReplaceAllString(strings.Join(lines, "\n"), "\n\n")) + "\n"
}

// oneLine makes s fit a header: no line breaks or control characters.
// headerLine is s cleaned to one line that fits a mail header.
func headerLine(s string) string { return clean(s, 998) }

func cmpLang(a, b string) string {
	if a != "" {
		return a
	}
	if b != "" {
		return b
	}
	return "en"
}
