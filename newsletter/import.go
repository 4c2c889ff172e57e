package newsletter

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"
)

// RowProblem is a row an import leaves out.
type RowProblem struct {
	Line  int    // line in the file (CSV) or item number (JSON), from 1
	Email string // the address as written
	Why   string // what is wrong
}

// ImportFile is what ReadSubscribers found in a file.
type ImportFile struct {
	Format      Format       // the layout read
	Rows        int          // data rows
	Subscribers []Subscriber // valid rows, first occurrence of each address
	Invalid     []RowProblem // rows with a missing or invalid address
	Duplicates  []RowProblem // later rows repeating an address
}

// ReadSubscribers reads a whole file with an ImportReader.
func ReadSubscribers(r io.Reader, f Format, now time.Time) (*ImportFile, error) {
	ir, err := NewImportReader(r, f, now)
	if err != nil {
		return nil, err
	}
	out := &ImportFile{Format: ir.Format}
	for s, err := range ir.All() {
		if err != nil {
			return nil, err
		}
		out.Subscribers = append(out.Subscribers, s)
	}
	out.Rows, out.Invalid, out.Duplicates = ir.Rows, ir.Invalid, ir.Duplicates
	return out, nil
}

// ImportReader reads a file in the layout of kopij, Mailchimp, Kit,
// Buttondown, Ghost or Substack one row at a time, so an import of a
// million rows keeps only the addresses seen in memory. Columns are found
// by their header names, so extra columns and any column order work. CR,
// LF and CRLF all end a row. Rows without a creation time get now; every
// row is cleaned with Sanitize.
type ImportReader struct {
	Format     Format       // the layout read, known once NewImportReader returns
	Rows       int          // data rows read so far
	Invalid    []RowProblem // rows so far with a missing or invalid address
	Duplicates []RowProblem // later rows so far repeating an address

	now  time.Time
	seen map[string]int // address -> line of its first row
	next func() (int, Subscriber, error)
}

// NewImportReader reads the start of a file in format f (FormatAuto:
// decided from the content). A file that cannot be read as the format
// gives an error, here or from All.
func NewImportReader(r io.Reader, f Format, now time.Time) (*ImportReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	if f == FormatAuto || f == "" {
		f = FormatCSV
		if first, _ := firstByte(br); first == '[' {
			f = FormatJSON
		}
	}
	ir := &ImportReader{Format: f, now: now, seen: map[string]int{}}
	var err error
	if f == FormatJSON {
		ir.next, err = readJSON(br)
	} else {
		ir.Format, ir.next, err = readCSV(&lineEnds{r: br}, f)
	}
	if err != nil {
		return nil, err
	}
	return ir, nil
}

// All yields the valid subscribers in file order, the first row of each
// address; rows with a bad or repeated address are counted in Invalid and
// Duplicates instead. A read error is yielded last.
func (ir *ImportReader) All() iter.Seq2[Subscriber, error] {
	return func(yield func(Subscriber, error) bool) {
		for {
			line, s, err := ir.next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				yield(Subscriber{}, err)
				return
			}
			if s, ok := ir.check(line, s); ok && !yield(s, nil) {
				return
			}
		}
	}
}

// check counts a row and reports whether it is one to import.
func (ir *ImportReader) check(line int, s Subscriber) (Subscriber, bool) {
	ir.Rows++
	raw := s.Email
	s.Email = NormalizeEmail(s.Email)
	if err := ValidateEmail(s.Email); err != nil {
		why := "no address"
		if s.Email != "" {
			why = strings.TrimPrefix(err.Error(), ErrInvalidEmail.Error()+": ")
		}
		ir.Invalid = append(ir.Invalid, RowProblem{line, raw, why})
		return s, false
	}
	if first, ok := ir.seen[s.Email]; ok {
		ir.Duplicates = append(ir.Duplicates, RowProblem{line, raw, fmt.Sprintf("same address as line %d", first)})
		return s, false
	}
	ir.seen[s.Email] = line
	return complete(s, ir.now), true
}

func firstByte(br *bufio.Reader) (byte, error) {
	for i := 1; ; i++ {
		b, err := br.Peek(i)
		if err != nil {
			return 0, err
		}
		if c := b[i-1]; c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c, nil
		}
	}
}

// complete fills what the source left out, so the row is a valid record.
func complete(s Subscriber, now time.Time) Subscriber {
	if s.Status == "" {
		s.Status = StatusConfirmed
	}
	if s.CreatedAt.IsZero() {
		s.CreatedAt = now.UTC()
	}
	if s.Status == StatusConfirmed && s.ConfirmedAt.IsZero() {
		s.ConfirmedAt = s.CreatedAt
	}
	if s.Status == StatusUnsubscribed && s.UnsubscribedAt.IsZero() {
		s.UnsubscribedAt = now.UTC()
	}
	s = Sanitize(s)
	s.Name = clean(s.Name, 200)
	return s
}

// lineEnds turns CRLF and a bare CR into LF: encoding/csv ends rows only
// at LF, and files saved by old Mac software or some spreadsheets end
// theirs with a bare CR, which would merge every row into one.
type lineEnds struct {
	r *bufio.Reader
}

func (l *lineEnds) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if n > 0 && l.r.Buffered() == 0 {
			break // hand on what there is rather than wait for more
		}
		c, err := l.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if c == '\r' {
			if next, err := l.r.Peek(1); err == nil && next[0] == '\n' {
				l.r.Discard(1)
			}
			c = '\n'
		}
		p[n] = c
		n++
	}
	return n, nil
}

