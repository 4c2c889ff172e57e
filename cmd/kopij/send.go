package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/newsletter"
)

// sendSetup is what kopij newsletter send and kopij newsletter serve
// --send need: the site's configuration and built folder, the store and
// how to render and send.
type sendSetup struct {
	cfg      builder.Config
	src      string // site root
	siteDir  string // the built site
	store    newsletter.Store
	outbox   newsletter.Outbox
	renderer *newsletter.Renderer
	email    newsletter.EmailOptions
	digest   newsletter.Digest
	server   newsletter.SMTPServer
	from     string
	public   string // the signup routes' absolute URL, for unsubscribe links
	secret   []byte
}

func runSend(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e)
	src := srcFlag(fs)
	site := fs.String("site", "", "the built site `DIR` whose feed.json lists the posts; public under --src when not set")
	db := dbFlag(fs)
	markSent := fs.Bool("mark-sent", false, "record the posts not yet mailed as sent without mailing them (the archive, on a first run)")
	digest := fs.String("digest", "", "digest `mode`: weekly or daily (one digest per period), now (a digest at once), off (one email per post); default newsletter.digest")
	dryRun := fs.Bool("dry-run", false, "list who would get what; send and record nothing")
	test := fs.String("test", "", "send one copy of the next mailing to `ADDRESS` only; nothing is recorded")
	noWait := fs.Bool("no-wait", false, "stop instead of waiting when a sending limit or a retry holds messages back (run again later)")
	publicURL := fs.String("public-url", "", "public `URL` of the signup server's routes, for the unsubscribe links (default: from newsletter.endpoint)")
	conns := fs.Int("connections", 0, "parallel SMTP connections (default smtp.connections, else 4)")
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
	store, _, err := openStore(ctx, cmp.Or(*db, siteDB(*src)), false)
	if err != nil {
		return err
	}
	defer store.Close()
	s, err := newSendSetup(ctx, e, cfg, *src, *site, *publicURL, *digest, store)
	if err != nil {
		return err
	}
	if *conns > 0 {
		s.cfg.SMTP.Connections = *conns
	}
	feed, err := newsletter.ReadFeed(os.DirFS(s.siteDir))
	if errors.Is(err, newsletter.ErrNoFeed) {
		return fmt.Errorf("%s has no %s: build the site first (kopij build --src %s) or pass --site with the built folder", s.siteDir, newsletter.FeedFile, s.src)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", s.siteDir, err)
	}
	plan, err := s.plan(ctx, feed)
	if err != nil {
		return err
	}
	if *test != "" {
		return s.sendTest(ctx, e, feed, plan, *test)
	}
	if plan.FirstRun && !*dryRun {
		if plan, err = s.firstRun(ctx, e, feed, plan, *markSent); err != nil || len(plan.New) == 0 {
			return err
		}
	}
	if *dryRun {
		return s.dryRun(ctx, e, feed, plan, *markSent)
	}
	if *markSent {
		n, err := s.outbox.MarkPosts(ctx, knownOf(append(plan.New, append(plan.Archive, plan.Moved...)...)), time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "recorded %s as sent without mailing %s\n", count(n, "post"), them(n))
		return nil
	}
	return s.queueAndSend(ctx, e, feed, plan, *noWait)
}

