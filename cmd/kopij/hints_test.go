package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHintsAndPageAgree builds a post with a long code block and checks
// that its page and kopij hints show the same word count and reading time.
func TestHintsAndPageAgree(t *testing.T) {
	dir := t.TempDir()
	post := "---\ntitle: Code\ndate: 2024-01-01\n---\n\n" + strings.Repeat("A sentence of prose for the reader to read. ", 30) +
		"\n\n```go\n" + strings.Repeat("fmt.Println(\"code is not prose and takes no reading time here\")\n", 120) + "```\n"
	if err := os.MkdirAll(filepath.Join(dir, "content", "posts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "posts", "code.md"), []byte(post), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, "build", "--src", dir); code != 0 {
		t.Fatalf("build: %s", errOut)
	}
	page, err := os.ReadFile(filepath.Join(dir, "public", "posts", "code", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	onPage := regexp.MustCompile(`(?s)>(\d+) min read<.*?>(\d+) words<`).FindSubmatch(page)
	if onPage == nil {
		t.Fatal("the page shows no reading time and word count")
	}
	code, out, errOut := runCLI(t, "hints", "--src", dir)
	if code != 0 {
		t.Fatalf("hints: %s", errOut)
	}
	inHints := regexp.MustCompile(`(\d+) words, (\d+) min`).FindStringSubmatch(out)
	if inHints == nil {
		t.Fatalf("kopij hints shows no word count:\n%s", out)
	}
	if string(onPage[2]) != inHints[1] || string(onPage[1]) != inHints[2] || inHints[1] != "270" {
		t.Fatalf("page: %s words, %s min; kopij hints: %s words, %s min; want 270 words both", onPage[2], onPage[1], inHints[1], inHints[2])
	}
}

// TestHintsReportsBrokenPosts runs kopij hints on a site with two broken
// posts: each problem on a line of its own with file and line, as kopij
// build reports them.
func TestHintsReportsBrokenPosts(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content", "posts"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"a.md": "---\ntitle: A\ndate: never\n---\nBody.\n", "b.md": "---\ntitle: [B\n---\nBody.\n"} {
		if err := os.WriteFile(filepath.Join(dir, "content", "posts", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, errOut := runCLI(t, "hints", "--src", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, want := range []string{"\ncontent/posts/b.md:", "content/posts/a.md:3: date \"never\" is not a date", "2 problems in 2 files"} {
		if !strings.Contains("\n"+errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// TestHintsQuoteSentences checks that kopij hints quotes the sentence each
// hint means, shortened with an ellipsis, judges the title as a newsletter
// subject, and counts in the site's language; and that kopij build's
// summary counts in that language too.
func TestHintsQuoteSentences(t *testing.T) {
	dir := t.TempDir()
	long := "Dit is een heel lange zin die maar doorgaat en doorgaat met woorden zonder dat er ergens een punt komt, zodat de lezer het spoor bijster raakt en niet meer weet waar de zin over ging toen hij eraan begon."
	post := "---\ntitle: \"DE ALLERBESTE TIPS VOOR JE BLOG!!\"\ndate: 2024-01-01\ndescription: Waarom een stuk met het antwoord moet beginnen, en hoe je de achtergrond naar achteren schuift zodat je lezer blijft.\n---\n" +
		"Het artikel werd door de redactie geschreven. " + long + "\n\nKorte zin hier. Nog een korte zin. Laat me weten wat jij ervan vindt!\n"
	files := map[string]string{
		"kopij.toml":            "title = \"Blog\"\nbase_url = \"https://example.com/\"\nlanguage = \"nl\"\n[hints]\nlong_sentences_good_pct = 10\n",
		"content/posts/lang.md": post,
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := runCLI(t, "hints", "--src", dir)
	if code != 0 {
		t.Fatalf("hints: %s", errOut)
	}
	for _, want := range []string{
		"\n        \u201cHet artikel werd door de redactie geschreven.\u201d\n",
		"\n        \u201cDit is een heel lange zin die maar doorgaat en doorgaat met woorden zonder dat er ergens…\u201d\n",
		"\n  als onderwerp van de nieuwsbrief: \u201cDE ALLERBESTE TIPS VOOR JE BLOG!!\u201d\n",
		"[subject-caps]",
		" hints in 1 van 1 stuk\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("kopij hints lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "good shape") || strings.Contains(out, " of 1 post") {
		t.Errorf("English in the output of a Dutch site:\n%s", out)
	}
	code, out, errOut = runCLI(t, "build", "--src", dir)
	if code != 0 {
		t.Fatalf("build: %s", errOut)
	}
	if !regexp.MustCompile(`\n\d+ hints? in 1 stuk; kopij hints toont (ze|hem)\n`).MatchString(out) || strings.Contains(out, "run kopij hints") {
		t.Errorf("build summary not in Dutch:\n%s", out)
	}
}
