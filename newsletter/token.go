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
// a purpose and an expiry time. Tokens are URL-safe.
type Signer struct {
	Key []byte // secret key, 32 random bytes or more
}

// Sign returns a token for email and purpose that is valid until expires;
// a zero expires never runs out (unsubscribe links must keep working).
func (s Signer) Sign(purpose, email string, expires time.Time) string {
	exp := int64(0)
	if !expires.IsZero() {
		exp = expires.Unix()
	}
	payload := purpose + "\n" + strconv.FormatInt(exp, 36) + "\n" + email
	enc := base64.RawURLEncoding.EncodeToString([]byte(payload))
	return enc + "." + base64.RawURLEncoding.EncodeToString(s.mac(enc))
}

// Verify checks token for purpose at time now and returns its address.
func (s Signer) Verify(token, purpose string, now time.Time) (string, error) {
	enc, sig, ok := strings.Cut(token, ".")
	if !ok {
		return "", ErrTokenInvalid
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.mac(enc)) {
		return "", ErrTokenInvalid
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return "", ErrTokenInvalid
	}
	parts := strings.SplitN(string(raw), "\n", 3)
	if len(parts) != 3 || parts[0] != purpose {
		return "", ErrTokenInvalid
	}
	exp, err := strconv.ParseInt(parts[1], 36, 64)
	if err != nil {
		return "", ErrTokenInvalid
	}
	if exp != 0 && now.Unix() > exp {
		return "", fmt.Errorf("%w: expired at %s", ErrTokenExpired, time.Unix(exp, 0).UTC().Format(time.RFC3339))
	}
	return parts[2], nil
}

func (s Signer) mac(data string) []byte {
	m := hmac.New(sha256.New, s.Key)
	m.Write([]byte(data))
	return m.Sum(nil)
}
