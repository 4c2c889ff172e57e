package importer

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
)

// markdownConverter turns cleaned HTML into Markdown. One converter serves
// every post; it is safe for concurrent use.
type markdownConverter struct {
	conv *converter.Converter
}

func newMarkdownConverter() *markdownConverter {
	return &markdownConverter{conv: converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(commonmark.WithHeadingStyle("atx"), commonmark.WithListEndComment(false)),
		table.NewTablePlugin(),
		strikethrough.NewStrikethroughPlugin(),
	))}
}

var (
	moreLine = regexp.MustCompile(`(?m)^[ \t]*` + moreMarker + `[ \t]*$`)
	// bareLink is a link whose text is its address: [https://x](https://x).
	bareLink = regexp.MustCompile(`\[(https?://[^\]\s]+)\]\((https?://[^)\s]+)\)`)
)

// markdown converts the cleaned fragment under root.
func (m *markdownConverter) markdown(root *html.Node) (string, error) {
	out, err := m.conv.ConvertNode(root)
	if err != nil {
		return "", fmt.Errorf("convert html to markdown: %w", err)
	}
	md := strings.TrimSpace(string(out))
	md = moreLine.ReplaceAllString(md, "<!--more-->")
	md = strings.ReplaceAll(md, moreMarker, "\n\n<!--more-->\n\n") // a marker inside a paragraph
	md = strings.ReplaceAll(md, "\u00a0", " ")
	md = bareLink.ReplaceAllStringFunc(md, func(m string) string {
		sub := bareLink.FindStringSubmatch(m)
		if strings.ReplaceAll(sub[1], `\`, "") != sub[2] {
			return m
		}
		return "<" + sub[2] + ">" // an autolink says the same in less
	})
	for strings.Contains(md, "\n\n\n") {
		md = strings.ReplaceAll(md, "\n\n\n", "\n\n")
	}
	if strings.TrimSpace(strings.ReplaceAll(md, "<!--more-->", "")) == "" {
		return "", nil
	}
	return strings.TrimSpace(md) + "\n", nil
}

// HTMLToMarkdown converts an HTML fragment to clean Markdown, the way Import
// converts post bodies, without fetching images or rewriting links. note
// receives what was dropped or changed; it may be nil.
func HTMLToMarkdown(src string, note func(string)) (string, error) {
	if note == nil {
		note = func(string) {}
	}
	root := parseFragment(src)
	(&cleaner{note: note}).clean(root)
	return newMarkdownConverter().markdown(root)
}

// FragmentMarkdown turns the HTML a template wrote (a shortcode's or a
// Liquid tag's output) into Markdown for the place it was called from: a
// block of its own, or inline within a line. Text without markup stays as
// it is (a URL from relref or link, a parameter's value).
func FragmentMarkdown(src string, block bool, note func(string)) (string, error) {
	if !strings.ContainsAny(src, "<&") {
		if block {
			return strings.TrimSpace(src), nil
		}
		return strings.TrimSpace(strings.ReplaceAll(src, "\n", " ")), nil
	}
	if !strings.Contains(src, "<") {
		return strings.TrimSpace(html.UnescapeString(src)), nil
	}
	md, err := HTMLToMarkdown(src, note)
	if err != nil {
		return "", err
	}
	md = strings.TrimSpace(md)
	if !block && !strings.Contains(md, "\n\n") {
		md = strings.ReplaceAll(md, "\n", " ")
	}
	return md, nil
}

// TidyMarkdown drops the blank lines a template call left behind: runs of
// blank lines outside fenced code become one, and the body starts with
// its first line of text.
func TidyMarkdown(s string) string {
	var b strings.Builder
	blank := 0
	fence := ""
	for _, l := range strings.SplitAfter(s, "\n") {
		t := strings.TrimSpace(l)
		if fence == "" && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")) {
			fence = t[:3]
		} else if fence != "" && strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
			fence = ""
			blank = 0
			b.WriteString(l)
			continue
		}
		if fence == "" && t == "" {
			blank++
			if blank > 1 || b.Len() == 0 {
				continue
			}
		} else if fence == "" {
			blank = 0
		}
		b.WriteString(l)
	}
	return b.String()
}
