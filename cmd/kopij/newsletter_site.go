package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/newsletter"
)

// siteRoutes serves the built site in dir below the path of base_url and
// the signup handler h below the path of newsletter.endpoint, from one
// origin: the form's default endpoint, /_newsletter/subscribe, answers.
func siteRoutes(cfg builder.Config, dir string, h http.Handler) (http.Handler, error) {
	signup := signupURL(cfg)
	if signup == "" {
		return nil, fmt.Errorf("%w: newsletter.endpoint %q in %s must end in /subscribe to be served with the site", errUsage, cfg.Newsletter.Endpoint, builder.ConfigFile)
	}
	su, _ := url.Parse(signup)
	bu, _ := url.Parse(cfg.BaseURL)
	mount, base := su.Path, bu.Path
	if base == "" {
		base = "/"
	}
	mux := http.NewServeMux()
	mux.Handle(mount, http.StripPrefix(strings.TrimSuffix(mount, "/"), h))
	mux.Handle(base, http.StripPrefix(strings.TrimSuffix(base, "/"), newsletter.SiteHandler(dir)))
	if base != "/" {
		mux.Handle("/{$}", http.RedirectHandler(base, http.StatusFound))
	}
	return mux, nil
}

// autoSend mails each new post of the built site by itself: it watches
// feed.json (polling its size and time, which a build that swaps the
// folder changes) and goes on with unfinished mailings, waiting out
// sending limits and retries between rounds.
func autoSend(ctx context.Context, log *slog.Logger, s *sendSetup, poll time.Duration) {
	var stamp string
	next := time.Now()
	for {
		if st := feedStamp(s.siteDir); st != stamp || !time.Now().Before(next) {
			stamp = st
			next = s.sendRound(ctx, log)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(poll):
		}
	}
}

func feedStamp(dir string) string {
	info, err := os.Stat(filepath.Join(dir, newsletter.FeedFile))
	if err != nil {
		return ""
	}
	return fmt.Sprint(info.Size(), info.ModTime().UnixNano())
}

// sendRound queues the new posts and sends what is queued, without
// waiting for limits; it returns when to come back.
func (s *sendSetup) sendRound(ctx context.Context, log *slog.Logger) time.Time {
	later := time.Now().Add(time.Minute)
	feed, err := newsletter.ReadFeed(os.DirFS(s.siteDir))
	if errors.Is(err, newsletter.ErrNoFeed) {
		return later // not built yet
	}
	if err != nil {
		log.Error("newsletter send: read the built site", "site", s.siteDir, "err", err)
		return later
	}
	plan, err := s.plan(ctx, feed)
	if err != nil {
		log.Error("newsletter send", "err", err)
		return later
	}
	if plan.FirstRun && len(feed.Posts) > 0 {
		log.Error("newsletter send: this blog never sent a newsletter, so its posts are the archive; run kopij newsletter send --mark-sent once, then new posts are mailed by themselves", "posts", len(feed.Posts))
		return time.Now().Add(time.Hour)
	}
	c, err := s.composer(feed)
	if err != nil {
		log.Error("newsletter send", "err", err)
		return time.Now().Add(time.Hour)
	}
	q, err := newsletter.Queue(ctx, s.outbox, s.renderer, feed, plan, newsletter.QueueOptions{Digest: s.digest, Email: s.email, Now: time.Now()})
	if err != nil {
		log.Error("newsletter send: queue", "err", err)
		return later
	}
	for i, m := range q.Mailings {
		log.Info("newsletter send: queued", "subject", m.Subject, "subscribers", q.Messages[i])
	}
	reports, err := newsletter.NewSender(s.outbox, s.server, c, s.sendOptions(true)).SendOpen(ctx)
	for _, r := range reports {
		p := r.Progress
		log.Info("newsletter send", "subject", r.Mailing.Subject, "sent", p.Sent, "bounced", p.Bounced, "failed", p.Failed,
			"skipped", p.Skipped, "left", p.Queued+p.Sending, "resent_after_stop", r.Requeued)
	}
	switch {
	case errors.Is(err, newsletter.ErrWaiting):
		return reports[len(reports)-1].WaitUntil
	case errors.Is(err, newsletter.ErrSenderBusy):
		return later // a kopij newsletter send is running
	case err != nil && ctx.Err() == nil:
		log.Error("newsletter send", "err", err)
		return later
	}
	if !q.NextDigest.IsZero() {
		return q.NextDigest
	}
	return time.Now().Add(10 * time.Minute)
}

// withSite returns what kopij newsletter serve answers: the signup
// handler h alone, or with --site the built site beside it. When asked to
// send new posts by itself it starts the sender; wait returns once the
// sender has stopped after ctx ended.
func withSite(ctx context.Context, e *env, log *slog.Logger, cfg builder.Config, src, dir, publicURL string, send bool, store newsletter.Store, h http.Handler) (root http.Handler, wait func(), err error) {
	wait = func() {}
	send = send || cfg.Newsletter.AutoSend
	if dir == "" {
		if send {
			return nil, wait, fmt.Errorf("%w: sending new posts by itself (--send, newsletter.auto_send) needs --site with the built folder", errUsage)
		}
		return h, wait, nil
	}
	if !isDir(dir) {
		fmt.Fprintf(e.stderr, "kopij newsletter: %s does not exist yet; pages answer 404 until kopij build writes it\n", dir)
	}
	if root, err = siteRoutes(cfg, dir, h); err != nil {
		return nil, wait, err
	}
	fmt.Fprintf(e.stdout, "kopij newsletter: serving the site in %s and the signup routes at %s\n", dir, signupURL(cfg))
	if !send {
		return root, wait, nil
	}
	s, err := newSendSetup(ctx, e, cfg, src, dir, publicURL, "", store)
	if err == nil {
		_, err = s.composer(&newsletter.Feed{})
	}
	if err != nil {
		return nil, wait, err
	}
	fmt.Fprintf(e.stdout, "kopij newsletter: mailing each new post of %s through %s\n", dir, cfg.SMTP.Host)
	done := make(chan struct{})
	go func() {
		defer close(done)
		autoSend(ctx, log, s, 2*time.Second)
	}()
	return root, func() { <-done }, nil
}
