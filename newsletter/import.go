package newsletter

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// ReadSubscribers reads a file in format f (FormatAuto: decided from the
// content) as exported by kopij, Mailchimp, Kit, Buttondown, Ghost or
// Substack. Columns are found by their header names, so extra columns and
// any column order work. Rows without a creation time get now. A file that
// cannot be read as the format gives an error; bad rows are reported in
// the result.
func ReadSubscribers(r io.Reader, f Format, now time.Time) (*ImportFile, error) {
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	if f == FormatAuto || f == "" {
		f = FormatCSV
		if first, _ := firstByte(br); first == '[' {
			f = FormatJSON
		}
	}
	out := &ImportFile{Format: f}
	seen := map[string]int{}
	add := func(line int, s Subscriber) {
		out.Rows++
		raw := s.Email
		s.Email = NormalizeEmail(s.Email)
		if err := ValidateEmail(s.Email); err != nil {
			why := "no address"
			if s.Email != "" {
				why = strings.TrimPrefix(err.Error(), ErrInvalidEmail.Error()+": ")
			}
			out.Invalid = append(out.Invalid, RowProblem{line, raw, why})
			return
		}
		if first, ok := seen[s.Email]; ok {
			out.Duplicates = append(out.Duplicates, RowProblem{line, raw, fmt.Sprintf("same address as line %d", first)})
			return
		}
		seen[s.Email] = line
		out.Subscribers = append(out.Subscribers, complete(s, now))
	}
	var err error
	if f == FormatJSON {
		err = readJSON(br, add)
	} else {
		out.Format, err = readCSV(br, f, add)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
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
	s.Name = clean(s.Name, 200)
	return s
}

func readJSON(r io.Reader, add func(int, Subscriber)) error {
	dec := json.NewDecoder(r)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return fmt.Errorf("read json: the file must hold an array of subscribers, as kopij exports it")
	}
	for i := 1; dec.More(); i++ {
		var s Subscriber
		if err := dec.Decode(&s); err != nil {
			return fmt.Errorf("read json: item %d: %w", i, err)
		}
		if s.Status != "" {
			if _, err := ParseStatus(string(s.Status)); err != nil {
				return fmt.Errorf("read json: item %d: %w", i, err)
			}
		}
		s.Tags = cleanTags(s.Tags)
		add(i, s)
	}
	return nil
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

func readCSV(r io.Reader, f Format, add func(int, Subscriber)) (Format, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return f, fmt.Errorf("read csv: the file is empty")
	}
	if err != nil {
		return f, fmt.Errorf("read csv: %w", err)
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
		return f, fmt.Errorf("read csv: line 1: no email column in the header %q (name it email or Email Address)", strings.Join(header, ","))
	}
	if f == FormatCSV || f == FormatAuto {
		f = detect(present)
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return f, nil
		}
		if err != nil {
			return f, fmt.Errorf("read csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		get := func(field string) string {
			i, ok := idx[field]
			if !ok || i >= len(rec) {
				return ""
			}
			return unescapeCell(strings.TrimSpace(rec[i]))
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		add(line, rowSubscriber(get))
	}
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

func cleanTags(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range in {
		t = clean(t, 100)
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
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
