package builder

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"go.yaml.in/yaml/v3"
)

// CommentsFile is the file beside a bundle's index.md that holds the
// post's comments, as kopij import writes them. The build shows them under
// the post and does not publish the file.
//
// It is YAML: the list "comments", oldest first. Each comment has:
//
//	id      its id in the old blog, unique within the post (a string)
//	parent  the id of the comment it answers; absent for a top-level comment
//	author  the name the commenter gave
//	url     the commenter's website; absent when none
//	date    when it was written, RFC 3339 with the blog's offset
//	body    the text as Markdown
//
// Email and IP addresses of commenters are never written.
const CommentsFile = "comments.yaml"

// CommentsDoc is the content of a comments.yaml file.
type CommentsDoc struct {
	Comments []Comment `yaml:"comments"`
}

// Comment is one reader comment of a post. The YAML fields are those of
// comments.yaml; the others are filled in by the build for templates.
type Comment struct {
	ID     string    `yaml:"id"`
	Parent string    `yaml:"parent,omitempty"`
	Author string    `yaml:"author"`
	URL    string    `yaml:"url,omitempty"`
	Date   time.Time `yaml:"date"`
	Body   string    `yaml:"body"`

	HTML    template.HTML `yaml:"-"` // Body rendered: raw HTML left out, links rel="nofollow ugc", images as links
	Lang    string        `yaml:"-"` // the post's language, for dates
	Anchor  string        `yaml:"-"` // element id of the comment, "comment-ID"
	Replies []*Comment    `yaml:"-"` // the comments that answer this one, oldest first
}

// ParseComments reads a comments.yaml file; name is used in errors, which
// are *LineError values.
func ParseComments(name string, data []byte) (*CommentsDoc, error) {
	var doc CommentsDoc
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line := 0
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = yamlLine.ReplaceAllString(msg, "")
		return nil, &LineError{File: name, Line: line, Msg: fmt.Sprintf("comments: %s (each comment needs id, author, date and body; see kopij import's comments.yaml)", msg)}
	}
	return &doc, nil
}

var yamlLine = regexp.MustCompile(`line (\d+): `)

// commentsOf returns the comments file beside a bundle's index file, or "".
func commentsOf(file string) string {
	base := path.Base(file)
	if strings.TrimSuffix(base, path.Ext(base)) != "index" && !strings.HasPrefix(base, "index.") {
		return ""
	}
	dir := path.Dir(file)
	if dir == contentDir || dir == "." {
		return ""
	}
	return dir + "/" + CommentsFile
}

// isCommentsFile reports a comments file beside a bundle's index.md, which
// is read with the post and not published.
func (b *Builder) isCommentsFile(p string) bool {
	if path.Base(p) != CommentsFile {
		return false
	}
	dir := path.Dir(p)
	for _, name := range []string{"index.md", "index.markdown"} {
		if _, ok := b.src.files[dir+"/"+name]; ok {
			return true
		}
	}
	return false
}

// threadComments renders the comments of doc and nests the answers under
// the comments they answer. A comment answers only one listed before it,
// so a parent that is missing or later (or a loop) puts it at the top.
func threadComments(md goldmark.Markdown, doc *CommentsDoc, lang string) []*Comment {
	var top []*Comment
	byID := map[string]*Comment{}
	for i := range doc.Comments {
		c := doc.Comments[i] // a copy: the parsed doc stays as read
		c.Lang = lang
		c.Anchor = "comment-" + Slugify(c.ID)
		if c.Anchor == "comment-" {
			c.Anchor += strconv.Itoa(i + 1)
		}
		c.HTML = renderComment(md, c.Body)
		if u, err := url.Parse(c.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			c.URL = "" // a website only, never javascript: or the like
		}
		cp := &c
		if parent := byID[c.Parent]; c.Parent != "" && parent != nil {
			parent.Replies = append(parent.Replies, cp)
		} else {
			top = append(top, cp)
		}
		if _, dup := byID[c.ID]; !dup {
			byID[c.ID] = cp
		}
	}
	return top
}

// newCommentMarkdown is the converter for comments: no raw HTML, no
// heading ids, links marked as user content.
func newCommentMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(commentLinks{}, 100))),
	)
}

func renderComment(md goldmark.Markdown, body string) template.HTML {
	src := limitNesting([]byte(body))
	var buf bytes.Buffer
	_ = md.Renderer().Render(&buf, src, md.Parser().Parse(text.NewReader(src))) // writes to memory only
	return template.HTML(buf.String())
}

// commentLinks marks every link of a comment rel="nofollow ugc" and turns
// images into links to them, so a comment makes no request to another
// site.
type commentLinks struct{}

func (commentLinks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	var images []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *ast.AutoLink:
			n.SetAttributeString("rel", []byte("nofollow ugc"))
		case *ast.Image:
			images = append(images, n)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		link := ast.NewLink()
		link.Destination = img.Destination
		link.Title = img.Title
		link.SetAttributeString("rel", []byte("nofollow ugc"))
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		if !link.HasChildren() {
			link.AppendChild(link, ast.NewString(img.Destination))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
}
