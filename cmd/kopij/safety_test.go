package main

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildSkipsLinksOut builds a site whose static/passwd.txt links to a
// file outside it: kopij build warns, naming the link, and publishes
// neither it nor the post linked in from outside.
func TestBuildSkipsLinksOut(t *testing.T) {
	dir, away := filepath.Join(t.TempDir(), "blog"), t.TempDir()
	if code, _, errOut := runCLI(t, "new", "site", dir); code != 0 {
		t.Fatal(errOut)
	}
	secret := filepath.Join(away, "passwd")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(secret, []byte("root:SECRET\n"), 0o644))
	must(os.WriteFile(filepath.Join(away, "leak.md"), []byte("---\ntitle: Leak\n---\nSECRET\n"), 0o644))
	must(os.MkdirAll(filepath.Join(dir, "static"), 0o755))
	must(os.Symlink(secret, filepath.Join(dir, "static", "passwd.txt")))
	must(os.Symlink(filepath.Join(away, "leak.md"), filepath.Join(dir, "content", "posts", "leak.md")))
	out := filepath.Join(t.TempDir(), "public")
	code, _, errOut := runCLI(t, "build", "--src", dir, "--out", out)
	if code != 0 {
		t.Fatalf("build: %d %s", code, errOut)
	}
	if want := "warning: static/passwd.txt: a link to " + secret + ", outside the site; skipped"; !strings.Contains(errOut, want) {
		t.Errorf("stderr %q lacks %q", errOut, want)
	}
	for _, p := range []string{"passwd.txt", "posts/leak/index.html"} {
		if _, err := os.Stat(filepath.Join(out, p)); err == nil {
			t.Errorf("%s was published", p)
		}
	}
}

// TestBuildRefusesUnwritablePaths builds posts whose pages cannot be
// written (a folder where the sitemap goes, a 300-byte slug): kopij build
// fails before writing, naming each file and line, and leaves no
// temporary folder behind.
func TestBuildRefusesUnwritablePaths(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blog")
	if code, _, errOut := runCLI(t, "new", "site", dir); code != 0 {
		t.Fatal(errOut)
	}
	posts := filepath.Join(dir, "content", "posts")
	if err := os.WriteFile(filepath.Join(posts, "map.md"), []byte("---\ntitle: Map\nurl: /sitemap.xml/\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(posts, "long.md"), []byte("---\ntitle: Long\n\nslug: "+strings.Repeat("x", 300)+"\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The long slug is a problem of one file, found while parsing; the
	// folder at the sitemap shows once every file parsed.
	for _, want := range []string{"content/posts/long.md:4: the URL of this page has a part of 300 bytes", "content/posts/map.md:3: the page at /sitemap.xml/ needs a folder /sitemap.xml"} {
		code, _, errOut := runCLI(t, "build", "--src", dir)
		if code != 1 {
			t.Fatalf("build: exit %d, want 1; %s", code, errOut)
		}
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
		if strings.Contains(errOut, ".new-") {
			t.Errorf("the error names a temporary path:\n%s", errOut)
		}
		os.Remove(filepath.Join(posts, "long.md"))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") || e.Name() == "public" {
			t.Errorf("%s left in the site folder", e.Name())
		}
	}
}

// TestServeAnswersOnlyItsHosts runs kopij serve and sends what a
// DNS-rebinding page sends: a foreign Host for a draft, and the signup
// form with Host and Origin both foreign, or Host local and Origin
// foreign. Each is refused; localhost and --allow-host names are served.
func TestServeAnswersOnlyItsHosts(t *testing.T) {
	dir := t.TempDir()
	for p, data := range map[string]string{
		"content/posts/draft.md": "---\ntitle: \"Plan\"\ndraft: true\ndate: 2024-03-02T10:00:00Z\n---\n\nSecret plan.\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base := serveArgs(t, dir, "--addr", "127.0.0.1:0", "--allow-host", "laptop.local")
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var location string
	send := func(method, host, origin, p string) (int, string) {
		t.Helper()
		var body io.Reader
		if method == "POST" {
			body = strings.NewReader(url.Values{"email": {"victim@example.com"}}.Encode())
		}
		req, err := http.NewRequest(method, base+p, body)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		location = resp.Header.Get("Location")
		data, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(data)
	}
	evil := "evil.example:" + u.Port()
	if code, body := send("GET", evil, "", "posts/draft/"); code != http.StatusMisdirectedRequest || strings.Contains(body, "Secret plan") {
		t.Errorf("GET draft for %s: %d %.100q, want 421", evil, code, body)
	}
	if code, _ := send("POST", evil, "http://"+evil, "_newsletter/subscribe"); code != http.StatusMisdirectedRequest {
		t.Errorf("signup with forged Host and Origin: %d, want 421", code)
	}
	if code, _ := send("POST", u.Host, "http://"+evil, "_newsletter/subscribe"); code != http.StatusSeeOther || !strings.Contains(location, "status=forbidden") {
		t.Errorf("signup from a foreign Origin: %d to %q, want 303 to status=forbidden", code, location)
	}
	for _, host := range []string{u.Host, "localhost:" + u.Port(), "laptop.local:" + u.Port()} {
		if code, body := send("GET", host, "", "posts/draft/"); code != 200 || !strings.Contains(body, "Secret plan") {
			t.Errorf("GET draft for %s: %d", host, code)
		}
	}
	code, _ := send("POST", "localhost:"+u.Port(), "http://localhost:"+u.Port(), "_newsletter/subscribe")
	if code != http.StatusSeeOther || !strings.Contains(location, "status=subscribed") {
		t.Errorf("signup from localhost: %d to %q, want 303 to status=subscribed", code, location)
	}
}

// TestImportSkipsLinksOut imports Hugo and Jekyll site folders whose
// static file links to a secret outside them: the secret is not copied
// into the new site.
func TestImportSkipsLinksOut(t *testing.T) {
	for _, tt := range []struct{ format, archive, static string }{
		{"hugo", "../../builder/importer/hugo/testdata/permalinks.txtar", "static/passwd.txt"},
		{"jekyll", "../../builder/importer/jekyll/testdata/permalinks.txtar", "assets/passwd.txt"},
	} {
		t.Run(tt.format, func(t *testing.T) {
			tmp, away := t.TempDir(), t.TempDir()
			src := filepath.Join(tmp, "old")
			siteFixture(t, tt.archive, src)
			secret := filepath.Join(away, "passwd")
			if err := os.WriteFile(secret, []byte("root:SECRET\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			link := filepath.Join(src, filepath.FromSlash(tt.static))
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(secret, link); err != nil {
				t.Fatal(err)
			}
			dest := filepath.Join(tmp, "blog")
			runCLI(t, "import", tt.format, src, dest)
			_ = filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					if data, _ := os.ReadFile(p); strings.Contains(string(data), "SECRET") {
						t.Errorf("%s holds the secret", p)
					}
				}
				return nil
			})
		})
	}
}
