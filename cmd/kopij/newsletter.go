package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/postgres"
	"github.com/kopij/kopij/newsletter/sqlite"
)

func runNewsletterServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e)
	db := dbFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "the `HOST:PORT` to listen on")
	siteURL := fs.String("site-url", "", "absolute `URL` of the blog; base_url from kopij.toml when not set")
	var origins stringList
	fs.Var(&origins, "allowed-origin", "another `ORIGIN` allowed to post the form, e.g. https://www.example.com (repeatable; * allows any)")
	src := srcFlag(fs)
	publicURL := fs.String("public-url", "", "public `URL` of this server's routes, for links in mails; newsletter.endpoint from kopij.toml without subscribe when not set")
	rate := fs.Int("rate-limit", 10, "`N` signups per minute per client IP; 0 switches the limit off")
	trustProxy := fs.Bool("trust-proxy", false, "behind a reverse proxy: take the client IP and scheme from X-Forwarded-For and X-Forwarded-Proto")
	siteDir := fs.String("site", "", "also serve the built site `DIR` (e.g. public/), the signup routes below newsletter.endpoint's path: one process for the whole blog")
	sendNew := fs.Bool("send", false, "with --site: mail each new post of the built site by itself (also newsletter.auto_send)")
	args, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(e, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*src)
	if err != nil {
		return fmt.Errorf("%s: %w", *src, err)
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	if *db == "" {
		*db = siteDB(*src)
		if err := os.MkdirAll(filepath.Dir(*db), 0o755); err != nil {
			return fmt.Errorf("create the folder for the subscriber database: %w", err)
		}
	}
	store, pg, err := openStore(ctx, *db, true)
	if err != nil {
		return err
	}
	defer store.Close()

	opts := newsletter.Options{
		SiteURL:        cmp.Or(*siteURL, cfg.BaseURL),
		SiteTitle:      cfg.Title,
		Lang:           cfg.Language,
		AllowedOrigins: origins,
		PublicURL:      *publicURL,
		RateLimit:      *rate,
		TrustProxy:     *trustProxy,
		Logger:         log,
	}
	if ep := cfg.Newsletter.Endpoint; opts.PublicURL == "" && strings.HasPrefix(ep, "http") && strings.HasSuffix(ep, "/subscribe") {
		// The form posts to ENDPOINT = PUBLIC/subscribe: mail links go below PUBLIC.
		opts.PublicURL = strings.TrimSuffix(ep, "subscribe")
	}
	if *siteDir != "" && opts.PublicURL == "" {
		opts.PublicURL = signupURL(cfg) // the routes are served beside the site
	}
	if *rate == 0 {
		opts.RateLimit = -1
	}
	if pg {
		opts.BatchWriters = 4 // PostgreSQL commits several transactions at once
	}
	if s := e.getenv("KOPIJ_SECRET"); s != "" {
		opts.Secret = []byte(s)
	}
	if cfg.SMTP.Host != "" {
		if opts.PublicURL == "" {
			return fmt.Errorf("%w: [smtp] is set, so confirmation mails go out, and their links need this server's public URL: "+
				"set newsletter.endpoint in kopij.toml to its absolute /subscribe URL or pass --public-url https://example.com/newsletter/", errUsage)
		}
		opts.Mailer = &newsletter.SMTPMailer{Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, From: cfg.SMTP.From,
			Username: e.getenv("KOPIJ_SMTP_USER"), Password: e.getenv("KOPIJ_SMTP_PASSWORD")}
	}
	h, err := newsletter.NewHandler(store, opts)
	if err != nil {
		return err
	}
	defer h.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is the port taken? pass another --addr)", *addr, err)
	}
	root, waitSend, err := withSite(ctx, e, log, cfg, *src, *siteDir, opts.PublicURL, *sendNew, store, h)
	if err != nil {
		return err
	}
	defer waitSend()
	srv := &http.Server{Handler: root, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	optIn := "single opt-in: signups are confirmed at once, no mail is sent"
	if opts.Mailer != nil {
		optIn = "double opt-in: confirmation mail through " + cfg.SMTP.Host
	}
	fmt.Fprintf(e.stdout, "kopij newsletter: listening on http://%s (%s; subscribers in %s)\n", ln.Addr(), optIn, dbName(*db))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve %s: %w", *addr, err)
	case <-ctx.Done():
	}
	// Let requests in flight finish, then h.Close (deferred) commits what
	// is still queued before the store closes.
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shut down %s: %w", *addr, err)
	}
	fmt.Fprintln(e.stdout, "kopij newsletter: stopped")
	return nil
}

// siteDB is the subscriber database of the site at src. kopij serve,
// kopij newsletter serve and kopij subscribers all default to it, so they
// see the same list.
func siteDB(src string) string { return filepath.Join(src, filepath.FromSlash(subscribersDB)) }

// openStore opens SQLite for a file name and PostgreSQL for a postgres://
// or postgresql:// DSN; pg reports which. Only with create may a missing
// SQLite file be created: reading or adding to a list needs the list.
func openStore(ctx context.Context, db string, create bool) (store newsletter.Store, pg bool, err error) {
	if isPostgres(db) {
		s, err := postgres.Open(ctx, db)
		if err != nil {
			return nil, true, fmt.Errorf("%w (check --db and that the server runs)", err)
		}
		return s, true, nil
	}
	if create {
		s, err := sqlite.Open(ctx, db)
		if err != nil {
			return nil, false, fmt.Errorf("%w (check that --db names a writable file)", err)
		}
		return s, false, nil
	}
	s, err := sqlite.OpenExisting(ctx, db)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, false, fmt.Errorf("subscriber database %s does not exist: kopij serve and kopij newsletter serve create it "+
			"(pass --db with its path, or --src with the site folder)", db)
	case errors.Is(err, sqlite.ErrNotKopij):
		return nil, false, fmt.Errorf("%s is not a kopij subscriber database (pass --db with the file kopij newsletter serve uses)", db)
	case err != nil:
		return nil, false, fmt.Errorf("%w (check that --db names a readable file)", err)
	}
	return s, false, nil
}

func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// dbName is db for messages, without a DSN's password.
func dbName(db string) string {
	if u, err := url.Parse(db); err == nil && isPostgres(db) {
		return u.Redacted()
	}
	return db
}
