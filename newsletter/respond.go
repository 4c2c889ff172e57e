package newsletter

import (
	"encoding/json"
	"html/template"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// wantsJSON reports whether the client is a script rather than a plain
// form: it asks for JSON, or it sent JSON. A browser form cannot send a
// JSON body, so a JSON body never gets a redirect that hides the outcome.
func wantsJSON(r *http.Request) bool {
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		return true
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "application/json" || strings.HasSuffix(ct, "+json")
}

// respond answers a request: JSON with the status code for a script, a
// 303 redirect to the thank-you page for a plain form, or a small page
// when no thank-you page is known. The redirect carries the outcome twice:
// in ?status=, which the theme's script reads, and in the fragment
// #status-..., which its page shows without JavaScript.
func (h *Handler) respond(w http.ResponseWriter, r *http.Request, lang string, code int, ok bool, m msg) {
	if wantsJSON(r) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(struct {
			OK      bool   `json:"ok"`
			Status  string `json:"status"`
			Message string `json:"message"`
		}{ok, string(m), text(lang, m)})
		return
	}
	if u, err := url.Parse(h.opt.ThanksURL); err == nil && h.opt.ThanksURL != "" {
		q := u.Query()
		q.Set("status", string(m))
		q.Set("lang", lang)
		u.RawQuery = q.Encode()
		u.Fragment = "status-" + string(m)
		http.Redirect(w, r, u.String(), http.StatusSeeOther)
		return
	}
	h.page(w, lang, code, text(lang, m), false)
}

// unavailable answers a request the store could not serve: 503, so that
// scripts and monitors see the server is down, not that the input was bad.
func (h *Handler) unavailable(w http.ResponseWriter, r *http.Request, lang string) {
	w.Header().Set("Retry-After", "30")
	h.respond(w, r, lang, http.StatusServiceUnavailable, false, msgError)
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
