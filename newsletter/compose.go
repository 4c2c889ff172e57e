package newsletter

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Composer turns a mailing and a recipient into a MIME message
// (github.com/wneessen/go-mail builds it): a plain-text and an HTML part,
// the subscriber's own unsubscribe link in both, and the headers mail
// providers ask of bulk mail.
type Composer struct {
	From      *mail.Address    // sender
	ReplyTo   *mail.Address    // where replies go; nil: to From
	PublicURL string           // absolute URL of the signup server's routes, ending in /, for the unsubscribe links
	Signer    Signer           // signs the unsubscribe links; its key also makes the Message-IDs
	SiteTitle string           // name in List-Id
	SiteURL   string           // the blog's URL, for List-Id and List-Archive
	Now       func() time.Time // clock for the Date header; default time.Now
}

// NewComposer checks from and publicURL and returns a Composer.
func NewComposer(from, publicURL string, signer Signer, site *Feed) (*Composer, error) {
	addr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("sender address %q: %w (write it as \"Blog <blog@example.com>\")", from, err)
	}
	u, err := url.Parse(publicURL)
	if err != nil || !u.IsAbs() {
		return nil, fmt.Errorf("public URL %q of the signup server is not absolute: the unsubscribe links need it, e.g. https://example.com/_newsletter/", publicURL)
	}
	if !strings.HasSuffix(publicURL, "/") {
		publicURL += "/"
	}
	return &Composer{From: addr, PublicURL: publicURL, Signer: signer, SiteTitle: site.Title, SiteURL: site.HomeURL}, nil
}

// UnsubscribeURL returns the personal unsubscribe link of email below
// base, the absolute URL of the signup server's routes. The link never
// expires; GET shows a page with a button, POST unsubscribes.
func UnsubscribeURL(s Signer, base, email, lang string) string {
	return base + "unsubscribe?" + url.Values{"token": {s.Sign(PurposeUnsubscribe, email, time.Time{})}, "lang": {lang}}.Encode()
}

// Message returns the message of m for to. The Message-ID is the same
// each time for the same mailing and address, so a message sent again
// after a crash carries the ID of the first, which lets receiving systems
// drop the copy.
func (c *Composer) Message(m Mailing, to Delivery) (*gomail.Msg, error) {
	if strings.ContainsAny(to.Email, "\r\n<>") {
		return nil, fmt.Errorf("compose mail to %q: not a plain address", to.Email)
	}
	unsub := UnsubscribeURL(c.Signer, c.PublicURL, to.Email, emailLang(m.Lang))
	html, text := Email{HTML: m.HTML, Text: m.Text}.Personal(unsub)
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(c.From)
	msg.ToMailAddress(&mail.Address{Name: clean(to.Name, 200), Address: to.Email})
	if c.ReplyTo != nil {
		msg.ReplyToMailAddress(c.ReplyTo)
	}
	msg.Subject(m.Subject)
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	msg.SetDateWithValue(now())
	msg.SetMessageIDWithValue(c.messageID(m, to.Email))
	if m.Lang != "" {
		msg.SetGenHeader(gomail.HeaderContentLang, m.Lang)
	}
	msg.SetBulk()
	msg.SetUserAgent("kopij")
	msg.SetGenHeaderPreformatted("List-Id", c.listID())
	msg.SetGenHeaderPreformatted("List-Archive", "<"+c.SiteURL+">")
	// RFC 8058: a POST with List-Unsubscribe=One-Click to this URL
	// unsubscribes without a page in between.
	msg.SetListUnsubscribe(unsub)
	msg.SetListUnsubscribePost()
	msg.SetBodyString(gomail.TypeTextPlain, text)
	msg.AddAlternativeString(gomail.TypeTextHTML, html)
	return msg, nil
}

// listID is the List-Id of RFC 2919: the site's name and an identifier
// made from its host, e.g. "Blog <newsletter.example.com>".
func (c *Composer) listID() string {
	host := "kopij.invalid"
	if u, err := url.Parse(c.SiteURL); err == nil && u.Hostname() != "" {
		host = strings.ToLower(u.Hostname())
	}
	id := "newsletter." + host
	if c.SiteTitle == "" {
		return "<" + id + ">"
	}
	return mime.QEncoding.Encode("utf-8", headerLine(c.SiteTitle)) + " <" + id + ">"
}

// messageID derives the Message-ID from the mailing and the address with
// an HMAC, so that it names neither; test copies get a random one.
func (c *Composer) messageID(m Mailing, email string) string {
	domain := c.From.Address[strings.LastIndexByte(c.From.Address, '@')+1:]
	if m.ID == 0 {
		b := make([]byte, 12)
		rand.Read(b)
		return hex.EncodeToString(b) + ".test@" + domain
	}
	h := hmac.New(sha256.New, c.Signer.Key)
	h.Write([]byte("message-id\n" + strconv.FormatInt(m.ID, 10) + "\n" + m.Key + "\n" + email))
	return hex.EncodeToString(h.Sum(nil)[:15]) + "." + strconv.FormatInt(m.ID, 10) + "@" + domain
}
