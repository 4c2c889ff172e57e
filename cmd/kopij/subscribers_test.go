package main

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kopij/kopij/newsletter/sqlite"
)

// makeDB creates an empty subscriber database at path, as kopij newsletter
// serve does on its first start.
func makeDB(t *testing.T, path string) string {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path
}

func TestSubscribersImportExport(t *testing.T) {
	dir := t.TempDir()
	db := makeDB(t, filepath.Join(dir, "s.db"))
	in := filepath.Join(dir, "mailchimp.csv")
	os.WriteFile(in, []byte("Email Address,First Name,Last Name,TAGS\n"+
		"ada@example.com,Ada,Lovelace,\"vip,early\"\n"+
		"broken,X,,\n"+
		"ADA@example.com,Ada,,\n"+
		"bo@example.nl,Bo,,\n"), 0o644)

	code, out, errOut := runCLI(t, "subscribers", "import", in, "--dry-run", "--db", db)
	if code != 0 || !strings.Contains(out, "4 rows (mailchimp): dry run, nothing written: would import 2 new, 0 already stored, 1 invalid, 1 duplicates") {
		t.Fatalf("dry run: %d %q %q", code, out, errOut)
	}
	if !strings.Contains(errOut, "mailchimp.csv:3: invalid address \"broken\"") || !strings.Contains(errOut, "mailchimp.csv:4: duplicate \"ADA@example.com\": same address as line 2") {
		t.Errorf("problems not reported by file:line: %q", errOut)
	}
	if code, out, _ := runCLI(t, "subscribers", "export", "--format", "kit", "--db", db); code != 0 || out != "email,first_name,last_name,tags\r\n" {
		t.Fatalf("dry run wrote: %q", out)
	}
	if code, out, errOut := runCLI(t, "subscribers", "import", "--db", db, in); code != 0 || !strings.Contains(out, "imported 2 new") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	if code, out, _ := runCLI(t, "subscribers", "import", "--db", db, in); code != 0 || !strings.Contains(out, "imported 0 new, 2 already stored") {
		t.Fatalf("second import: %d %q", code, out)
	}
	want := "email,first_name,last_name,tags\r\nada@example.com,Ada,Lovelace,\"vip,early\"\r\nbo@example.nl,Bo,,\r\n"
	if code, out, _ := runCLI(t, "subscribers", "export", "--format", "kit", "--db", db); code != 0 || out != want {
		t.Errorf("export = %q, want %q", out, want)
	}
	file := filepath.Join(dir, "out.json")
	if code, _, errOut := runCLI(t, "subscribers", "export", "--format", "json", "--status", "all", "--since", "2000-01-01", "-o", file, "--db", db); code != 0 {
		t.Fatalf("export -o: %d %s", code, errOut)
	}
	back := makeDB(t, filepath.Join(dir, "back.db"))
	if code, out, errOut := runCLI(t, "subscribers", "import", file, "--db", back); code != 0 || !strings.Contains(out, "2 rows (json): imported 2 new") {
		t.Errorf("json round trip: %d %q %q", code, out, errOut)
	}
	if code, out, _ := runCLI(t, "subscribers", "export", "--format", "csv", "--since", "2999-01-01", "--db", db); code != 0 || strings.Count(out, "\n") != 1 {
		t.Errorf("--since in the future exported %q", out)
	}
}

func TestSubscribersUsage(t *testing.T) {
	tests := []struct {
		args   []string
		stderr string
	}{
		{[]string{"subscribers"}, "export|import"},
		{[]string{"subscribers", "delete"}, "unknown subscribers subcommand"},
		{[]string{"subscribers", "export"}, "needs --format"},
		{[]string{"subscribers", "export", "--format", "xls"}, "unknown export format"},
		{[]string{"subscribers", "export", "--format", "csv", "--status", "vip"}, "unknown status"},
		{[]string{"subscribers", "export", "--format", "csv", "--since", "yesterday"}, "use a date like"},
		{[]string{"subscribers", "import"}, "exactly one FILE"},
		{[]string{"subscribers", "import", "a.csv", "--format", "xls"}, "unknown --format"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, errOut := runCLI(t, tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.stderr)
			}
		})
	}
	db := makeDB(t, filepath.Join(t.TempDir(), "s.db"))
	if code, _, errOut := runCLI(t, "subscribers", "import", filepath.Join(t.TempDir(), "missing.csv"), "--db", db); code != 1 || !strings.Contains(errOut, "missing.csv") {
		t.Errorf("missing file: %d %q", code, errOut)
	}
}

