package importer

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/kopij/kopij/builder"
)

// siteConfig is the part of kopij.toml an import fills in.
type siteConfig struct {
	Title        string           `toml:"title"`
	BaseURL      string           `toml:"base_url"`
	Language     string           `toml:"language"`
	Description  string           `toml:"description,omitempty"`
	PostsPerPage int              `toml:"posts_per_page,omitzero"`
	Permalink    string           `toml:"permalink,omitempty"`
	Author       *configAuthor    `toml:"author,omitempty"`
	Markdown     *configMarkdown  `toml:"markdown,omitempty"`
	Redirects    *configRedirects `toml:"redirects,omitempty"`
}

type configRedirects struct {
	Platform string `toml:"platform"`
}

type configAuthor struct {
	Name string `toml:"name"`
}

type configMarkdown struct {
	Unsafe bool `toml:"unsafe"`
}

// generatorConfig holds the old generator's URL settings: the permalink
// of the posts section in its tokens, one per section, and its taxonomies.
type generatorConfig struct {
	Permalink  string            `toml:"permalink,omitempty"`
	Generator  string            `toml:"generator,omitempty"`
	Permalinks map[string]string `toml:"permalinks,omitempty"`
	Taxonomies map[string]string `toml:"taxonomies,omitempty"`
}

// configTOML renders kopij.toml for site and checks that kopij reads it.
// The generator's URL settings are written as keys when the builder reads
// them, and else as a commented block: every imported post carries its
// url, so the site builds at the old URLs either way.
func configTOML(site *Site) ([]byte, error) {
	cfg := siteConfig{Title: site.Title, BaseURL: site.BaseURL, Language: site.Language,
		Description: site.Description, PostsPerPage: site.PostsPerPage}
	if site.Generator == "" {
		cfg.Permalink = site.Permalink
	}
	if cfg.Title == "" {
		cfg.Title = "My blog"
	}
	if u, err := url.Parse(cfg.BaseURL); err != nil || u.Scheme == "" || u.Host == "" {
		cfg.BaseURL = "https://example.com/"
	} else if !strings.HasSuffix(cfg.BaseURL, "/") {
		cfg.BaseURL += "/"
	}
	if cfg.Language == "" {
		cfg.Language = "en"
	}
	if site.Platform != "" {
		cfg.Redirects = &configRedirects{Platform: site.Platform}
	}
	if a := siteAuthor(site); a != "" {
		cfg.Author = &configAuthor{Name: a}
	}
	if site.Unsafe {
		cfg.Markdown = &configMarkdown{Unsafe: true}
	}
	var head bytes.Buffer
	fmt.Fprintf(&head, "# Imported from %s (%s). See README.md for every key.\n", site.Source, site.Format)
	head.WriteString("# base_url is the old blog's address: change it when the blog moves to another one.\n")
	gen := generatorConfig{Permalink: site.Permalink, Generator: site.Generator,
		Permalinks: site.Permalinks, Taxonomies: site.Taxonomies}
	if site.Generator != "" {
		// All of the old settings, else all but the taxonomies (kopij has
		// tags and categories), else none as keys.
		noTax := gen
		noTax.Taxonomies = nil
		for _, try := range []generatorConfig{gen, noTax} {
			full, err := encodeConfig(struct {
				siteConfig
				generatorConfig
			}{cfg, try})
			if err != nil {
				return nil, err
			}
			if _, err := builder.ParseConfig(full); err == nil {
				left := generatorConfig{Taxonomies: gen.Taxonomies}
				if try.Taxonomies != nil || len(left.Taxonomies) == 0 {
					return append(head.Bytes(), full...), nil
				}
				return append(append(head.Bytes(), full...), commented(site.Generator, left, "kopij has tags and categories; the other taxonomies stay as front matter")...), nil
			}
		}
	}
	body, err := encodeConfig(cfg)
	if err != nil {
		return nil, err
	}
	if _, err := builder.ParseConfig(body); err != nil {
		return nil, fmt.Errorf("the imported configuration does not load: %w", err)
	}
	out := append(head.Bytes(), body...)
	if site.Generator != "" {
		out = append(out, commented(site.Generator, gen, "every imported post has its url, so they matter only for new posts; this kopij reads none of them")...)
	}
	return out, nil
}

// commented writes settings kopij does not read as a commented block.
func commented(generator string, g generatorConfig, why string) []byte {
	text, err := encodeConfig(g)
	if err != nil {
		return nil
	}
	lines := strings.SplitAfter(strings.TrimSuffix(string(text), "\n"), "\n")
	if g.Generator == "" && len(lines) > 0 && strings.HasPrefix(lines[0], "generator =") {
		lines = lines[1:]
	}
	out := []byte("\n# The old site's settings in " + generator + "'s terms: " + why + ".\n")
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			out = append(out, "#\n"...)
			continue
		}
		out = append(out, "# "+l...)
	}
	return append(out, '\n')
}

func encodeConfig(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(v); err != nil {
		return nil, fmt.Errorf("kopij.toml: %w", err)
	}
	return buf.Bytes(), nil
}

// LanguageCode turns a locale as platforms write it ("en-US", "nl_NL",
// "EN") into the language code kopij uses ("en", "nl"); "" when s is none.
func LanguageCode(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	if len(s) < 2 || len(s) > 3 || strings.Trim(s, "abcdefghijklmnopqrstuvwxyz") != "" {
		return ""
	}
	return s
}

// siteAuthor is Site.Author, or else the author of most published posts.
func siteAuthor(site *Site) string {
	if site.Author != "" {
		return site.Author
	}
	n := map[string]int{}
	best := ""
	for _, p := range site.Posts {
		if p.Author == "" || p.Draft {
			continue
		}
		n[p.Author]++
		if c := n[p.Author]; c > n[best] || c == n[best] && p.Author < best {
			best = p.Author
		}
	}
	return best
}
