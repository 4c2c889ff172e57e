package newsletter_test

import (
	"context"
	"mime"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kopij/kopij/newsletter"
)

// FuzzSubscribe sends arbitrary bodies to POST /subscribe. The handler must
// never fail with a 5xx, must answer JSON to fetch and to any JSON body
// (which is sent without Accept), and may only store addresses that pass
// ValidateEmail.
func FuzzSubscribe(f *testing.F) {
	f.Add("application/x-www-form-urlencoded", "email=ada%40example.com&name=Ada&consent=Yes&lang=nl")
	f.Add("application/json", `{"email":"bo@example.org","website":""}`)
	f.Add("application/json", `{"email":["x"]}`)
	f.Add("application/x-www-form-urlencoded", "email=%ZZ")
	f.Add("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nc@example.com\r\n--x--\r\n")
	f.Add("text/plain", "email=a@example.com")
	f.Add("application/json", `{"email":"a@example.com","name":"\u0000\u202e"}`)
	f.Add("application/json; charset=utf-8", `{"email":"a@"}`)
	f.Add("application/json", `{"email":"a@example.com","name":"`+strings.Repeat("x", 9000)+`"}`)
	s, err := openFuzzStore()
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	h, err := newsletter.NewHandler(s, newsletter.Options{SiteURL: "https://blog.example/", Secret: []byte("fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"), RateLimit: -1, Logger: discardLogger()})
	if err != nil {
		f.Fatal(err)
	}
	defer h.Close()
	f.Fuzz(func(t *testing.T, contentType, body string) {
		r := httptest.NewRequest("POST", "/subscribe", strings.NewReader(body))
		r.Header.Set("Content-Type", contentType)
		if ct, _, _ := mime.ParseMediaType(contentType); ct != "application/json" {
			r.Header.Set("Accept", "application/json")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("status %d for %q %q: %s", w.Code, contentType, body, w.Body)
		}
		if !strings.HasPrefix(w.Body.String(), `{"ok":`) || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("answer is not the JSON shape: %q", w.Body)
		}
		s.Each(context.Background(), newsletter.Filter{}, func(sub newsletter.Subscriber) error {
			if err := newsletter.ValidateEmail(sub.Email); err != nil {
				t.Fatalf("stored an invalid address: %v", err)
			}
			return nil
		})
	})
}

// FuzzOrigin posts the form with arbitrary Host and Origin headers, as a
// DNS-rebinding page may: only the site's origin and the hosts OriginHost
// accepts ever get past the origin check, whatever the Host says.
func FuzzOrigin(f *testing.F) {
	f.Add("evil.example", "https://evil.example")
	f.Add("evil.example:1313", "http://evil.example:1313")
	f.Add("blog.example", "https://blog.example")
	f.Add("localhost:1313", "http://localhost:1313")
	f.Add("127.0.0.1:1313", "http://localhost.evil.example:1313")
	f.Add("Evil.Example", "HTTPS://EVIL.EXAMPLE")
	f.Add("evil.example", "null")
	f.Add("[::1]:1313", "http://[::1]:1313")
	f.Add("x", "javascript://localhost")
	s, err := openFuzzStore()
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	h, err := newsletter.NewHandler(s, newsletter.Options{SiteURL: "https://blog.example/", Secret: []byte("fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"), RateLimit: -1, Logger: discardLogger(),
		OriginHost: func(host string) bool { return host == "localhost" }})
	if err != nil {
		f.Fatal(err)
	}
	defer h.Close()
	f.Fuzz(func(t *testing.T, host, origin string) {
		r := httptest.NewRequest("POST", "/subscribe", strings.NewReader("email=ada%40example.com"))
		r.Host = host
		r.Header.Set("Origin", origin)
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Accept", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code == 403 {
			return
		}
		u, err := url.Parse(origin)
		allowed := strings.EqualFold(origin, "https://blog.example") || err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() == "localhost"
		if !allowed {
			t.Fatalf("Host %q Origin %q passed the origin check: %d %s", host, origin, w.Code, w.Body)
		}
	})
}