// TestSubscribersNeedTheDatabase checks that export and import never make
// a database up: a mistyped --db, or a folder without one, is an error that
// creates no file and leaves an earlier export as it was.
func TestSubscribersNeedTheDatabase(t *testing.T) {
	dir := t.TempDir()
	mistyped := filepath.Join(dir, "mistyped.db")
	good := filepath.Join(dir, "mailchimp.csv")
	const export = "Email Address,First Name,Last Name,Tags\r\nada@example.com,Ada,,\r\n"
	os.WriteFile(good, []byte(export), 0o644)
	for _, args := range [][]string{
		{"subscribers", "export", "--format", "mailchimp", "--db", mistyped},
		{"subscribers", "export", "--format", "mailchimp", "--db", mistyped, "-o", good},
		{"subscribers", "import", good, "--db", mistyped},
		{"subscribers", "import", good, "--dry-run", "--db", mistyped},
		{"subscribers", "export", "--format", "mailchimp", "--src", dir, "-o", good},
		{"subscribers", "import", good, "--src", dir},
	} {
		code, _, errOut := runCLI(t, args...)
		if code != 1 || !strings.Contains(errOut, "does not exist") || !strings.Contains(errOut, "kopij newsletter serve create") {
			t.Errorf("%q: exit %d, stderr %q; want 1 and the database named as missing", args, code, errOut)
		}
	}
	for _, p := range []string{mistyped, filepath.Join(dir, ".kopij")} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s was created", p)
		}
	}
	if b, _ := os.ReadFile(good); string(b) != export {
		t.Errorf("the earlier export was overwritten with %q", b)
	}
	notes := filepath.Join(dir, "notes.db")
	os.WriteFile(notes, []byte("not a database at all, just text"), 0o644)
	if code, _, errOut := runCLI(t, "subscribers", "export", "--format", "csv", "--db", notes); code != 1 || !strings.Contains(errOut, "notes.db") {
		t.Errorf("a file that is no database: exit %d, %q", code, errOut)
	}
}

// TestOneDatabasePerSite signs up through kopij serve and through kopij
// newsletter serve, both without --db, and finds both addresses with
// kopij subscribers export --src: the three share the site's database.
func TestOneDatabasePerSite(t *testing.T) {
	dir, base := serveSite(t, map[string]string{
		"kopij.toml":             "title = \"Een\"\nbase_url = \"https://example.com/\"\n",
		"content/posts/hello.md": servePost,
	})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	signup := func(endpoint, email string) {
		t.Helper()
		resp, err := client.PostForm(endpoint, url.Values{"email": {email}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "status=subscribed") {
			t.Fatalf("signup at %s: %d %s", endpoint, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	signup(base+"_newsletter/subscribe", "via-serve@example.com")

	var out, errOut nlOutput
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, e, []string{"newsletter", "serve", "--addr", "127.0.0.1:0", "--src", dir}) }()
	signup(waitListening(t, &out, done)+"subscribe", "via-newsletter@example.com")
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("newsletter serve: %v", err)
	}
	if want := filepath.Join(dir, ".kopij", "subscribers.db"); !strings.Contains(out.String(), want) {
		t.Errorf("newsletter serve does not say it uses %s: %s", want, out.String())
	}
	code, csv, stderr := runCLI(t, "subscribers", "export", "--format", "kit", "--src", dir)
	if code != 0 || !strings.Contains(csv, "via-serve@example.com") || !strings.Contains(csv, "via-newsletter@example.com") {
		t.Errorf("export --src %s: exit %d, %q %q; want both signups", dir, code, csv, stderr)
	}
	if !strings.Contains(stderr, "exported 2 subscribers") {
		t.Errorf("export reports %q", stderr)
	}
}