func readJSON(r io.Reader) (func() (int, Subscriber, error), error) {
	dec := json.NewDecoder(r)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, fmt.Errorf("read json: the file must hold an array of subscribers, as kopij exports it")
	}
	i, done := 0, false
	return func() (int, Subscriber, error) {
		if done {
			return i, Subscriber{}, io.EOF
		}
		if !dec.More() {
			done = true
			if tok, err := dec.Token(); err != nil || tok != json.Delim(']') {
				return i, Subscriber{}, fmt.Errorf("read json: after item %d: the file ends before the array is closed with ]", i)
			}
			return i, Subscriber{}, io.EOF
		}
		i++
		var s Subscriber
		if err := dec.Decode(&s); err != nil {
			return i, s, fmt.Errorf("read json: item %d: %w", i, err)
		}
		if s.Status != "" {
			if _, err := ParseStatus(string(s.Status)); err != nil {
				return i, s, fmt.Errorf("read json: item %d: %w", i, err)
			}
		}
		return i, s, nil
	}, nil
}

// columnNames maps a field to the header names services use for it.
func columnNames() map[string][]string {
	return map[string][]string{
		"email":        {"email", "email address", "e-mail", "email_address", "e-mail address"},
		"name":         {"name", "full name", "full_name"},
		"first":        {"first name", "first_name", "fname", "firstname"},
		"last":         {"last name", "last_name", "lname", "lastname"},
		"tags":         {"tags", "labels"},
		"note":         {"note", "notes"},
		"status":       {"status"},
		"created":      {"created_at", "creation_date", "optin_time", "subscribed_at", "subscription_created_at", "created"},
		"confirmed":    {"confirmed_at", "confirm_time"},
		"unsubscribed": {"unsubscribed_at", "unsub_time"},
		"consent":      {"consent"},
		"consent_at":   {"consent_at"},
		"lang":         {"lang", "language"},
		"source":       {"source"},
		"referrer":     {"referrer", "referrer_url"},
		"utm_source":   {"utm_source"},
		"utm_medium":   {"utm_medium"},
		"utm_campaign": {"utm_campaign"},
		"ghost_subs":   {"subscribed_to_emails"},
		"substack_off": {"email_disabled"},
	}
}

func readCSV(r io.Reader, f Format) (Format, func() (int, Subscriber, error), error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return f, nil, fmt.Errorf("read csv: the file is empty")
	}
	if err != nil {
		return f, nil, fmt.Errorf("read csv: %w", err)
	}
	idx := map[string]int{}
	present := map[string]bool{}
	names := columnNames()
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		present[h] = true
		for field, names := range names {
			for _, n := range names {
				if h == n {
					if _, dup := idx[field]; !dup {
						idx[field] = i
					}
				}
			}
		}
	}
	if _, ok := idx["email"]; !ok {
		return f, nil, fmt.Errorf("read csv: line 1: no email column in the header %q (name it email or Email Address)", strings.Join(header, ","))
	}
	if f == FormatCSV || f == FormatAuto {
		f = detect(present)
	}
	return f, func() (int, Subscriber, error) {
		for {
			rec, err := cr.Read()
			if err != nil {
				if errors.Is(err, io.EOF) {
					return 0, Subscriber{}, io.EOF
				}
				return 0, Subscriber{}, fmt.Errorf("read csv: %w", err)
			}
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue // blank line
			}
			line, _ := cr.FieldPos(0)
			get := func(field string) string {
				i, ok := idx[field]
				if !ok || i >= len(rec) {
					return ""
				}
				// A copy: with ReuseRecord the fields share one buffer per row.
				return strings.Clone(unescapeCell(strings.TrimSpace(rec[i])))
			}
			return line, rowSubscriber(get), nil
		}
	}, nil
}

// detect names the service a header comes from, for the report.
func detect(h map[string]bool) Format {
	switch {
	case h["consent"] && h["status"]:
		return FormatCSV
	case h["email address"]:
		return FormatMailchimp
	case h["subscribed_to_emails"]:
		return FormatGhost
	case h["email_disabled"] || h["active_subscription"]:
		return FormatSubstack
	case h["referrer_url"] || h["notes"]:
		return FormatButtondown
	case h["first_name"]:
		return FormatKit
	}
	return FormatCSV
}

func rowSubscriber(get func(string) string) Subscriber {
	s := Subscriber{
		Email: get("email"), Name: get("name"), Note: get("note"), Consent: get("consent"), Lang: get("lang"),
		Source: get("source"), Referrer: get("referrer"),
		UTMSource: get("utm_source"), UTMMedium: get("utm_medium"), UTMCampaign: get("utm_campaign"),
		CreatedAt: parseTime(get("created")), ConfirmedAt: parseTime(get("confirmed")),
		UnsubscribedAt: parseTime(get("unsubscribed")), ConsentAt: parseTime(get("consent_at")),
		Tags: cleanTags(strings.Split(get("tags"), ",")),
	}
	if s.Name == "" {
		s.Name = strings.TrimSpace(get("first") + " " + get("last"))
	}
	if st, err := ParseStatus(strings.ToLower(get("status"))); err == nil {
		s.Status = st
	}
	switch {
	case strings.EqualFold(get("ghost_subs"), "false"), strings.EqualFold(get("substack_off"), "true"):
		s.Status = StatusUnsubscribed
	case s.Status == "" && !s.UnsubscribedAt.IsZero():
		s.Status = StatusUnsubscribed
	}
	return s
}

// parseTime reads the date layouts the services export; what it cannot
// read gives the zero time, filled in later.
func parseTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05.999999999Z07", "2006-01-02 15:04:05 MST", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
