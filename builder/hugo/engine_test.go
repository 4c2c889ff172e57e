package hugo

import (
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// TestPlaceholderCollision: text that looks like a placeholder is the
// writer's and stays.
func TestPlaceholderCollision(t *testing.T) {
	md := testMarkdown(false)
	e, _ := NewEngine(testSite(), Options{Markdown: md})
	got, _, err := renderPage(t, e, md, testPage(), "KOPIJSC0Z and KOPIJSCQ1Z {{< param version >}}\n")
	if err != nil || got != "<p>KOPIJSC0Z and KOPIJSCQ1Z 9.9</p>\n" {
		t.Errorf("got %q, %v", got, err)
	}
}

// TestDocumentedFunctions keeps the package manual true: every template
// function is named in doc.go.
func TestDocumentedFunctions(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	e, _ := NewEngine(nil, Options{})
	words := map[string]bool{}
	for _, w := range regexp.MustCompile(`[A-Za-z0-9]+`).FindAllString(string(doc), -1) {
		words[w] = true
	}
	for _, f := range e.SupportedFunctions() {
		name, _, _ := strings.Cut(f, ".")
		if !words[name] {
			t.Errorf("function %s is not in doc.go", name)
		}
	}
}

// TestConcurrentExpand runs one engine from many goroutines, as the
// builder's render workers will (run with -race).
func TestConcurrentExpand(t *testing.T) {
	md := testMarkdown(false)
	e, err := NewEngine(testSite(), Options{Markdown: md, Layouts: fstest.MapFS{
		"shortcodes/n.html": {Data: []byte(`{{ .Page.Store.Set "k" .Ordinal }}<b>{{ .Get 0 }}{{ .Inner | markdownify }}{{ warnf "w" }}</b>`)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want, _, _ := renderPage(t, e, md, testPage(), "{{< n a >}}*x*{{< /n >}} {{< figure src=y >}}")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				got, x, err := renderPage(t, e, md, testPage(), "{{< n a >}}*x*{{< /n >}} {{< figure src=y >}}")
				if got != want || err != nil || len(x.Warnings) != 1 {
					t.Errorf("got %q %v %v", got, err, x.Warnings)
					return
				}
			}
		}()
	}
	wg.Wait()
}
