package builder

import (
	"fmt"
	"slices"
	"sort"
)

// frontMatterKeys are the keys kopij reads; any other key only reaches
// templates through .Page.Params.
var frontMatterKeys = []string{
	"title", "date", "publishdate", "pubdate", "published", "lastmod", "modified", "updated",
	"last_modified_at", "expirydate", "expirationdate", "unpublishdate", "draft", "tags", "tag",
	"categories", "category", "description", "summary", "excerpt", "slug", "url", "permalink",
	"aliases", "redirect_from", "image", "images", "cover", "author", "authors", "lang",
	"language", "languagecode", "weight", "query_aliases",
}

// misspelledKeys warns about unknown keys one or two typing mistakes away
// from a key kopij reads ("titel", "descripton", "catagories"): such a
// post builds, but without its title or tags, and nothing else would say why.
func misspelledKeys(file string, fm frontMatter) []string {
	var out []string
	for k := range fm.raw {
		if slices.Contains(frontMatterKeys, k) || len(k) < 4 {
			continue
		}
		limit := 1
		if len(k) > 6 {
			limit = 2
		}
		for _, known := range frontMatterKeys {
			if editDistance(k, known) <= limit {
				out = append(out, (&LineError{File: file, Line: fm.lines[k],
					Msg: fmt.Sprintf("unknown front matter key %q: did you mean %q? (other keys only reach templates as .Page.Params)", k, known)}).Error())
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// editDistance is the optimal string alignment distance of two short ASCII
// keys: insertions, deletions, substitutions and swaps of neighbours ("titel")
// each count one.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
