// Package newsletter collects newsletter subscribers for a static blog and
// keeps the consent record the law asks for.
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
//
// Concurrent signups are committed in groups: the handler queues each signup
// and one writer commits everything queued in a single durable transaction,
// so a disk sync is shared by many requests instead of paid by each.
package newsletter
