package newsletter

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidEmail is wrapped by ValidateEmail's errors.
var ErrInvalidEmail = errors.New("invalid email address")

// NormalizeEmail trims spaces and lower-cases the address. Mail providers
// treat the local part case-insensitively in practice, and one person must
// not end up on the list twice.
func NormalizeEmail(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// ValidateEmail reports whether the normalised address e is one kopij
// accepts: a dot-atom local part of at most 64 bytes, an ASCII domain name
// with at least two labels and an alphabetic top-level label, 254 bytes in
// all. It is stricter than RFC 5321 on purpose: quoted local parts, IP
// literals and local parts starting with = + - @ (which spreadsheets run as
// formulas) are refused.
func ValidateEmail(e string) error {
	if len(e) > 254 {
		return fmt.Errorf("%w: longer than 254 characters", ErrInvalidEmail)
	}
	at := strings.LastIndexByte(e, '@')
	if at <= 0 || at == len(e)-1 {
		return fmt.Errorf("%w: %q needs one @ with text on both sides", ErrInvalidEmail, e)
	}
	local, domain := e[:at], e[at+1:]
	if err := validLocal(local); err != nil {
		return fmt.Errorf("%w: %q: %s", ErrInvalidEmail, e, err)
	}
	if err := validDomain(domain); err != nil {
		return fmt.Errorf("%w: %q: %s", ErrInvalidEmail, e, err)
	}
	return nil
}

func validLocal(l string) error {
	if len(l) > 64 {
		return errors.New("the part before @ is longer than 64 characters")
	}
	if strings.ContainsRune("=+-@", rune(l[0])) {
		return errors.New("the address starts with a character spreadsheets run as a formula")
	}
	if l[0] == '.' || l[len(l)-1] == '.' || strings.Contains(l, "..") {
		return errors.New("dots must sit between other characters")
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if isAlnum(c) || strings.IndexByte(".!#$%&'*+/=?^_`{|}~-", c) >= 0 {
			continue
		}
		return errors.New("the part before @ holds a character that is not allowed")
	}
	return nil
}

func validDomain(d string) error {
	if len(d) > 253 {
		return errors.New("the domain is too long")
	}
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return errors.New("the domain needs a dot, as in example.com")
	}
	for _, lb := range labels {
		if lb == "" || len(lb) > 63 {
			return errors.New("the domain has an empty or too long part")
		}
		if lb[0] == '-' || lb[len(lb)-1] == '-' {
			return errors.New("a domain part starts or ends with -")
		}
		for i := 0; i < len(lb); i++ {
			if !isAlnum(lb[i]) && lb[i] != '-' {
				return errors.New("the domain holds a character that is not allowed")
			}
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 {
		return errors.New("the top-level domain is shorter than two letters")
	}
	for i := 0; i < len(tld); i++ {
		if !(tld[i] >= 'a' && tld[i] <= 'z') && !strings.HasPrefix(tld, "xn--") {
			return errors.New("the top-level domain must be letters")
		}
	}
	return nil
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