// newSendSetup checks the sending configuration of cfg for the site in
// src, built into site (default src/public), with store.
func newSendSetup(ctx context.Context, e *env, cfg builder.Config, src, site, publicURL, digest string, store newsletter.Store) (*sendSetup, error) {
	s := &sendSetup{cfg: cfg, src: src, siteDir: cmp.Or(site, filepath.Join(src, "public")), store: store}
	var err error
	switch cfg.Newsletter.Email {
	case "", "full":
	case "summary":
		s.email.Summary = true
	default:
		return nil, fmt.Errorf("%s: newsletter.email = %q: use \"full\" (the whole post) or \"summary\" (summary and a link)", builder.ConfigFile, cfg.Newsletter.Email)
	}
	if s.digest, err = newsletter.ParseDigest(cmp.Or(digest, cfg.Newsletter.Digest)); err != nil {
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	s.email.Site = os.DirFS(s.siteDir)
	var layers []fs.FS
	if dir := filepath.Join(src, "themes", cfg.Theme); isDir(dir) {
		// The theme's email templates, never through links out of the
		// theme folder; kept open for the life of the command.
		th, err := builder.OpenSite(dir)
		if err != nil {
			return nil, fmt.Errorf("theme %s: %w", cfg.Theme, err)
		}
		layers = append(layers, th)
	}
	if s.renderer, err = newsletter.NewRenderer(layers...); err != nil {
		return nil, fmt.Errorf("theme %s: %w", cfg.Theme, err)
	}
	s.public = cmp.Or(publicURL, signupURL(cfg))
	s.from = cmp.Or(cfg.Newsletter.From, cfg.SMTP.From)
	s.server = newsletter.SMTPServer{Host: cfg.SMTP.Host, Port: cfg.SMTP.Port,
		Username: e.getenv("KOPIJ_SMTP_USER"), Password: e.getenv("KOPIJ_SMTP_PASSWORD")}
	ob, ok := store.(newsletter.Outbox)
	if !ok {
		return nil, errors.New("this subscriber store cannot send")
	}
	s.outbox = ob
	if k := e.getenv("KOPIJ_SECRET"); k != "" {
		s.secret = []byte(k)
	} else if s.secret, err = store.Secret(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// signupURL is the absolute URL of the signup routes from
// newsletter.endpoint: an absolute .../subscribe URL, or a path on the
// site's origin (the default /_newsletter/subscribe, which kopij
// newsletter serve --site answers).
func signupURL(cfg builder.Config) string {
	ep := cmp.Or(cfg.Newsletter.Endpoint, "/_newsletter/subscribe")
	base, err := url.Parse(cfg.BaseURL)
	if err != nil {
		return ""
	}
	u, err := base.Parse(ep)
	if err != nil || !strings.HasSuffix(u.Path, "/subscribe") {
		return ""
	}
	u.Path = strings.TrimSuffix(u.Path, "subscribe")
	u.RawQuery = ""
	return u.String()
}

// plan compares the feed with what the outbox knows.
func (s *sendSetup) plan(ctx context.Context, feed *newsletter.Feed) (newsletter.Plan, error) {
	started, err := s.outbox.SendStarted(ctx)
	if err != nil {
		return newsletter.Plan{}, err
	}
	known, err := s.outbox.KnownPosts(ctx)
	if err != nil {
		return newsletter.Plan{}, err
	}
	return newsletter.PlanSend(feed, known, started), nil
}

// composer checks what sending needs and returns the Composer.
func (s *sendSetup) composer(feed *newsletter.Feed) (*newsletter.Composer, error) {
	if s.server.Host == "" {
		return nil, fmt.Errorf("%w: [smtp] host is not set in %s: sending needs a mail server (host, port, from; login from KOPIJ_SMTP_USER and KOPIJ_SMTP_PASSWORD)", errUsage, builder.ConfigFile)
	}
	if s.public == "" {
		return nil, fmt.Errorf("%w: the unsubscribe links need the signup server's public URL: set newsletter.endpoint in %s to its absolute https://…/subscribe URL or pass --public-url", errUsage, builder.ConfigFile)
	}
	c, err := newsletter.NewComposer(s.from, s.public, newsletter.Signer{Key: s.secret}, feed)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", errUsage, builder.ConfigFile, err)
	}
	if s.cfg.Newsletter.ReplyTo != "" {
		if c.ReplyTo, err = parseAddress(s.cfg.Newsletter.ReplyTo); err != nil {
			return nil, fmt.Errorf("%w: %s: newsletter.reply_to: %v", errUsage, builder.ConfigFile, err)
		}
	}
	return c, nil
}

func (s *sendSetup) sendOptions(noWait bool) newsletter.SendOptions {
	return newsletter.SendOptions{Connections: s.cfg.SMTP.Connections, PerSecond: s.cfg.SMTP.PerSecond,
		PerHour: s.cfg.SMTP.PerHour, PerDay: s.cfg.SMTP.PerDay, NoWait: noWait}
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}

func knownOf(posts []newsletter.Post) []newsletter.KnownPost {
	out := make([]newsletter.KnownPost, len(posts))
	for i, p := range posts {
		out[i] = newsletter.KnownPost{ID: p.ID, URL: p.URL, Title: p.Title, Date: p.Date}
	}
	return out
}

func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}
