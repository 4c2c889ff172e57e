package newsletter_test

import (
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/kopij/kopij/newsletter"
	"golang.org/x/net/html"
)

// FuzzParseFeed: any feed.json gives posts an email can be made of, or an
// error; never a panic.
func FuzzParseFeed(f *testing.F) {
	if data, err := os.ReadFile("testdata/send/feed.json"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","home_page_url":"https://b.example/blog/","items":[{"url":"https://b.example/blog/p/","title":"t"}],"_kopij":{"posts":-3}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := newsletter.ParseFeed(data)
		if err != nil {
			return
		}
		if feed.Total < len(feed.Posts) {
			t.Errorf("Total %d < %d posts", feed.Total, len(feed.Posts))
		}
		for _, p := range feed.Posts {
			if u, err := url.Parse(p.URL); err != nil || !u.IsAbs() || p.Title == "" || !strings.HasPrefix(p.ID, "/") && p.ID != "" {
				t.Errorf("post %+v", p)
			}
		}
	})
}

// FuzzRenderPost renders any post HTML: no panic, no script or form in
// the email, the unsubscribe link in both parts.
func FuzzRenderPost(f *testing.F) {
	f.Add("<p>Hi <a href=\"/x\">x</a></p><script>alert(1)</script>", "Title")
	f.Add("<iframe src=\"javascript:alert(1)\"></iframe><video><source src=\"/v.mp4\"></video><input type=checkbox checked>", "T")
	f.Add("<table><tr><td><img src=\"x.png\" width=\"9000\" onerror=\"x()\"></td></tr></table><form><button>b</button></form>", "\x00\r\nSubject: evil")
	r, err := newsletter.NewRenderer()
	if err != nil {
		f.Fatal(err)
	}
	site := &newsletter.Feed{Title: "Blog", HomeURL: "https://blog.example/", Lang: "en", Full: true}
	f.Fuzz(func(t *testing.T, body, title string) {
		if title == "" {
			return
		}
		e, err := r.Post(site, newsletter.Post{ID: "/p/", URL: "https://blog.example/p/", Title: title, HTML: body, Lang: "en"}, newsletter.EmailOptions{})
		if err != nil {
			t.Fatal(err)
		}
		z := html.NewTokenizer(strings.NewReader(e.HTML))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			switch tok.Data {
			case "script", "form", "iframe", "object", "embed", "input":
				t.Errorf("email holds <%s>", tok.Data)
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(a.Key, "on") || (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					t.Errorf("email holds <%s %s=%q>", tok.Data, a.Key, a.Val)
				}
			}
		}
		if strings.ContainsAny(e.Subject, "\r\n") {
			t.Errorf("subject %q holds a line break", e.Subject)
		}
		if !strings.Contains(e.HTML, newsletter.UnsubscribePlaceholder) || !strings.Contains(e.Text, newsletter.UnsubscribePlaceholder) {
			t.Error("the unsubscribe link is missing")
		}
	})
}
