package serve

import (
	_ "embed"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/kopij/kopij/builder/hints"
)

//go:embed hintspanel.js
var hintsPanelJS []byte

// hintsPanelTag is injected with the live-reload script; it shows the hints
// of the post on screen in a small panel.
const hintsPanelTag = `<script src="/_kopij/hints.js" defer></script>`

// mountHints adds the hints endpoints of the dev server:
// /_kopij/hints/ (a page with every post's hints), /_kopij/hints.json
// (?url=/posts/x/ for one post) and the panel script.
func (s *Server) mountHints() {
	s.mux.HandleFunc("GET /_kopij/hints.js", serveScript(hintsPanelJS))
	s.mux.HandleFunc("GET /_kopij/hints.json", s.hintsJSON)
	s.mux.HandleFunc("GET /_kopij/hints/", s.hintsPage)
}

func (s *Server) sortedHints() []hints.Post {
	site := s.Site()
	if site == nil {
		return nil
	}
	ph := append([]hints.Post(nil), site.Hints...)
	hints.Sort(ph)
	return ph
}

func (s *Server) hintsJSON(w http.ResponseWriter, r *http.Request) {
	ph := s.sortedHints()
	if want := r.URL.Query().Get("url"); want != "" {
		ph = slices.DeleteFunc(ph, func(p hints.Post) bool { return p.URL != want })
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = hints.WriteJSON(w, ph, "")
}

// pageTexts are the words of the hints page, in the site's language.
var pageTexts = map[string]map[string]string{
	"en": {"title": "Retention hints", "note": "This page exists only in kopij serve and updates on every save.",
		"words": "words", "focus": "reader focus", "questions": "questions", "links": "internal / %d inbound links", "line": "line", "email": "email preview"},
	"nl": {"title": "Hints voor je lezers", "note": "Deze pagina bestaat alleen in kopij serve en ververst bij elke keer opslaan.",
		"words": "woorden", "focus": "lezersgericht", "questions": "vragen", "links": "interne / %d inkomende links", "line": "regel", "email": "voorbeeld van de e-mail"},
}

var hintsPageTmpl = template.Must(template.New("hints").Funcs(template.FuncMap{
	"pct":     func(f float64) float64 { return f * 100 },
	"nohints": hints.NoHints,
}).Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{.T.title}} · kopij serve</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1c1e21;background:#fbfaf7}
@media (prefers-color-scheme:dark){body{color:#e6e6e6;background:#17191c}a{color:#8cc4ff}}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin:2rem 0 .25rem}.m{color:#6b7280;font-size:.9rem}
ul{padding-left:1.2rem}li{margin:.4rem 0}.sev{display:inline-block;min-width:3.2rem;font-weight:600;text-transform:uppercase;font-size:.75rem}
.error{color:#b91c1c}.warn{color:#b45309}.info{color:#2563eb}.fix{display:block;color:#6b7280}
</style></head><body>
<h1>{{.T.title}}</h1>
<p class="m">{{.Count}}. {{.T.note}}</p>
{{range .Posts}}<section lang="{{.Report.Lang}}"><h2><a href="{{.URL}}">{{.Title}}</a> <small class="m"><a href="/_kopij/email{{.URL}}">{{$.T.email}}</a></small></h2>
<p class="m">{{.File}} · {{.Report.Metrics.Words}} {{$.T.words}} · Flesch {{printf "%.0f" .Report.Metrics.Flesch}} · {{$.T.focus}} {{printf "%.0f" (pct .Report.Metrics.ReaderFocus)}}% · {{.Report.Metrics.Questions}} {{$.T.questions}} · {{.Report.Metrics.InternalLinks}} {{printf $.T.links .Report.Metrics.InboundLinks}}</p>
{{if .Report.Hints}}<ul>{{range .Report.Hints}}<li><span class="sev {{.Severity}}">{{.Severity}}</span> {{$.T.line}} {{.Line}}: {{.Message}}{{with .Text}}<q class="fix">{{.}}</q>{{end}}<span class="fix">{{.Fix}}</span></li>{{end}}</ul>{{else}}<p>{{nohints .Report.Lang}}</p>{{end}}
</section>{{end}}
<script src="/_kopij/hints.js" defer></script>
</body></html>`))

func (s *Server) hintsPage(w http.ResponseWriter, r *http.Request) {
	posts := s.sortedHints()
	total, with := 0, 0
	for _, p := range posts {
		total += len(p.Report.Hints)
		if len(p.Report.Hints) > 0 {
			with++
		}
	}
	lang := "en"
	if site := s.Site(); site != nil && strings.HasPrefix(strings.ToLower(site.Config.Language), "nl") {
		lang = "nl"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = hintsPageTmpl.Execute(w, map[string]any{"Posts": posts, "Lang": lang, "T": pageTexts[lang],
		"Count": hints.CountLine(lang, total, with, len(posts))})
}
