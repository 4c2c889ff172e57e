package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"os"
	"strings"
	"time"

	"github.com/kopij/kopij/newsletter"
)

// firstRun handles a blog that never sent: the archive must not be
// mailed. With --mark-sent, or the writer's answer on a terminal, the
// posts are recorded as sent; without either the command refuses.
func (s *sendSetup) firstRun(ctx context.Context, e *env, feed *newsletter.Feed, plan newsletter.Plan, markSent bool) (newsletter.Plan, error) {
	posts := feed.Oldest()
	if len(posts) == 0 {
		_, err := s.outbox.MarkPosts(ctx, nil, time.Now()) // from now on every post is new
		fmt.Fprintln(e.stdout, "the site has no posts yet: each post you publish from now on is mailed")
		return newsletter.Plan{}, err
	}
	choice := "a"
	if !markSent {
		if !isTerminal(e.stdin) {
			return plan, fmt.Errorf("this is the first send from this blog, and its feed holds %s: the archive, not news. "+
				"Run kopij newsletter send --mark-sent once to record the archive as sent without mailing it; after that each new post is mailed", count(len(posts), "post"))
		}
		var err error
		if choice, err = askFirstRun(e.stdin, e.stdout, posts); err != nil {
			return plan, err
		}
	}
	mark := posts
	if choice == "n" {
		mark = posts[:len(posts)-1]
	}
	if _, err := s.outbox.MarkPosts(ctx, knownOf(mark), time.Now()); err != nil {
		return plan, err
	}
	fmt.Fprintf(e.stdout, "recorded %s as sent without mailing %s\n", count(len(mark), "post"), them(len(mark)))
	if choice == "n" {
		return newsletter.Plan{New: posts[len(posts)-1:]}, nil
	}
	return newsletter.Plan{}, nil
}

// askFirstRun asks the writer what to do with the archive: "a" records
// every post as sent, "n" mails the newest and records the rest.
func askFirstRun(in io.Reader, out io.Writer, posts []newsletter.Post) (string, error) {
	newest := posts[len(posts)-1]
	fmt.Fprintf(out, "This is the first newsletter from this blog. Its feed holds %s, the archive.\n", count(len(posts), "post"))
	fmt.Fprintf(out, "  a  record all of them as sent, mail nothing now (each new post is mailed from now on)\n")
	fmt.Fprintf(out, "  n  mail only the newest, %q, to every subscriber and record the rest\n", newest.Title)
	fmt.Fprintf(out, "  q  quit, change nothing\n")
	sc := bufio.NewScanner(in)
	for {
		fmt.Fprint(out, "Your choice [a/n/q]: ")
		if !sc.Scan() {
			return "", errors.New("no answer: nothing was recorded or mailed")
		}
		switch strings.ToLower(strings.TrimSpace(sc.Text())) {
		case "a":
			return "a", nil
		case "n":
			return "n", nil
		case "q", "":
			return "", errors.New("stopped: nothing was recorded or mailed")
		}
	}
}

// isTerminal reports whether r is an interactive terminal: a character
// device other than the null device (cron and CI give /dev/null).
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err == nil && !os.SameFile(info, null)
}

