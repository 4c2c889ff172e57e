package newsletter

import (
	"encoding/json"
	"errors"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// form is the signup form as the theme sends it, form-encoded or as a JSON
// object with the same keys.
type form struct {
	Email       string `json:"email"`
	Name        string `json:"name"`
	Consent     string `json:"consent"`
	Source      string `json:"source"`
	Lang        string `json:"lang"`
	Website     string `json:"website"` // honeypot: people leave it empty
	UTMSource   string `json:"utm_source"`
	UTMMedium   string `json:"utm_medium"`
	UTMCampaign string `json:"utm_campaign"`
	Referrer    string `json:"referrer"`
}

// errUnsupported marks a body that is neither a form nor JSON.
var errUnsupported = errors.New("unsupported content type")

func (h *Handler) subscribe(w http.ResponseWriter, r *http.Request) {
	lang := pickLang(r.URL.Query().Get("lang"), h.opt.Lang)
	if !h.originAllowed(r) {
		h.respond(w, r, lang, http.StatusForbidden, false, msgForbidden)
		return
	}
	h.cors(w, r)
	if !h.limit.allow(h.clientIP(r)) {
		w.Header().Set("Retry-After", "60")
		h.respond(w, r, lang, http.StatusTooManyRequests, false, msgLimited)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	f, err := parseForm(r)
	if err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			h.respond(w, r, lang, http.StatusRequestEntityTooLarge, false, msgTooLarge)
		case errors.Is(err, errUnsupported):
			h.respond(w, r, lang, http.StatusUnsupportedMediaType, false, msgInvalid)
		default:
			h.respond(w, r, lang, http.StatusBadRequest, false, msgInvalid)
		}
		return
	}
	lang = pickLang(f.Lang, h.opt.Lang)
	email := NormalizeEmail(f.Email)
	if err := ValidateEmail(email); err != nil {
		h.respond(w, r, lang, http.StatusBadRequest, false, msgInvalid)
		return
	}
	doubleOptIn := h.opt.Mailer != nil
	done := msgSubscribed
	if doubleOptIn {
		done = msgPending
	}
	if f.Website != "" {
		// A bot filled the hidden field: answer as for anyone, store nothing.
		h.respond(w, r, lang, http.StatusOK, true, done)
		return
	}
	s := Signup{Subscriber: h.subscriberFrom(r, f, email, lang), At: h.opt.Now().UTC(), DoubleOptIn: doubleOptIn}
	res, err := h.batch.do(r.Context(), s)
	if err != nil {
		h.log.Error("newsletter subscribe", "err", err)
		h.unavailable(w, r, lang)
		return
	}
	if doubleOptIn {
		// Built whether or not it goes out: an address on the list must
		// not answer faster than a new one.
		m := h.confirmMail(email, lang, res.Generation)
		if res.Mail {
			h.mails.add(m)
		}
	}
	h.respond(w, r, lang, http.StatusOK, true, done)
}

func parseForm(r *http.Request) (form, error) {
	var f form
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		if err := json.NewDecoder(r.Body).Decode(&f); err != nil {
			return f, err
		}
		return f, nil
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return f, err
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(maxBody); err != nil {
			return f, err
		}
	default:
		return f, errUnsupported
	}
	v := r.PostForm
	return form{
		Email: v.Get("email"), Name: v.Get("name"), Consent: v.Get("consent"),
		Source: v.Get("source"), Lang: v.Get("lang"), Website: v.Get("website"),
		UTMSource: v.Get("utm_source"), UTMMedium: v.Get("utm_medium"), UTMCampaign: v.Get("utm_campaign"),
		Referrer: v.Get("referrer"),
	}, nil
}

// subscriberFrom builds the stored record. The referrer and campaign fall
// back to the Referer header, which a form without JavaScript still sends.
func (h *Handler) subscriberFrom(r *http.Request, f form, email, lang string) Subscriber {
	ref := f.Referrer
	utm := url.Values{"utm_source": {f.UTMSource}, "utm_medium": {f.UTMMedium}, "utm_campaign": {f.UTMCampaign}}
	if hdr := r.Referer(); hdr != "" {
		if ref == "" {
			ref = hdr
		}
		if u, err := url.Parse(hdr); err == nil {
			q := u.Query()
			for k := range utm {
				if utm.Get(k) == "" {
					utm.Set(k, q.Get(k))
				}
			}
		}
	}
	return Subscriber{
		Email:       email,
		Name:        clean(f.Name, 200),
		Consent:     clean(f.Consent, 2000),
		Lang:        lang,
		Source:      clean(f.Source, 2000),
		Referrer:    clean(ref, 2000),
		UTMSource:   clean(utm.Get("utm_source"), 200),
		UTMMedium:   clean(utm.Get("utm_medium"), 200),
		UTMCampaign: clean(utm.Get("utm_campaign"), 200),
	}
}

func (h *Handler) clientIP(r *http.Request) string {
	if h.opt.TrustProxy {
		xff := r.Header.Get("X-Forwarded-For")
		if i := strings.LastIndexByte(xff, ','); i >= 0 {
			xff = xff[i+1:]
		}
		if ip := net.ParseIP(strings.TrimSpace(xff)); ip != nil {
			return ip.String()
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// originAllowed checks the browser's Origin (or, without it, the Referer)
// against the allowed origins: those of SiteURL, PublicURL and
// AllowedOrigins, and those OriginHost accepts. Requests without either
// come from no browser page and cannot be cross-site forgeries. An Origin
// is never allowed for naming the Host the request was sent to: a page of
// any name made to resolve to this server (DNS rebinding) sends both.
func (h *Handler) originAllowed(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		o = originOf(r.Referer())
		if o == "" {
			return true
		}
	}
	if h.anyOrig {
		return true
	}
	o = strings.ToLower(o)
	if h.origins[o] {
		return true
	}
	if h.opt.OriginHost == nil {
		return false
	}
	u, err := url.Parse(o)
	return err == nil && u.Hostname() != "" && (u.Scheme == "http" || u.Scheme == "https") && h.opt.OriginHost(u.Hostname())
}

// cors lets an allowed page's fetch read the answer.
func (h *Handler) cors(w http.ResponseWriter, r *http.Request) {
	o := r.Header.Get("Origin")
	w.Header().Add("Vary", "Origin")
	if o == "" || o == "null" {
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", o)
}

func (h *Handler) preflight(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Origin") == "" || !h.originAllowed(r) {
		w.WriteHeader(http.StatusForbidden)
		return
	}
	h.cors(w, r)
	w.Header().Set("Access-Control-Allow-Methods", "POST")
	w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Accept")
	w.Header().Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}
