package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSubscribersImportExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
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
	back := filepath.Join(dir, "back.db")
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
	if code, _, errOut := runCLI(t, "subscribers", "import", filepath.Join(t.TempDir(), "missing.csv")); code != 1 || !strings.Contains(errOut, "missing.csv") {
		t.Errorf("missing file: %d %q", code, errOut)
	}
}