// dryRun lists what a send would do and who would get what.
func (s *sendSetup) dryRun(ctx context.Context, e *env, feed *newsletter.Feed, plan newsletter.Plan, markSent bool) error {
	w := e.stdout
	fmt.Fprintln(w, "dry run: nothing is sent or recorded")
	open, err := s.outbox.OpenMailings(ctx)
	if err != nil {
		return err
	}
	for _, m := range open {
		p, err := s.outbox.Progress(ctx, m.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "would go on with %q: %d of %d messages left\n", m.Subject, p.Queued+p.Sending, p.Total)
	}
	if plan.FirstRun {
		fmt.Fprintf(w, "first send from this blog: %s would be recorded as sent without mailing (kopij newsletter send asks, or --mark-sent)\n", count(len(plan.Archive), "post"))
		return nil
	}
	for _, p := range append(plan.Archive, plan.Moved...) {
		fmt.Fprintf(w, "would record as sent without mailing: %q (%s)\n", p.Title, p.URL)
	}
	s.warnBeyond(e, feed, plan)
	if len(plan.New) == 0 {
		fmt.Fprintln(w, "no new posts since the last send")
		return nil
	}
	if markSent {
		for _, p := range plan.New {
			fmt.Fprintf(w, "would record as sent without mailing: %q (%s)\n", p.Title, p.URL)
		}
		return nil
	}
	var subjects []string
	if s.digest != newsletter.DigestOff {
		e, err := s.renderer.Digest(feed, plan.New, s.email)
		if err != nil {
			return err
		}
		subjects = append(subjects, e.Subject+" (a digest; sent when due: "+string(s.digest)+")")
	} else {
		for _, p := range plan.New {
			subjects = append(subjects, p.Title+" <"+p.URL+">")
		}
	}
	var to []string
	err = s.store.Each(ctx, newsletter.Filter{Status: newsletter.StatusConfirmed}, func(sub newsletter.Subscriber) error {
		if sub.Mailable() {
			to = append(to, sub.Email)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, subj := range subjects {
		fmt.Fprintf(w, "would mail %q to %s:\n", subj, count(len(to), "subscriber"))
		for _, a := range to {
			fmt.Fprintf(w, "  %s\n", a)
		}
	}
	return nil
}

// warnBeyond says when new posts may lie past the feed's limit.
func (s *sendSetup) warnBeyond(e *env, feed *newsletter.Feed, plan newsletter.Plan) {
	if plan.Beyond > 0 {
		fmt.Fprintf(e.stderr, "warning: every post in %s/%s is new, and %s more lie past its limit of %d: those cannot be mailed. "+
			"Set [feed] limit = 0 in kopij.toml and build again, or run with --mark-sent to record them as sent\n",
			s.siteDir, newsletter.FeedFile, count(plan.Beyond, "post"), len(feed.Posts))
	}
}

// sendTest mails one copy of what the next send would mail (or of the
// newest post) to address, outside the outbox.
func (s *sendSetup) sendTest(ctx context.Context, e *env, feed *newsletter.Feed, plan newsletter.Plan, address string) error {
	c, err := s.composer(feed)
	if err != nil {
		return err
	}
	posts := plan.New
	if len(posts) == 0 || plan.FirstRun {
		if len(feed.Posts) == 0 {
			return errors.New("the site has no posts to send a test copy of")
		}
		posts = feed.Posts[:1]
	}
	o := s.email
	o.Test = true
	var em newsletter.Email
	if s.digest != newsletter.DigestOff {
		em, err = s.renderer.Digest(feed, posts, o)
	} else {
		em, err = s.renderer.Post(feed, posts[0], o)
	}
	if err != nil {
		return err
	}
	if err := newsletter.SendTestCopy(ctx, s.server, c, em, address); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "sent a test copy of %q to %s; nothing was recorded\n", em.Subject, address)
	return nil
}

// queueAndSend makes the mailings of the new posts and sends every
// mailing with messages left, also those an earlier run left unfinished.
func (s *sendSetup) queueAndSend(ctx context.Context, e *env, feed *newsletter.Feed, plan newsletter.Plan, noWait bool) error {
	c, err := s.composer(feed)
	if err != nil {
		return err
	}
	s.warnBeyond(e, feed, plan)
	q, err := newsletter.Queue(ctx, s.outbox, s.renderer, feed, plan, newsletter.QueueOptions{Digest: s.digest, Email: s.email, Now: time.Now()})
	if err != nil {
		return err
	}
	for _, p := range append(plan.Archive, plan.Moved...) {
		fmt.Fprintf(e.stdout, "recorded as sent without mailing: %q (%s)\n", p.Title, p.URL)
	}
	for i, m := range q.Mailings {
		fmt.Fprintf(e.stdout, "queued %q for %s\n", m.Subject, count(q.Messages[i], "subscriber"))
	}
	if !q.NextDigest.IsZero() {
		fmt.Fprintf(e.stdout, "%s wait for the next digest, due %s\n", count(len(plan.New), "new post"), q.NextDigest.Local().Format("Mon 2 Jan 15:04"))
	}
	opt := s.sendOptions(noWait)
	opt.Requeued = func(m newsletter.Mailing, n int) {
		fmt.Fprintf(e.stdout, "%q: %s in flight when an earlier send stopped: sending them again, so up to %d people may get this mail twice\n",
			m.Subject, wasWere(n), n)
	}
	opt.Waiting = func(m newsletter.Mailing, until time.Time) {
		fmt.Fprintf(e.stdout, "%q: waiting for a sending limit or a retry until %s (Ctrl-C stops; the rest stays queued)\n", m.Subject, until.Local().Format("Mon 2 Jan 15:04"))
	}
	opt.Progress = func(m newsletter.Mailing, p newsletter.Progress) {
		fmt.Fprintf(e.stderr, "  %q: %d of %d done\n", m.Subject, p.Total-p.Queued-p.Sending, p.Total)
	}
	reports, err := newsletter.NewSender(s.outbox, s.server, c, opt).SendOpen(ctx)
	for _, r := range reports {
		printReport(e, r)
	}
	switch {
	case errors.Is(err, newsletter.ErrWaiting):
		last := reports[len(reports)-1]
		fmt.Fprintf(e.stdout, "%s wait for a sending limit or a retry until %s: run kopij newsletter send again then (kopij newsletter serve --send goes on by itself)\n",
			count(last.Progress.Queued, "message"), last.WaitUntil.Local().Format("Mon 2 Jan 15:04"))
		return nil
	case ctx.Err() != nil:
		fmt.Fprintln(e.stderr, "stopped: the messages not sent yet stay queued; run kopij newsletter send again to go on")
		return errSilent
	case err != nil:
		return err
	}
	if len(reports) == 0 && len(q.Mailings) == 0 && q.NextDigest.IsZero() {
		fmt.Fprintln(e.stdout, "no new posts since the last send")
	}
	return nil
}

func printReport(e *env, r newsletter.Report) {
	p := r.Progress
	fmt.Fprintf(e.stdout, "%q: %d sent, %d bounced, %d failed, %d skipped (unsubscribed or bounced before their turn), %d left\n",
		r.Mailing.Subject, p.Sent, p.Bounced, p.Failed, p.Skipped, p.Queued+p.Sending)
	if p.Resent > 0 {
		fmt.Fprintf(e.stdout, "  sent again after senders stopped mid-send: %d in all (each may have arrived twice; they carry the first one's Message-ID)\n", p.Resent)
	}
}

func wasWere(n int) string {
	if n == 1 {
		return "1 message was"
	}
	return fmt.Sprintf("%d messages were", n)
}

func parseAddress(s string) (*mail.Address, error) { return mail.ParseAddress(s) }
