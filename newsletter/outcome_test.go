package newsletter_test

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kopij/kopij/newsletter"
)

// TestEveryOutcomeIsTold sends each kind of failing signup as a script
// would (a JSON body, with and without Accept) and as a plain form, and
// expects the real outcome every time: the status code and a JSON answer
// for a JSON body, ?status= and #status- in the redirect for a form. No
// failure may read as a success.
func TestEveryOutcomeIsTold(t *testing.T) {
	type request struct {
		email, name, origin string
	}
	tests := []struct {
		name   string
		store  newsletter.Store // nil: a fresh SQLite store
		req    request
		repeat int // send it this often, the answer to the last counts
		code   int
		status string
	}{
		{"subscribed", nil, request{email: "ada@example.com"}, 1, 200, "subscribed"},
		{"invalid", nil, request{email: "ada@"}, 1, 400, "invalid"},
		{"too large", nil, request{email: "ada@example.com", name: strings.Repeat("x", 9000)}, 1, 413, "too-large"},
		{"forbidden", nil, request{email: "ada@example.com", origin: "https://evil.example"}, 1, 403, "forbidden"},
		{"rate limited", nil, request{email: "ada@example.com"}, 3, 429, "rate-limited"},
		{"store down", &brokenStore{}, request{email: "ada@example.com"}, 1, 503, "error"},
	}
	for _, tc := range tests {
		for _, kind := range []string{"json", "json+accept", "form"} {
			t.Run(tc.name+"/"+kind, func(t *testing.T) {
				store := tc.store
				if store == nil {
					store = openStore(t)
				}
				h := newHandler(t, store, newsletter.Options{RateLimit: 1, RateBurst: 2})
				var w *httptest.ResponseRecorder
				for range tc.repeat {
					var r *httptest.ResponseRecorder
					if kind == "form" {
						r = postForm(h, "/subscribe", url.Values{"email": {tc.req.email}, "name": {tc.req.name}}, map[string]string{"Origin": tc.req.origin})
					} else {
						body, _ := json.Marshal(map[string]string{"email": tc.req.email, "name": tc.req.name})
						req := httptest.NewRequest("POST", "/subscribe", strings.NewReader(string(body)))
						req.Header.Set("Content-Type", "application/json")
						if tc.req.origin != "" {
							req.Header.Set("Origin", tc.req.origin)
						}
						if kind == "json+accept" {
							req.Header.Set("Accept", "application/json")
						}
						r = httptest.NewRecorder()
						h.ServeHTTP(r, req)
					}
					w = r
				}
				if kind == "form" {
					loc, err := url.Parse(w.Header().Get("Location"))
					if w.Code != 303 || err != nil {
						t.Fatalf("form: %d %q, want a 303 to the thank-you page", w.Code, w.Header().Get("Location"))
					}
					if got := loc.Query().Get("status"); got != tc.status || loc.Fragment != "status-"+tc.status {
						t.Errorf("form redirect %s, want status %s in the query and the fragment", loc, tc.status)
					}
					return
				}
				if ct := w.Header().Get("Content-Type"); w.Code != tc.code || !strings.HasPrefix(ct, "application/json") {
					t.Fatalf("%d %s %q, want %d with JSON", w.Code, ct, w.Body, tc.code)
				}
				var a struct {
					OK      bool   `json:"ok"`
					Status  string `json:"status"`
					Message string `json:"message"`
				}
				if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
					t.Fatalf("answer %q: %v", w.Body, err)
				}
				if a.OK != (tc.code == 200) || a.Status != tc.status || a.Message == "" {
					t.Errorf("answer %+v, want ok=%v status %s and a message", a, tc.code == 200, tc.status)
				}
			})
		}
	}
}

// TestConfirmAndUnsubscribeOutcomes checks the other two routes answer the
// real outcome too, and 503 when the store fails.
func TestConfirmAndUnsubscribeOutcomes(t *testing.T) {
	signer := newsletter.Signer{Key: []byte("0123456789abcdef0123456789abcdef")}
	for _, tc := range []struct {
		name, method, path string
		store              newsletter.Store
		code               int
		status             string
	}{
		{"forged confirm", "GET", "/confirm?token=x.y", nil, 400, "invalid-link"},
		{"unknown confirm", "GET", "/confirm?token=" + signer.SignGeneration(newsletter.PurposeConfirm, "nobody@example.com", 1, t1.AddDate(1, 0, 0)), nil, 400, "invalid-link"},
		{"confirm, store down", "GET", "/confirm?token=" + signer.SignGeneration(newsletter.PurposeConfirm, "a@example.com", 1, t1.AddDate(1, 0, 0)), &brokenStore{}, 503, "error"},
		{"unsubscribe", "POST", "/unsubscribe?token=" + signer.Sign(newsletter.PurposeUnsubscribe, "a@example.com", t1.AddDate(1, 0, 0)), nil, 200, "unsubscribed"},
		{"unsubscribe, store down", "POST", "/unsubscribe?token=" + signer.Sign(newsletter.PurposeUnsubscribe, "a@example.com", t1.AddDate(1, 0, 0)), &brokenStore{}, 503, "error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := tc.store
			if store == nil {
				store = openStore(t)
			}
			h := newHandler(t, store, newsletter.Options{})
			r := httptest.NewRequest(tc.method, tc.path, nil)
			r.Header.Set("Accept", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if a := decode(t, w); w.Code != tc.code || !strings.Contains(w.Body.String(), `"status":"`+tc.status+`"`) || a.OK != (tc.code == 200) {
				t.Errorf("%d %s, want %d with status %s", w.Code, w.Body, tc.code, tc.status)
			}
		})
	}
}
