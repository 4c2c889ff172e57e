package hints

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGolden analyses each testdata/golden/*.txtar: its comment holds
// "key: value" lines (lang, title, titleempty, description, bodyline,
// internal, inbound), post.md the body and report.json the expected report.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			in := Input{File: "post.md"}
			internal, inbound := -1, -1
			for _, l := range strings.Split(string(a.Comment), "\n") {
				k, v, ok := strings.Cut(l, ":")
				if !ok {
					continue
				}
				v = strings.TrimSpace(v)
				switch k {
				case "lang":
					in.Lang = v
				case "title":
					in.Title = v
				case "titleempty":
					in.TitleEmpty = v == "true"
				case "description":
					in.Description = v
				case "bodyline":
					in.BodyLine, _ = strconv.Atoi(v)
				case "internal":
					internal, _ = strconv.Atoi(v)
				case "inbound":
					inbound, _ = strconv.Atoi(v)
				}
			}
			var want *txtar.File
			for i := range a.Files {
				switch a.Files[i].Name {
				case "post.md":
					in.Body = a.Files[i].Data
				case "report.json":
					want = &a.Files[i]
				}
			}
			r := Analyze(in, DefaultThresholds())
			if internal >= 0 {
				r.AddLinkHints(internal, inbound, DefaultThresholds())
			}
			got, err := json.MarshalIndent(struct {
				Report
				Links []Link `json:"links"`
			}{r, r.Links}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			if *update {
				if want == nil {
					a.Files = append(a.Files, txtar.File{Name: "report.json"})
					want = &a.Files[len(a.Files)-1]
				}
				want.Data = got
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want == nil {
				t.Fatal("no report.json section; run go test -update")
			}
			if !bytes.Equal(got, want.Data) {
				t.Errorf("report differs from %s (run go test -update and review the diff):\n got %s\nwant %s", file, got, want.Data)
			}
		})
	}
}
