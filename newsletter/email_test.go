package newsletter_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
)

func TestValidateEmail(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"ada@example.com", true},
		{"a.b+news@sub.example.co.uk", true},
		{"o'brien@example.ie", true},
		{"x@xn--bcher-kva.example", true},
		{"user@example.xn--p1ai", true},
		{"user@xn--p1ai", false},
		{"", false},
		{"ada", false},
		{"@example.com", false},
		{"ada@", false},
		{"ada@localhost", false},
		{"ada@example.c", false},
		{"ada@example.123", false},
		{"ada@@example.com", false},
		{"a..b@example.com", false},
		{".ada@example.com", false},
		{"ada.@example.com", false},
		{"ada@-example.com", false},
		{"ada@example-.com", false},
		{"ada@exa_mple.com", false},
		{"ada@example..com", false},
		{"ad a@example.com", false},
		{"\"ada\"@example.com", false},
		{"ada@[127.0.0.1]", false},
		{"=cmd@example.com", false},
		{"+1@example.com", false},
		{"-x@example.com", false},
		{"zoë@example.com", false},
		{"ada@exämple.com", false},
		{"ada@example.com\r\nBcc: x@example.com", false},
		{strings.Repeat("a", 65) + "@example.com", false},
		{strings.Repeat("a", 64) + "@example.com", true},
		{"a@" + strings.Repeat("b", 64) + ".com", false},
		{"a@" + strings.Repeat(strings.Repeat("b", 60)+".", 5) + "com", false},
	}
	for _, tc := range tests {
		err := newsletter.ValidateEmail(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ValidateEmail(%q) = %v, want ok=%v", tc.in, err, tc.ok)
		}
		if err != nil && !errors.Is(err, newsletter.ErrInvalidEmail) {
			t.Errorf("ValidateEmail(%q) error %v does not wrap ErrInvalidEmail", tc.in, err)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{
		" Ada@Example.COM ": "ada@example.com",
		"\tBO@X.NL\n":       "bo@x.nl",
		"plain@x.org":       "plain@x.org",
	} {
		if got := newsletter.NormalizeEmail(in); got != want {
			t.Errorf("NormalizeEmail(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSigner(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := newsletter.Signer{Key: []byte("k1k1k1k1k1k1k1k1k1k1k1k1k1k1k1k1")}
	tok := s.Sign(newsletter.PurposeConfirm, "a@example.com", now.Add(time.Hour))
	if got, err := s.Verify(tok, newsletter.PurposeConfirm, now); err != nil || got != "a@example.com" {
		t.Errorf("Verify = %q, %v", got, err)
	}
	if _, err := s.Verify(tok, newsletter.PurposeUnsubscribe, now); !errors.Is(err, newsletter.ErrTokenInvalid) {
		t.Errorf("wrong purpose: %v", err)
	}
	if _, err := s.Verify(tok, newsletter.PurposeConfirm, now.Add(2*time.Hour)); !errors.Is(err, newsletter.ErrTokenExpired) {
		t.Errorf("expired: %v", err)
	}
	other := newsletter.Signer{Key: []byte("k2k2k2k2k2k2k2k2k2k2k2k2k2k2k2k2")}
	if _, err := other.Verify(tok, newsletter.PurposeConfirm, now); !errors.Is(err, newsletter.ErrTokenInvalid) {
		t.Errorf("other key: %v", err)
	}
	for _, bad := range []string{"", ".", "abc", tok + "x", "x" + tok, strings.Replace(tok, ".", "", 1)} {
		if _, err := s.Verify(bad, newsletter.PurposeConfirm, now); err == nil {
			t.Errorf("Verify(%q) accepted", bad)
		}
	}
	forever := s.Sign(newsletter.PurposeUnsubscribe, "a@example.com", time.Time{})
	if got, err := s.Verify(forever, newsletter.PurposeUnsubscribe, now.AddDate(50, 0, 0)); err != nil || got != "a@example.com" {
		t.Errorf("unsubscribe token after 50 years: %q, %v", got, err)
	}
}
