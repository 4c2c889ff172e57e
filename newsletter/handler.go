package newsletter

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Options configure a Handler. Every field has a default except PublicURL,
// which double opt-in (a Mailer) needs for the links in its mails.
type Options struct {
	SiteURL        string                 // absolute URL of the blog, e.g. "https://example.com/"; its origin (and PublicURL's) may post the form, and ThanksURL defaults below it
	SiteTitle      string                 // blog name used in mails
	Lang           string                 // language when the form sends none: "nl" or "en"
	AllowedOrigins []string               // extra origins allowed to post the form, e.g. "https://www.example.com"; "*" allows any
	OriginHost     func(host string) bool // allows more origins by their host (no port), e.g. the names kopij serve answers; nil allows none. The request's Host never counts
	ThanksURL      string                 // page a form POST is redirected to with ?status=...&lang=...; default SiteURL + "subscribed/"
	PublicURL      string                 // absolute URL of this handler's mount point, e.g. "https://example.com/_newsletter/", for links in mails; required with a Mailer
	Mailer         Mailer                 // sends confirmation mails; nil means single opt-in (confirmed at once)
	Secret         []byte                 // token-signing key; nil: Store.Secret
	ConfirmTTL     time.Duration          // how long a confirmation link works; default 7 days
	RateLimit      int                    // signups per minute per client IP; 0 means 10, negative switches the limit off
	RateBurst      int                    // signups a client IP may send at once; default 5
	TrustProxy     bool                   // take client IP and scheme from X-Forwarded-For and X-Forwarded-Proto (only behind a reverse proxy)
	BatchWriters   int                    // transactions committing signups at once; default 1 (right for SQLite)
	MaxBatch       int                    // signups per transaction at most; default 256
	Now            func() time.Time       // clock; default time.Now
	Logger         *slog.Logger           // internal errors go here; default slog.Default()
}

// maxBody is the largest request body accepted, in bytes.
const maxBody = 8 << 10

// Handler is the signup server. It serves, relative to where it is mounted:
//
//	POST /subscribe            form-encoded or JSON signup
//	OPTIONS /subscribe         CORS preflight
//	GET  /confirm?token=       double opt-in confirmation link
//	GET  /unsubscribe?token=   a page with an unsubscribe button
//	POST /unsubscribe?token=   unsubscribe, also RFC 8058 one-click
//	GET  /healthz              "ok" when the store answers
//
// Mount it with http.StripPrefix to serve it below a path. Close it when
// done: it commits queued signups and sends queued mails first.
type Handler struct {
	store   Store
	opt     Options
	signer  Signer
	origins map[string]bool
	anyOrig bool
	limit   *limiter
	batch   *batcher
	mails   *mailQueue
	mux     *http.ServeMux
	log     *slog.Logger
}

// NewHandler returns a Handler storing into store. When opts.Secret is nil
// it asks the store for its secret, so links survive restarts.
func NewHandler(store Store, opts Options) (*Handler, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.ConfirmTTL == 0 {
		opts.ConfirmTTL = 7 * 24 * time.Hour
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = 10
	}
	if opts.RateBurst <= 0 {
		opts.RateBurst = 5
	}
	if opts.BatchWriters <= 0 {
		opts.BatchWriters = 1
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 256
	}
	if opts.SiteURL != "" && !strings.HasSuffix(opts.SiteURL, "/") {
		opts.SiteURL += "/"
	}
	if opts.ThanksURL == "" && opts.SiteURL != "" {
		opts.ThanksURL = opts.SiteURL + "subscribed/"
	}
	if opts.PublicURL != "" && !strings.HasSuffix(opts.PublicURL, "/") {
		opts.PublicURL += "/"
	}
	// Links in mails are never built from the request's Host header: anyone
	// could make the blog mail a victim a link to another site.
	if opts.Mailer != nil && originOf(opts.PublicURL) == "" {
		return nil, fmt.Errorf("newsletter handler: double opt-in needs PublicURL, the absolute URL the confirmation links point to (got %q)", opts.PublicURL)
	}
	if opts.Secret == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		key, err := store.Secret(ctx)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("newsletter handler: %w", err)
		}
		opts.Secret = key
	}
	h := &Handler{store: store, opt: opts, signer: Signer{Key: opts.Secret}, origins: map[string]bool{}, log: opts.Logger}
	for _, o := range append([]string{opts.SiteURL, opts.PublicURL}, opts.AllowedOrigins...) {
		if o == "*" {
			h.anyOrig = true
		} else if o = originOf(o); o != "" {
			h.origins[o] = true
		}
	}
	if opts.RateLimit > 0 {
		h.limit = newLimiter(opts.RateLimit, opts.RateBurst, opts.Now)
	}
	h.batch = newBatcher(store, opts.BatchWriters, opts.MaxBatch)
	if opts.Mailer != nil {
		h.mails = newMailQueue(opts.Mailer, opts.Logger)
	}
	h.mux = http.NewServeMux()
	h.mux.HandleFunc("POST /subscribe", h.subscribe)
	h.mux.HandleFunc("OPTIONS /subscribe", h.preflight)
	h.mux.HandleFunc("GET /confirm", h.confirm)
	h.mux.HandleFunc("GET /unsubscribe", h.unsubscribePage)
	h.mux.HandleFunc("POST /unsubscribe", h.unsubscribe)
	h.mux.HandleFunc("GET /healthz", h.healthz)
	return h, nil
}

// ServeHTTP sets the security headers and routes the request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "no-referrer") // links carry tokens
	hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Cross-Origin-Resource-Policy", "same-site")
	h.mux.ServeHTTP(w, r)
}

// Close commits the signups still queued and sends the queued mails.
func (h *Handler) Close() error {
	h.batch.close()
	if h.mails != nil {
		h.mails.close()
	}
	return nil
}

func (h *Handler) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := h.store.Ping(r.Context()); err != nil {
		h.log.Error("newsletter health check", "err", err)
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ok")
}

// originOf returns scheme://host of an absolute URL, or "".
func originOf(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}
