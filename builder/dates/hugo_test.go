package dates

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hugoZone is the timeZone of the site testdata/hugo.tsv was made with.
const hugoZone = "Europe/Amsterdam"

// hugoDifferences are inputs Hugo reads differently, on purpose: Ruby's
// reading wins, since Jekyll is the generator whose writers use these forms.
var hugoDifferences = map[string]string{
	"": "Hugo takes an empty date as no date; Parse says it is empty, and the caller leaves the date unset",
}

// TestParseAsHugo checks every input Hugo accepts as a front matter date
// (testdata/hugo.tsv, made by running hugo list all on a one-post site per
// input; -update regenerates it when hugo is on PATH) and expects the
// same instant.
func TestParseAsHugo(t *testing.T) {
	golden := filepath.Join("testdata", "hugo.tsv")
	if *update {
		if err := writeHugoGolden(golden); err != nil {
			t.Logf("hugo.tsv not regenerated: %v", err)
		}
	}
	f, err := os.Open(golden)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	loc, _ := time.LoadLocation(hugoZone)
	sc := bufio.NewScanner(f)
	accepted := 0
	for sc.Scan() {
		input, want, ok := strings.Cut(sc.Text(), "\t")
		if !ok || want == "error" {
			continue
		}
		accepted++
		got, err := Parser{Location: loc, IgnoreZoneNames: true}.Parse(input)
		if _, differs := hugoDifferences[input]; differs {
			continue
		}
		// hugo list all shows whole seconds, and offsets in minutes.
		if g := got.Time.Format(time.RFC3339); err != nil || g != want {
			t.Errorf("%q: got %s, %v; Hugo %s", input, g, err, want)
		}
	}
	if accepted < 40 {
		t.Errorf("only %d inputs Hugo accepts", accepted)
	}
}

func writeHugoGolden(golden string) error {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		return err
	}
	in, err := os.ReadFile(filepath.Join("testdata", "inputs.txt"))
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "dates-hugo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := os.MkdirAll(filepath.Join(dir, "content", "posts"), 0o755); err != nil {
		return err
	}
	cfg := fmt.Sprintf("baseURL = \"https://example.com/\"\ntitle = \"t\"\ntimeZone = %q\n", hugoZone)
	if err := os.WriteFile(filepath.Join(dir, "hugo.toml"), []byte(cfg), 0o644); err != nil {
		return err
	}
	var out strings.Builder
	for _, line := range strings.Split(strings.TrimSuffix(string(in), "\n"), "\n") {
		post := fmt.Sprintf("---\ntitle: x\ndate: %q\n---\nx\n", line)
		if err := os.WriteFile(filepath.Join(dir, "content", "posts", "a.md"), []byte(post), 0o644); err != nil {
			return err
		}
		cmd := exec.Command(hugo, "list", "all")
		cmd.Dir = dir
		b, err := cmd.Output()
		result := "error"
		var exit *exec.ExitError
		if err == nil {
			rows := strings.Split(strings.TrimSpace(string(b)), "\n")
			if cols := strings.Split(rows[len(rows)-1], ","); len(rows) == 2 && len(cols) > 3 {
				result = cols[3]
			}
		} else if !errors.As(err, &exit) {
			return err
		}
		out.WriteString(line + "\t" + result + "\n")
	}
	return os.WriteFile(golden, []byte(out.String()), 0o644)
}
