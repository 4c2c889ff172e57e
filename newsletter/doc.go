// Package newsletter collects newsletter subscribers for a static blog,
// keeps the consent record the law asks for, and mails them each new post.
//
// The parts:
//
//   - Subscriber, Status and the Store interface: what is stored and the
//     operations every storage adapter (newsletter/sqlite,
//     newsletter/postgres) provides. newsletter/storetest checks both.
//   - NewHandler: the signup server's HTTP handler. It serves, relative to
//     where it is mounted, POST /subscribe, GET /confirm?token=,
//     GET and POST /unsubscribe?token= and GET /healthz.
//   - ValidateEmail and NormalizeEmail: strict address checks.
//   - Signer: HMAC-signed, expiring tokens for confirm and unsubscribe links.
//   - SMTPMailer: the double opt-in mail. Without a Mailer signups are
//     confirmed at once (single opt-in).
//   - NewEncoder and Import: export to and import from the CSV layouts of
//     Mailchimp, Kit, Buttondown, Ghost and Substack, and kopij's own CSV and
//     JSON. Encoders stream, so exports run in constant memory.
//   - SiteHandler: the built site, served beside the signup routes by one
//     process; it picks up each new build without a restart.
//
// Sending, in the order the data flows:
//
//   - ReadFeed: the posts of a built site, from its feed.json (this package
//     never imports the builder: it reads what a build wrote).
//   - PlanSend: which posts are new since the last send, which are the
//     archive (a first run) or came back under a new URL.
//   - Renderer and RenderEmail: the email of a post or a digest, from the
//     theme's email/ templates: HTML with inlined CSS, and plain text.
//   - Queue: makes Mailings of the new posts in the Outbox, one row per
//     (mailing, subscriber), queued in one transaction with the mailing.
//   - Sender: claims due messages (queued -> sending), sends them over
//     parallel SMTP connections with github.com/wneessen/go-mail (the
//     Composer builds each message), and records sent, bounced or failed,
//     within limits per second, hour and day, retrying 4xx answers. Claims
//     and answers share one transaction per round, so a send runs at disk
//     speed and the messages in flight at a crash stay few; after a crash
//     they are sent again and counted (Report.Requeued, Progress.Resent).
//   - SendTestCopy: one copy to the writer, outside the outbox.
//
// Concurrent signups are committed in groups: the handler queues each signup
// and one writer commits everything queued in a single durable transaction,
// so a disk sync is shared by many requests instead of paid by each.
package newsletter
