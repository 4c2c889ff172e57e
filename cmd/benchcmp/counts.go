package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// counts are the pages of each kind in one build's output, the proof that
// two builds did the same work.
type counts struct {
	Posts       int   // posts/<slug>/index.html
	TagPages    int   // tags/<slug>/index.html
	TagFeeds    int   // tags/<slug>/index.xml, atom.xml, feed.json
	CatPages    int   // categories/<slug>/index.html
	ListPages   int   // page/N/ of the home, tag and category lists, N ≥ 2
	Sitemap     int   // <loc> entries in sitemap.xml
	SiteFeeds   int   // index.xml, atom.xml, feed.json at the root
	SearchIndex bool  // search.json
	Files       int   // every file
	Bytes       int64 // their total size
}

// Margins of the comparison. Every kind must match exactly except the
// sitemap, where Hugo also lists the tag and category index pages and the
// archive and search pages, which kopij leaves out of its sitemap.
const (
	sitemapSlack = 5
	// bytesRatioLimit bounds the larger total output size over the smaller:
	// the themes differ in markup, not in what they write.
	bytesRatioLimit = 1.6
)

// countOutput walks a build's output folder.
func countOutput(dir string) (counts, error) {
	var c counts
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		c.Files++
		c.Bytes += info.Size()
		parts := strings.Split(rel, "/")
		if isListPage(parts) {
			c.ListPages++
			return nil
		}
		switch {
		case len(parts) == 3 && parts[0] == "posts" && parts[2] == "index.html":
			c.Posts++
		case len(parts) == 3 && parts[0] == "tags" && parts[2] == "index.html":
			c.TagPages++
		case len(parts) == 3 && parts[0] == "tags" && isFeed(parts[2]):
			c.TagFeeds++
		case len(parts) == 3 && parts[0] == "categories" && parts[2] == "index.html":
			c.CatPages++
		case len(parts) == 1 && isFeed(parts[0]):
			c.SiteFeeds++
		case rel == "search.json":
			c.SearchIndex = true
		case rel == "sitemap.xml":
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			c.Sitemap = bytes.Count(data, []byte("<loc>"))
		}
		return nil
	})
	return c, err
}

func isFeed(name string) bool {
	return name == "index.xml" || name == "atom.xml" || name == "feed.json"
}

// isListPage reports whether parts is a page N ≥ 2 of a list:
// page/N/index.html below the root, a tag or a category. Hugo's page/1/ is
// a redirect to the list itself and is not counted.
func isListPage(parts []string) bool {
	k := len(parts)
	if k < 3 || parts[k-1] != "index.html" || parts[k-3] != "page" {
		return false
	}
	n, err := strconv.Atoi(parts[k-2])
	return err == nil && n >= 2
}

// compare returns an error naming every kind in which the two outputs
// differ beyond the margins.
func compare(kopij, hugo counts) error {
	var diffs []string
	exact := func(name string, a, b int) {
		if a != b {
			diffs = append(diffs, fmt.Sprintf("%s: kopij %d, Hugo %d", name, a, b))
		}
	}
	exact("posts", kopij.Posts, hugo.Posts)
	exact("tag pages", kopij.TagPages, hugo.TagPages)
	exact("tag feeds", kopij.TagFeeds, hugo.TagFeeds)
	exact("category pages", kopij.CatPages, hugo.CatPages)
	exact("list pages", kopij.ListPages, hugo.ListPages)
	exact("site feeds", kopij.SiteFeeds, hugo.SiteFeeds)
	if kopij.SearchIndex != hugo.SearchIndex {
		diffs = append(diffs, fmt.Sprintf("search.json: kopij %v, Hugo %v", kopij.SearchIndex, hugo.SearchIndex))
	}
	if d := hugo.Sitemap - kopij.Sitemap; d < -sitemapSlack || d > sitemapSlack {
		diffs = append(diffs, fmt.Sprintf("sitemap entries: kopij %d, Hugo %d (margin %d)", kopij.Sitemap, hugo.Sitemap, sitemapSlack))
	}
	if r := ratio(float64(hugo.Bytes), float64(kopij.Bytes)); r > bytesRatioLimit || r < 1/bytesRatioLimit {
		diffs = append(diffs, fmt.Sprintf("output size: kopij %s, Hugo %s (limit %.1f×)", mb(kopij.Bytes), mb(hugo.Bytes), bytesRatioLimit))
	}
	if len(diffs) > 0 {
		return fmt.Errorf("the kopij and Hugo builds did not do the same work:\n  %s", strings.Join(diffs, "\n  "))
	}
	return nil
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
