package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kopij/kopij/builder/browsertest"
	"github.com/kopij/kopij/newsletter"
)

// TestEmailInBrowser renders newsletter emails of the demo blog's posts
// in Chromium at a phone's and a desktop's width, light and dark, and as a
// client that drops <style> blocks would show them, checks the layout and
// saves a screenshot of each (to KOPIJ_SCREENSHOTS when set).
func TestEmailInBrowser(t *testing.T) {
	chromium := browsertest.Path(t)
	shots := os.Getenv("KOPIJ_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	// The demo blog, built for this server's address: the emails' images
	// are absolute URLs and must load.
	out := filepath.Join(t.TempDir(), "public")
	if code, _, errOut := runCLI(t, "build", "--src", "../..", "--out", out, "--base-url", srv.URL+"/"); code != 0 {
		t.Fatalf("build the demo blog: %s", errOut)
	}
	mux.Handle("/", newsletter.SiteHandler(out))
	feed, err := newsletter.ReadFeed(os.DirFS(out))
	if err != nil {
		t.Fatal(err)
	}
	r, err := newsletter.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	emails := map[string]newsletter.Email{}
	for _, p := range feed.Posts { // the newest post of each language
		if _, ok := emails[p.Lang]; ok {
			continue
		}
		e, err := r.Post(feed, p, newsletter.EmailOptions{Site: os.DirFS(out)})
		if err != nil {
			t.Fatal(err)
		}
		emails[p.Lang] = e
	}
	digest, err := r.Digest(feed, feed.Oldest()[len(feed.Posts)-3:], newsletter.EmailOptions{Site: os.DirFS(out), Lang: "nl"})
	if err != nil {
		t.Fatal(err)
	}
	emails["digest"] = digest
	unsub := srv.URL + "/_newsletter/unsubscribe?lang=en&token=personal-token"
	styleBlock := regexp.MustCompile(`(?s)<style[^>]*>.*?</style>`)
	for name, e := range emails {
		html, _ := e.Personal(unsub)
		mux.HandleFunc("/email/"+name+".html", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, html)
		})
		bare := styleBlock.ReplaceAllString(html, "")
		mux.HandleFunc("/email/"+name+"-nostyle.html", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, bare)
		})
	}
	if len(emails) != 3 {
		t.Fatalf("rendered %d emails, want an English and a Dutch post and a digest", len(emails))
	}

	bctx := browsertest.Start(t, t.Context(), chromium)
	type variant struct {
		name  string
		width int64
		dark  bool
		bare  bool // <style> blocks dropped, as some Gmail apps do
	}
	variants := []variant{{"phone", 375, false, false}, {"phone-dark", 375, true, false}, {"desktop", 800, false, false},
		{"desktop-dark", 800, true, false}, {"phone-nostyle", 375, false, true}}
	for name := range emails {
		for _, v := range variants {
			t.Run(name+"/"+v.name, func(t *testing.T) {
				scheme := "light"
				if v.dark {
					scheme = "dark"
				}
				err := chromedp.Do(bctx, chromedp.EmulateViewport(v.width, 900, func(p *emulation.SetDeviceMetricsOverrideParams, _ *emulation.SetTouchEmulationEnabledParams) {
					p.Mobile = v.width < 600
				}))
				if err == nil {
					_, err = chromedp.Call(bctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
				}
				if err != nil {
					t.Fatal(err)
				}
				page := "/email/" + name + ".html"
				if v.bare {
					page = "/email/" + name + "-nostyle.html"
				}
				navigate(t, bctx, srv.URL+page)
				waitFor[bool](t, bctx, "images", `[...document.images].every(i => i.complete && i.naturalWidth > 0)`)
				checkEmailLayout(t, bctx, v.width, v.dark, unsub)
				png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				file := filepath.Join(shots, "email-"+name+"-"+v.name+".png")
				if err := os.WriteFile(file, png, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("screenshot %s", file)
			})
		}
	}
}

// emailLayout is what checkEmailLayout measures in the page.
type emailLayout struct {
	ScrollWidth    float64  `json:"scrollWidth"`
	InnerWidth     float64  `json:"innerWidth"`
	Container      float64  `json:"container"`
	BodyBg         string   `json:"bodyBg"`
	CardBg         string   `json:"cardBg"`
	CardColor      string   `json:"cardColor"`
	LinkColor      string   `json:"linkColor"`
	ButtonBg       string   `json:"buttonBg"`
	TooWide        []string `json:"tooWide"`
	Unsubscribe    bool     `json:"unsubscribe"`
	PreheaderShown bool     `json:"preheaderShown"`
}

// checkEmailLayout checks that the email fits the width without
// scrolling sideways, keeps its images inside the text column, hides the
// preheader, links the subscriber's own unsubscribe URL and shows the
// colours of the scheme.
func checkEmailLayout(t *testing.T, ctx context.Context, width int64, dark bool, unsub string) {
	t.Helper()
	l := eval[emailLayout](t, ctx, fmt.Sprintf(`(() => {
		const css = e => getComputedStyle(e), card = document.querySelector(".k-card");
		const text = card.clientWidth - parseFloat(css(card).paddingLeft) - parseFloat(css(card).paddingRight);
		const link = document.querySelector(".k-content a, .k-link") || document.querySelector(".k-footer a");
		return {
			scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth,
			container: document.querySelector(".k-container").getBoundingClientRect().width,
			bodyBg: css(document.body).backgroundColor, cardBg: css(card).backgroundColor, cardColor: css(card).color,
			linkColor: css(link).color, buttonBg: css(document.querySelector(".k-button")).backgroundColor,
			tooWide: [...document.images].filter(i => i.getBoundingClientRect().width > text + 1).map(i => i.src),
			unsubscribe: [...document.links].some(a => a.href === %q),
			preheaderShown: document.body.firstElementChild.getBoundingClientRect().height > 1,
		}})()`, unsub))
	if l.ScrollWidth > l.InnerWidth {
		t.Errorf("the page is %v px wide in a %v px window: readers would scroll sideways", l.ScrollWidth, l.InnerWidth)
	}
	if want := min(600, float64(width)); l.Container > want || width >= 640 && l.Container != 600 {
		t.Errorf("the email is %v px wide at %d px", l.Container, width)
	}
	if len(l.TooWide) > 0 {
		t.Errorf("images wider than the text column: %v", l.TooWide)
	}
	if !l.Unsubscribe || l.PreheaderShown {
		t.Errorf("unsubscribe link present %v, preheader shown %v", l.Unsubscribe, l.PreheaderShown)
	}
	bg, fg := lum(l.CardBg), lum(l.CardColor)
	if dark && (lum(l.BodyBg) > 150 || bg > 150 || fg < 550 || lum(l.LinkColor) < 450) ||
		!dark && (lum(l.BodyBg) < 600 || bg < 600 || fg > 200 || lum(l.LinkColor) > 450) {
		t.Errorf("colours in %s mode: page %s, card %s, text %s, link %s, button %s", map[bool]string{true: "dark", false: "light"}[dark],
			l.BodyBg, l.CardBg, l.CardColor, l.LinkColor, l.ButtonBg)
	}
}
