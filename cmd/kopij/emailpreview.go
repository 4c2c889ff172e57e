package main

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/mail"
	"path/filepath"
	"strings"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/newsletter"
	gomail "github.com/wneessen/go-mail"
)

// emailPreviewPath is where kopij serve shows the newsletter email of a
// post: /_kopij/email/posts/x/ for the post at /posts/x/.
const emailPreviewPath = "/_kopij/email/"

// previewRecipient is the subscriber the preview is composed for.
const previewRecipient = "reader@example.com"

// emailPreview serves the email of a post of the current build as
// kopij newsletter send would mail it: rendered by the newsletter
// renderer with the site's theme, composed by the same Composer, for a
// sample subscriber. GET emailPreviewPath+PATH shows the subject, the
// headers and both parts; ?part=html, ?part=text and ?part=raw give the
// HTML part, the text part and the whole message.
func emailPreview(site func() *builder.Site, src string) http.Handler {
	key := make([]byte, 32)
	rand.Read(key) // a key of this process: the preview's unsubscribe link unsubscribes nobody
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		s := site()
		if s == nil {
			http.Error(w, "the site has not been built yet: fix the build errors and save", http.StatusServiceUnavailable)
			return
		}
		id := "/" + strings.TrimPrefix(r.URL.Path, emailPreviewPath)
		if bp := strings.TrimSuffix(s.Config.BasePath(), "/"); bp != "" {
			id = cmp.Or(strings.TrimPrefix(id, bp), "/")
		}
		msg, email, err := composePreview(s, src, id, key)
		if errors.Is(err, fs.ErrNotExist) {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		parts := map[string]string{}
		for _, p := range msg.GetParts() {
			if data, err := p.GetContent(); err == nil {
				parts[string(p.GetContentType())] = string(data)
			}
		}
		switch r.URL.Query().Get("part") {
		case "html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, parts[string(gomail.TypeTextHTML)])
		case "text":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprint(w, parts[string(gomail.TypeTextPlain)])
		case "raw":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			msg.WriteTo(w)
		default:
			var raw bytes.Buffer
			if _, err := msg.WriteTo(&raw); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			m, err := mail.ReadMessage(&raw)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			var headers []string
			dec := new(mime.WordDecoder)
			for _, h := range []string{"From", "Reply-To", "To", "Subject", "Content-Language", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post"} {
				if v := m.Header.Get(h); v != "" {
					if d, err := dec.DecodeHeader(v); err == nil {
						v = d
					}
					headers = append(headers, h+": "+v)
				}
			}
			var buf bytes.Buffer
			err = emailPreviewTmpl.Execute(&buf, map[string]any{
				"Subject": email.Subject, "Preheader": email.Preheader, "Headers": headers, "Path": r.URL.Path,
				"HTML": parts[string(gomail.TypeTextHTML)], "Text": parts[string(gomail.TypeTextPlain)], "Post": id,
			})
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(buf.Bytes())
		}
	})
}

// composePreview renders and composes the email of the post with feed id
// (the URL path below the site, "/posts/x/") of the built site s.
func composePreview(s *builder.Site, src, id string, key []byte) (*gomail.Msg, newsletter.Email, error) {
	site := s.FS()
	feed, err := newsletter.ReadFeed(site)
	if err != nil {
		return nil, newsletter.Email{}, err
	}
	var post *newsletter.Post
	for i := range feed.Posts {
		if feed.Posts[i].ID == id {
			post = &feed.Posts[i]
		}
	}
	if post == nil {
		return nil, newsletter.Email{}, fmt.Errorf("no post at %s in %s: kopij newsletter send mails the posts of the feed, the newest %d (feed.limit): %w", id, newsletter.FeedFile, len(feed.Posts), fs.ErrNotExist)
	}
	var layers []fs.FS
	if dir := filepath.Join(src, "themes", s.Config.Theme); isDir(dir) {
		th, err := builder.OpenSite(dir) // never through links out of the theme folder
		if err != nil {
			return nil, newsletter.Email{}, fmt.Errorf("theme %s: %w", s.Config.Theme, err)
		}
		defer th.Close()
		layers = append(layers, th)
	}
	r, err := newsletter.NewRenderer(layers...)
	if err != nil {
		return nil, newsletter.Email{}, fmt.Errorf("theme %s: %w", s.Config.Theme, err)
	}
	email, err := r.Post(feed, *post, newsletter.EmailOptions{Summary: s.Config.Newsletter.Email == "summary", Site: site})
	if err != nil {
		return nil, newsletter.Email{}, err
	}
	from := cmp.Or(s.Config.Newsletter.From, s.Config.SMTP.From, "Newsletter <newsletter@example.com>")
	public := cmp.Or(signupURL(s.Config), s.Config.BaseURL+"_newsletter/")
	c, err := newsletter.NewComposer(from, public, newsletter.Signer{Key: key}, feed)
	if err != nil {
		return nil, newsletter.Email{}, fmt.Errorf("%s: %w", builder.ConfigFile, err)
	}
	if rt := s.Config.Newsletter.ReplyTo; rt != "" {
		if c.ReplyTo, err = parseAddress(rt); err != nil {
			return nil, newsletter.Email{}, fmt.Errorf("%s: newsletter.reply_to: %w", builder.ConfigFile, err)
		}
	}
	msg, err := c.Message(newsletter.Mailing{Subject: email.Subject, URL: email.URL, Lang: email.Lang, HTML: email.HTML, Text: email.Text}, newsletter.Delivery{Email: previewRecipient})
	return msg, email, err
}

var emailPreviewTmpl = template.Must(template.New("email").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Email: {{.Subject}} · kopij serve</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1c1e21;background:#fbfaf7}
@media (prefers-color-scheme:dark){body{color:#e6e6e6;background:#17191c}a{color:#8cc4ff}}
h1{font-size:1.4rem;margin-bottom:.25rem}.m{color:#6b7280;font-size:.9rem}h2{font-size:1.1rem;margin:2rem 0 .5rem}
iframe{width:100%;height:70vh;border:1px solid #d0d4da;border-radius:8px;background:#fff}
pre{white-space:pre-wrap;background:rgba(127,127,127,.1);padding:1rem;border-radius:8px;font-size:.9rem}
</style></head><body>
<p class="m">The newsletter email of <a href="{{.Post}}">{{.Post}}</a>, as kopij newsletter send composes it for a subscriber. This page exists only in <code>kopij serve</code>.</p>
<h1 id="subject">{{.Subject}}</h1>
{{with .Preheader}}<p class="m">{{.}}</p>{{end}}
<pre id="headers">{{range .Headers}}{{.}}
{{end}}</pre>
<p><a href="?part=html">HTML part</a> · <a href="?part=text">text part</a> · <a href="?part=raw">whole message</a></p>
<h2>HTML part</h2>
<iframe title="HTML part of the email" sandbox srcdoc="{{.HTML}}"></iframe>
<h2>Text part</h2>
<pre id="text">{{.Text}}</pre>
</body></html>`))
