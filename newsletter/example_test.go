package newsletter_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/sqlite"
)

// The handler mounted below /_newsletter/ on a site's own server, with a
// local SQLite file and single opt-in, as kopij serve does it.
func ExampleNewHandler() {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, ":memory:") // a file path in real use
	if err != nil {
		panic(err)
	}
	defer store.Close()
	h, err := newsletter.NewHandler(store, newsletter.Options{
		SiteURL:   "https://blog.example/",
		PublicURL: "https://blog.example/_newsletter/",
		Lang:      "nl",
	})
	if err != nil {
		panic(err)
	}
	defer h.Close()
	mux := http.NewServeMux()
	mux.Handle("/_newsletter/", http.StripPrefix("/_newsletter", h))

	form := url.Values{"email": {"lezer@example.nl"}, "consent": {"Ja, mail me nieuwe posts."}, "source": {"/posts/eerste/"}}
	r := httptest.NewRequest("POST", "/_newsletter/subscribe", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Header().Get("Location"))

	r = httptest.NewRequest("POST", "/_newsletter/subscribe", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Accept", "application/json")
	w = httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	fmt.Print(w.Code, " ", w.Body.String())
	// Output:
	// 303 https://blog.example/subscribed/?lang=nl&status=subscribed#status-subscribed
	// 200 {"ok":true,"status":"subscribed","message":"Bedankt, je bent ingeschreven."}
}
