package importer

// The comments of a post go to builder.CommentsFile beside its index.md,
// which the build shows under the post. Email and IP addresses of
// commenters are never written.

import (
	"bytes"
	"fmt"
	"sort"
	"time"

	"github.com/kopij/kopij/builder"
	"go.yaml.in/yaml/v3"
)

func encodeComments(p *Post, conv *markdownConverter, links *linkMap) ([]byte, error) {
	doc := builder.CommentsDoc{}
	known := map[string]bool{}
	for _, c := range p.Comments {
		known[c.ID] = true
	}
	sorted := append([]Comment(nil), p.Comments...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Date.Before(sorted[j].Date) })
	for _, c := range sorted {
		body := c.Markdown
		if c.HTML != "" {
			root := parseFragment(c.HTML)
			(&cleaner{note: func(string) {}}).clean(root)
			links.rewrite(root)
			md, err := conv.markdown(root)
			if err != nil {
				return nil, fmt.Errorf("%s: comment %s: %w", p.Source, c.ID, err)
			}
			body = md
		}
		parent := c.Parent
		if !known[parent] {
			parent = "" // the comment it answered was not kept: show it at the top level
		}
		doc.Comments = append(doc.Comments, builder.Comment{ID: c.ID, Parent: parent, Author: c.Author,
			URL: c.AuthorURL, Date: c.Date.Truncate(time.Second), Body: body})
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Comments on %q, oldest first; parent is the id of the comment answered.\n", p.Title)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("%s: comments: %w", p.Source, err)
	}
	return buf.Bytes(), nil
}
