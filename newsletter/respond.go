package newsletter

import (
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"strings"
)

// wantsJSON reports whether the client is the theme's fetch rather than a
// plain form.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// respond answers a form request: JSON with the status code for fetch, a
// 303 redirect to the thank-you page for a plain form, or a small page when
// no thank-you page is known.
func (h *Handler) respond(w http.ResponseWriter, r *http.Request, lang string, code int, ok bool, m msg) {
	if wantsJSON(r) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(struct {
			OK      bool   `json:"ok"`
			Message string `json:"message"`
		}{ok, text(lang, m)})
		return
	}
	if h.opt.ThanksURL != "" {
		sep := "?"
		if strings.Contains(h.opt.ThanksURL, "?") {
			sep = "&"
		}
		q := url.Values{"status": {string(m)}, "lang": {lang}}
		http.Redirect(w, r, h.opt.ThanksURL+sep+q.Encode(), http.StatusSeeOther)
		return
	}
	h.page(w, lang, code, text(lang, m), false)
}

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{{.Title}}</title>
<style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1rem}</style>
</head><body><main><h1>{{.Title}}</h1><p>{{.Text}}</p>
{{if .Button}}<form method="post"><button type="submit">{{.Button}}</button></form>{{end}}
{{if .Home}}<p><a href="{{.Home}}">{{.Home}}</a></p>{{end}}</main></body></html>
`))

// page writes a minimal HTML page; with button it holds a form that posts
// back to the same URL.
func (h *Handler) page(w http.ResponseWriter, lang string, code int, body string, button bool) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	data := struct{ Lang, Title, Text, Button, Home string }{Lang: lang, Title: h.opt.SiteTitle, Text: body, Home: h.opt.SiteURL}
	if data.Title == "" {
		data.Title = "Newsletter"
	}
	if button {
		data.Button = text(lang, msgUnsubButton)
	}
	pageTmpl.Execute(w, data)
}
