package newsletter

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Token purposes: a confirm token cannot be used to unsubscribe and back.
const (
	PurposeConfirm     = "c"
	PurposeUnsubscribe = "u"
)

// Token errors callers branch on.
var (
	ErrTokenInvalid = errors.New("token is invalid")
	ErrTokenExpired = errors.New("token has expired")
)

// Signer makes and checks HMAC-SHA256 signed tokens that carry an address,
// a purpose, an expiry time and, for confirmation links, the signup
// generation they were made for. Tokens are URL-safe.
type Signer struct {
	Key []byte // secret key, 32 random bytes or more
}

// Sign returns a token for email and purpose that is valid until expires;
// a zero expires never runs out (unsubscribe links must keep working).
func (s Signer) Sign(purpose, email string, expires time.Time) string {
	return s.sign(purpose, email, 0, expires)
}

// SignGeneration is Sign for a token bound to one signup generation of the
// address (Result.Generation): a confirmation link must not confirm a
// later signup, made after the address unsubscribed.
func (s Signer) SignGeneration(purpose, email string, generation int64, expires time.Time) string {
	return s.sign(purpose, email, generation, expires)
}

func (s Signer) sign(purpose, email string, generation int64, expires time.Time) string {
	exp := int64(0)
	if !expires.IsZero() {
		exp = expires.Unix()
	}
	payload := purpose + "\n" + strconv.FormatInt(exp, 36) + "\n" + email
	if generation > 0 {
		payload += "\n" + strconv.FormatInt(generation, 36)
	}
	enc := base64.RawURLEncoding.EncodeToString([]byte(payload))
	return enc + "." + base64.RawURLEncoding.EncodeToString(s.mac(enc))
}

// Verify checks token for purpose at time now and returns its address.
func (s Signer) Verify(token, purpose string, now time.Time) (string, error) {
	email, _, err := s.VerifyGeneration(token, purpose, now)
	return email, err
}

// VerifyGeneration is Verify that also returns the signup generation the
// token was made for; a token made by Sign, as kopij made them before
// generations, counts as generation 1.
func (s Signer) VerifyGeneration(token, purpose string, now time.Time) (string, int64, error) {
	enc, sig, ok := strings.Cut(token, ".")
	if !ok {
		return "", 0, ErrTokenInvalid
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.mac(enc)) {
		return "", 0, ErrTokenInvalid
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return "", 0, ErrTokenInvalid
	}
	parts := strings.Split(string(raw), "\n")
	if len(parts) < 3 || len(parts) > 4 || parts[0] != purpose {
		return "", 0, ErrTokenInvalid
	}
	exp, err := strconv.ParseInt(parts[1], 36, 64)
	if err != nil {
		return "", 0, ErrTokenInvalid
	}
	gen := int64(1)
	if len(parts) == 4 {
		if gen, err = strconv.ParseInt(parts[3], 36, 64); err != nil || gen < 1 {
			return "", 0, ErrTokenInvalid
		}
	}
	if exp != 0 && now.Unix() > exp {
		return "", 0, fmt.Errorf("%w: expired at %s", ErrTokenExpired, time.Unix(exp, 0).UTC().Format(time.RFC3339))
	}
	return parts[2], gen, nil
}

func (s Signer) mac(data string) []byte {
	m := hmac.New(sha256.New, s.Key)
	m.Write([]byte(data))
	return m.Sum(nil)
}
