package newsletter

import (
	"bufio"
	"context"
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
	e := &csvEncoder{w: bufio.NewWriter(w), row: cols.row}
	if err := e.write(cols.header); err != nil {
		return nil, fmt.Errorf("export %s: %w", f, err)
	}
	return e, nil
}

type csvEncoder struct {
	w   *bufio.Writer
	row func(Subscriber) []string
	n   int
}

func (e *csvEncoder) Encode(s Subscriber) error {
	row := e.row(s)
	for i, c := range row {
		row[i] = EscapeCell(c)
	}
	if err := e.write(row); err != nil {
		return fmt.Errorf("export %s: %w", s.Email, err)
	}
	// Flush now and then so a failed disk shows early.
	if e.n++; e.n%512 == 0 {
		return e.w.Flush()
	}
	return nil
}

// write writes one RFC 4180 record. A cell is quoted when it holds a
// quote, a line break or any character a spreadsheet may split cells on
// (comma, semicolon, tab), or starts or ends with a space, so that a
// spreadsheet set to another separator still reads it as one cell.
func (e *csvEncoder) write(cells []string) error {
	for i, c := range cells {
		if i > 0 {
			e.w.WriteByte(',')
		}
		if c == "" || !strings.ContainsAny(c, "\",;\t\r\n") && c[0] != ' ' && c[len(c)-1] != ' ' {
			e.w.WriteString(c)
			continue
		}
		e.w.WriteByte('"')
		e.w.WriteString(strings.ReplaceAll(c, `"`, `""`))
		e.w.WriteByte('"')
	}
	_, err := e.w.WriteString("\r\n")
	return err
}

func (e *csvEncoder) Close() error { return e.w.Flush() }

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

// EscapeCell makes s safe to open in a spreadsheet. A cell starting with
// = + - or @ is run as a formula, and so is every piece of it that a
// spreadsheet splitting rows on another character (; , tab | or a line
// break) would take for a cell: "Jan;=1+1" holds the formula =1+1 for one
// that splits on ";". Each such start, past spaces and quotes, gets a
// leading apostrophe, which spreadsheets show as text; so does a cell
// that starts with a tab or carriage return. Apostrophes already there
// before a formula character get one more, so unescapeCell, which import
// applies, gives back exactly s.
func EscapeCell(s string) string {
	if !strings.ContainsAny(s, "=+-@\t\r") {
		return s
	}
	var b strings.Builder
	at := true // at the start of what a spreadsheet could take for a cell
	for i := 0; i < len(s); i++ {
		c := s[i]
		if at && c != ' ' && c != '"' {
			if j := skipQuotes(s, i); j < len(s) && runsFormula(s[j], i == 0) {
				b.WriteByte('\'')
			}
			at = false
		}
		b.WriteByte(c)
		if strings.IndexByte(cellBreaks, c) >= 0 {
			at = true
		}
	}
	return b.String()
}

// unescapeCell undoes EscapeCell.
func unescapeCell(s string) string {
	if strings.IndexByte(s, '\'') < 0 {
		return s
	}
	var b strings.Builder
	at := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if at && c != ' ' && c != '"' {
			if j := skipQuotes(s, i); c == '\'' && j < len(s) && runsFormula(s[j], i == 0) {
				i++ // drop the apostrophe EscapeCell added
				c = s[i]
			}
			at = false
		}
		b.WriteByte(c)
		if strings.IndexByte(cellBreaks, c) >= 0 {
			at = true
		}
	}
	return b.String()
}

// cellBreaks are the characters spreadsheets split rows or cells on.
const cellBreaks = ",;\t|\r\n"

// skipQuotes returns the index of the first byte at or after i that is not
// an apostrophe.
func skipQuotes(s string, i int) int {
	for i < len(s) && s[i] == '\'' {
		i++
	}
	return i
}

// runsFormula reports whether a cell starting with c is run as a formula;
// first is true at the very start of the field, where a tab or carriage
// return counts too.
func runsFormula(c byte, first bool) bool {
	return strings.IndexByte("=+-@", c) >= 0 || first && (c == '\t' || c == '\r')
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
