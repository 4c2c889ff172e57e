package importer

import (
	"bytes"
	"fmt"
	"sort"
	"time"

	"go.yaml.in/yaml/v3"
)

// CommentsFile is the file beside index.md that holds a post's comments.
//
// It is YAML: a comment line naming the source, then the list "comments",
// oldest first. Each comment has:
//
//	id      its id in the old blog, unique within the post (a string)
//	parent  the id of the comment it answers; absent for a top-level comment
//	author  the name the commenter gave
//	url     the commenter's website; absent when none
//	date    when it was written, RFC 3339 with the blog's offset
//	body    the text as Markdown
//
// Email and IP addresses of commenters are never written: the file is
// published with the post's bundle.
const CommentsFile = "comments.yaml"

// CommentsDoc is the content of a comments.yaml file.
type CommentsDoc struct {
	Comments []CommentEntry `yaml:"comments"`
}

// CommentEntry is one comment in comments.yaml.
type CommentEntry struct {
	ID     string    `yaml:"id"`
	Parent string    `yaml:"parent,omitempty"`
	Author string    `yaml:"author"`
	URL    string    `yaml:"url,omitempty"`
	Date   time.Time `yaml:"date"`
	Body   string    `yaml:"body"`
}

// ParseComments reads a comments.yaml file; name is used in errors.
func ParseComments(name string, data []byte) (*CommentsDoc, error) {
	var doc CommentsDoc
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &doc, nil
}

func encodeComments(p *Post, conv *markdownConverter, links *linkMap) ([]byte, error) {
	doc := CommentsDoc{}
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
		doc.Comments = append(doc.Comments, CommentEntry{ID: c.ID, Parent: parent, Author: c.Author,
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
