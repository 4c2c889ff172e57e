package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// floorMarkdown is goldmark with the options kopij's builder uses
// (builder/markdown.go): GFM, footnotes, typographer, chroma highlighting in
// CSS classes, heading ids.
func floorMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.Typographer,
			highlighting.NewHighlighting(
				highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
				highlighting.WithGuessLanguage(false),
			),
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
}

// floor is the least any generator does with the site in src: read every
// post, convert its Markdown and write the HTML below out, with one worker
// per core. No templates, lists, feeds or minifying: the time a build cannot
// go below.
func floor(ctx context.Context, src, out string) (time.Duration, error) {
	dir := filepath.Join(src, "content", "posts")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	md := floorMarkdown()
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, runtime.GOMAXPROCS(0))
	for w := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for {
				i := int(next.Add(1) - 1)
				if i >= len(entries) || ctx.Err() != nil {
					return
				}
				name := entries[i].Name()
				data, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					errs[w] = err
					return
				}
				buf.Reset()
				if err := md.Convert(body(data), &buf); err != nil {
					errs[w] = fmt.Errorf("%s: %w", name, err)
					return
				}
				dst := filepath.Join(out, "posts", strings.TrimSuffix(name, ".md"))
				if err := os.MkdirAll(dst, 0o755); err != nil {
					errs[w] = err
					return
				}
				if err := os.WriteFile(filepath.Join(dst, "index.html"), buf.Bytes(), 0o644); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	return took, ctx.Err()
}

// body is a post without its YAML front matter.
func body(data []byte) []byte {
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return data
	}
	if _, after, ok := bytes.Cut(rest, []byte("\n---\n")); ok {
		return after
	}
	return data
}
