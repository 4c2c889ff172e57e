package newsletter

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Format names an export or import layout.
type Format string

// The layouts kopij writes and reads. Substack is read only; Auto makes
// the importer look at the header.
const (
	FormatMailchimp  Format = "mailchimp"  // Email Address,First Name,Last Name,Tags
	FormatKit        Format = "kit"        // email,first_name,last_name,tags
	FormatButtondown Format = "buttondown" // email,notes,tags,created_at,referrer_url,utm_source,utm_medium,utm_campaign
	FormatGhost      Format = "ghost"      // email,name,note,subscribed_to_emails,complimentary_plan,labels,created_at
	FormatCSV        Format = "csv"        // every stored field
	FormatJSON       Format = "json"       // every stored field, an array of objects
	FormatSubstack   Format = "substack"   // Substack's subscriber export (import only)
	FormatAuto       Format = "auto"       // import: decide from the file
)

// ExportFormats lists the formats NewEncoder accepts.
func ExportFormats() []Format {
	return []Format{FormatMailchimp, FormatKit, FormatButtondown, FormatGhost, FormatCSV, FormatJSON}
}

// Encoder writes subscribers one at a time; nothing is kept in memory.
type Encoder interface {
	// Encode writes one subscriber.
	Encode(Subscriber) error
	// Close writes what the format needs at the end and flushes.
	Close() error
}

// csvColumns is the header of each CSV layout and how a subscriber fills a row.
var csvColumns = map[Format]struct {
	header []string
	row    func(Subscriber) []string
}{
	FormatMailchimp: {[]string{"Email Address", "First Name", "Last Name", "Tags"}, func(s Subscriber) []string {
		first, last := splitName(s.Name)
		return []string{s.Email, first, last, joinTagList(s.Tags)}
	}},
	FormatKit: {[]string{"email", "first_name", "last_name", "tags"}, func(s Subscriber) []string {
		first, last := splitName(s.Name)
		return []string{s.Email, first, last, joinTagList(s.Tags)}
	}},
	FormatButtondown: {[]string{"email", "notes", "tags", "created_at", "referrer_url", "utm_source", "utm_medium", "utm_campaign"}, func(s Subscriber) []string {
		return []string{s.Email, s.Note, joinTagList(s.Tags), isoTime(s.CreatedAt), s.Referrer, s.UTMSource, s.UTMMedium, s.UTMCampaign}
	}},
	FormatGhost: {[]string{"email", "name", "note", "subscribed_to_emails", "complimentary_plan", "labels", "created_at"}, func(s Subscriber) []string {
		return []string{s.Email, s.Name, s.Note, fmt.Sprint(s.Status == StatusConfirmed), "false", joinTagList(s.Tags), isoTime(s.CreatedAt)}
	}},
	FormatCSV: {fullColumns, func(s Subscriber) []string {
		return []string{s.Email, s.Name, string(s.Status), isoTime(s.CreatedAt), isoTime(s.ConfirmedAt), isoTime(s.UnsubscribedAt),
			s.Consent, isoTime(s.ConsentAt), s.Lang, s.Source, s.Referrer, s.UTMSource, s.UTMMedium, s.UTMCampaign, joinTagList(s.Tags), s.Note,
			isoTime(s.BouncedAt), s.Bounce, isoTime(lastSent(s)), sentList(s)}
	}},
}

var fullColumns = []string{"email", "name", "status", "created_at", "confirmed_at", "unsubscribed_at", "consent", "consent_at",
	"lang", "source", "referrer", "utm_source", "utm_medium", "utm_campaign", "tags", "note",
	"bounced_at", "bounce", "last_sent_at", "sent"}

// lastSent is when s was last sent a newsletter mail; zero when never.
func lastSent(s Subscriber) time.Time {
	if len(s.Sent) == 0 {
		return time.Time{}
	}
	return s.Sent[len(s.Sent)-1].At
}

// sentList writes the mails s was sent in one cell, oldest first:
// "TIME URL" pairs separated by "; ".
func sentList(s Subscriber) string {
	parts := make([]string, len(s.Sent))
	for i, m := range s.Sent {
		parts[i] = isoTime(m.At) + " " + m.URL
	}
	return strings.Join(parts, "; ")
}

// NewEncoder returns an Encoder writing format f to w. CSV layouts are
// UTF-8, RFC 4180 (CRLF line ends, quotes where needed), with ISO 8601
// times in UTC, tags comma-separated in one cell, and every cell a
// spreadsheet would run as a formula escaped (see EscapeCell).
func NewEncoder(w io.Writer, f Format) (Encoder, error) {
	if f == FormatJSON {
		return &jsonEncoder{w: w}, nil
	}
	cols, ok := csvColumns[f]
	if !ok {
		return nil, fmt.Errorf("unknown export format %q (use mailchimp, kit, buttondown, ghost, csv or json)", f)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(cols.header); err != nil {
		return nil, fmt.Errorf("export %s: %w", f, err)
	}
	return &csvEncoder{w: cw, row: cols.row}, nil
}

type csvEncoder struct {
	w   *csv.Writer
	row func(Subscriber) []string
	n   int
}

func (e *csvEncoder) Encode(s Subscriber) error {
	row := e.row(s)
	for i, c := range row {
		row[i] = EscapeCell(c)
	}
	if err := e.w.Write(row); err != nil {
		return fmt.Errorf("export %s: %w", s.Email, err)
	}
	// Flush now and then so a failed disk shows early and memory stays flat.
	if e.n++; e.n%512 == 0 {
		e.w.Flush()
		return e.w.Error()
	}
	return nil
}

func (e *csvEncoder) Close() error {
	e.w.Flush()
	return e.w.Error()
}

type jsonEncoder struct {
	w io.Writer
	n int
}

func (e *jsonEncoder) Encode(s Subscriber) error {
	b, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("export %s: %w", s.Email, err)
	}
	sep := ",\n"
	if e.n == 0 {
		sep = "[\n"
	}
	e.n++
	if _, err := io.WriteString(e.w, sep); err != nil {
		return err
	}
	_, err = e.w.Write(b)
	return err
}

func (e *jsonEncoder) Close() error {
	end := "\n]\n"
	if e.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(e.w, end)
	return err
}

// Export streams the subscribers of store that match filter to w in
// format f and returns how many it wrote.
func Export(ctx context.Context, store Store, w io.Writer, f Format, filter Filter) (int, error) {
	enc, err := NewEncoder(w, f)
	if err != nil {
		return 0, err
	}
	n := 0
	err = store.Each(ctx, filter, func(s Subscriber) error {
		n++
		return enc.Encode(s)
	})
	if err != nil {
		return n, err
	}
	return n, enc.Close()
}

// EscapeCell makes s safe to open in a spreadsheet: a cell starting with
// = + - @ tab or carriage return would be run as a formula, so it gets a
// leading apostrophe, which spreadsheets show as text. Import removes it.
func EscapeCell(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// unescapeCell undoes EscapeCell.
func unescapeCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte("=+-@\t\r", s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// isoTime formats t as ISO 8601 in UTC; the zero time is an empty cell.
func isoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func splitName(n string) (first, last string) {
	first, last, _ = strings.Cut(strings.TrimSpace(n), " ")
	return first, strings.TrimSpace(last)
}

func joinTagList(tags []string) string { return strings.Join(tags, ",") }
