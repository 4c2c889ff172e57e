package newsletter

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Digest says how new posts are grouped into mailings.
type Digest string

// The digest modes. A digest is due when new posts exist and the last
// digest went out at least the period ago.
const (
	DigestOff    Digest = ""       // one mailing per post
	DigestNow    Digest = "now"    // one mailing of every new post, at once
	DigestDaily  Digest = "daily"  // at most one digest per 24 hours
	DigestWeekly Digest = "weekly" // at most one digest per 7 days
)

// ParseDigest checks a digest mode from a flag or kopij.toml.
func ParseDigest(s string) (Digest, error) {
	switch d := Digest(s); d {
	case DigestOff, DigestNow, DigestDaily, DigestWeekly:
		return d, nil
	case "off", "post", "none":
		return DigestOff, nil
	}
	return "", fmt.Errorf("unknown digest %q (use weekly, daily, now, or off for one email per post)", s)
}

func (d Digest) period() time.Duration {
	switch d {
	case DigestDaily:
		return 24 * time.Hour
	case DigestWeekly:
		return 7 * 24 * time.Hour
	}
	return 0
}

// Plan is what a send would do with the posts of a feed.
type Plan struct {
	FirstRun bool   // nothing was ever recorded: every post of the feed is the archive
	New      []Post // posts to mail, oldest first
	Archive  []Post // unknown posts older than every recorded one (the feed's window slid back): recorded, not mailed
	Moved    []Post // recorded posts that came back under a new URL: recorded again, not mailed
	Beyond   int    // posts of the site past the feed's limit that were never recorded: they cannot be mailed
}

// PlanSend compares the posts of f with the recorded ones.
func PlanSend(f *Feed, known []KnownPost, started time.Time) Plan {
	p := Plan{FirstRun: started.IsZero() && len(known) == 0}
	ids := map[string]bool{}
	byTitle := map[string]bool{}
	var oldest time.Time
	for _, k := range known {
		ids[k.ID] = true
		byTitle[titleDate(k.Title, k.Date)] = true
		if !k.Date.IsZero() && (oldest.IsZero() || k.Date.Before(oldest)) {
			oldest = k.Date
		}
	}
	if p.FirstRun {
		p.Archive = f.Oldest()
		return p
	}
	for _, post := range f.Oldest() {
		switch {
		case ids[post.ID]:
		case byTitle[titleDate(post.Title, post.Date)]:
			p.Moved = append(p.Moved, post)
		case !oldest.IsZero() && post.Date.Before(oldest):
			p.Archive = append(p.Archive, post)
		default:
			p.New = append(p.New, post)
		}
	}
	if beyond := f.Total - len(f.Posts); beyond > 0 && len(p.New) == len(f.Posts) {
		// Even the oldest post of the feed is new: more may lie past it.
		p.Beyond = beyond
	}
	return p
}

func titleDate(title string, date time.Time) string {
	return title + "\n" + date.UTC().Format(time.RFC3339)
}

// QueueOptions say which mailings Queue makes.
type QueueOptions struct {
	Digest Digest       // DigestOff: one mailing per new post
	Email  EmailOptions // how emails are rendered
	Now    time.Time    // time of the mailings
}

// Queued is what Queue did.
type Queued struct {
	Plan       Plan
	Mailings   []Mailing // made now, oldest post first
	Messages   []int     // messages queued per mailing
	NextDigest time.Time // a digest is not due yet: when it will be
}

// Queue records the archive and moved posts of plan and makes mailings of
// its new posts: one per post, or a digest when one is due. A post that
// another sender queued at the same moment is left to it.
func Queue(ctx context.Context, ob Outbox, r *Renderer, f *Feed, plan Plan, o QueueOptions) (Queued, error) {
	q := Queued{Plan: plan}
	if skip := append(append([]Post(nil), plan.Archive...), plan.Moved...); len(skip) > 0 {
		if _, err := ob.MarkPosts(ctx, knownPosts(skip), o.Now); err != nil {
			return q, err
		}
	}
	if len(plan.New) == 0 {
		return q, nil
	}
	if o.Digest != DigestOff {
		if period := o.Digest.period(); period > 0 {
			last, err := ob.LastMailing(ctx, "digest:")
			if err != nil && !errors.Is(err, ErrNotFound) {
				return q, err
			}
			if err == nil && o.Now.Sub(last.CreatedAt) < period {
				q.NextDigest = last.CreatedAt.Add(period)
				return q, nil
			}
		}
		e, err := r.Digest(f, plan.New, o.Email)
		if err != nil {
			return q, err
		}
		return q, q.add(ctx, ob, e, "digest:"+o.Now.UTC().Format(time.RFC3339Nano), plan.New, o.Now)
	}
	for _, p := range plan.New {
		e, err := r.Post(f, p, o.Email)
		if err != nil {
			return q, err
		}
		if err := q.add(ctx, ob, e, "post:"+p.ID, []Post{p}, o.Now); err != nil {
			return q, err
		}
	}
	return q, nil
}

func (q *Queued) add(ctx context.Context, ob Outbox, e Email, key string, posts []Post, now time.Time) error {
	m := Mailing{Key: key, Subject: e.Subject, URL: e.URL, Lang: e.Lang, HTML: e.HTML, Text: e.Text, CreatedAt: now}
	m, n, err := ob.CreateMailing(ctx, m, knownPosts(posts))
	if errors.Is(err, ErrPostKnown) {
		return nil
	}
	if err != nil {
		return err
	}
	q.Mailings = append(q.Mailings, m)
	q.Messages = append(q.Messages, n)
	return nil
}

func knownPosts(posts []Post) []KnownPost {
	out := make([]KnownPost, len(posts))
	for i, p := range posts {
		out[i] = KnownPost{ID: p.ID, URL: p.URL, Title: p.Title, Date: p.Date}
	}
	return out
}

// MarkSent records every post of f as sent without mailing it: the first
// run on an existing blog, so the archive is not mailed.
func MarkSent(ctx context.Context, ob Outbox, f *Feed, now time.Time) (int, error) {
	return ob.MarkPosts(ctx, knownPosts(f.Posts), now)
}
