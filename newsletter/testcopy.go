package newsletter

import (
	"context"
	"fmt"
)

// SendTestCopy sends e to one address outside the outbox, so the writer
// sees a mailing as subscribers will: nothing is recorded and no post
// counts as sent. The unsubscribe link is the address's own.
func SendTestCopy(ctx context.Context, server SMTPServer, c *Composer, e Email, to string) error {
	to = NormalizeEmail(to)
	if err := ValidateEmail(to); err != nil {
		return err
	}
	msg, err := c.Message(Mailing{Subject: e.Subject, URL: e.URL, Lang: e.Lang, HTML: e.HTML, Text: e.Text}, Delivery{Email: to})
	if err != nil {
		return err
	}
	conn, err := server.dial(ctx)
	if err != nil {
		return fmt.Errorf("connect to the mail server %s:%d: %w", server.Host, server.Port, err)
	}
	defer conn.close()
	if o, reply, _ := classify(conn.send(msg)); o != outcomeSent {
		return fmt.Errorf("send the test copy to %s: the mail server answered %s", to, reply)
	}
	return nil
}
