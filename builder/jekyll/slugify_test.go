package jekyll

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// slugScript prints, for every input line, Jekyll's own slugify in every
// mode as JSON lines: [input, mode, cased, slug].
const slugScript = `require 'jekyll'
require 'json'
STDIN.each_line do |l|
  s = l.chomp
  %w(default raw pretty ascii latin none).each do |m|
    puts [s, m, false, Jekyll::Utils.slugify(s, mode: m)].to_json
  end
  puts [s, "pretty", true, Jekyll::Utils.slugify(s, mode: "pretty", cased: true)].to_json
end
`

// TestSlugifyAsJekyll compares Slugify with Jekyll::Utils.slugify on
// testdata/slug-inputs.txt; -update regenerates testdata/slugify.jsonl
// with the real Jekyll.
func TestSlugifyAsJekyll(t *testing.T) {
	golden := filepath.Join("testdata", "slugify.jsonl")
	if *update {
		ruby, err := exec.LookPath("ruby")
		if err != nil {
			t.Fatal("-update needs ruby and jekyll")
		}
		in, err := os.ReadFile(filepath.Join("testdata", "slug-inputs.txt"))
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(ruby, "-e", slugScript)
		cmd.Stdin = strings.NewReader(string(in))
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("ruby: %v", err)
		}
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(golden)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		var row []any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil || len(row) != 4 {
			t.Fatalf("slugify.jsonl: %q: %v", sc.Text(), err)
		}
		in, mode, cased, want := row[0].(string), SlugMode(row[1].(string)), row[2].(bool), row[3].(string)
		got := Slugify(in, mode)
		if cased {
			got = SlugifyCased(in, mode)
		}
		if got != want {
			t.Errorf("slugify(%q, %s, cased %v) = %q, Jekyll %q", in, mode, cased, got, want)
		}
		n++
	}
	if n < 100 {
		t.Errorf("only %d cases", n)
	}
}
