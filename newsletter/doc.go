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
//     GET and POST /unsubscribe?token= and GET /healthz. A script (a JSON
//     body or Accept: application/json) gets JSON with a status code that
//     tells the outcome; a plain form gets a redirect to the thank-you page
//     with the outcome in ?status= and #status-... (Statuses lists them).
//   - ValidateEmail and NormalizeEmail: strict address checks; Sanitize:
//     the control characters no store keeps.
//   - Signer: HMAC-signed, expiring tokens for confirm and unsubscribe
//     links. A confirmation link carries the signup generation it was
//     mailed for, so it stops working once the address has unsubscribed
//     and signed up again.
//   - SMTPMailer: the double opt-in mail. Without a Mailer signups are
//     confirmed at once (single opt-in). The store decides per address
//     whether a mail is due (MailLog, ConfirmMailInterval,
//     ConfirmMailsPerDay), so nobody can flood a mailbox through the form.
//   - NewEncoder and ImportReader: export to and import from the CSV
//     layouts of Mailchimp, Kit, Buttondown, Ghost and Substack, and
//     kopij's own CSV and JSON. Both stream, so lists of any size run in
//     constant memory; EscapeCell keeps spreadsheets from running cells.
//     Store.Import stages rows in short batches (StageImport) and shows
//     them all at once, so a running signup server keeps answering.
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
// so a disk sync is shared by many requests instead of paid by each. Every
// signup writes, whatever the address's state, so the answer time does not
// tell whether an address is on the list.
package newsletter
