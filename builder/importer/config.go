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
	Title       string           `toml:"title"`
	BaseURL     string           `toml:"base_url"`
	Language    string           `toml:"language"`
	Description string           `toml:"description,omitempty"`
	Permalink   string           `toml:"permalink,omitempty"`
	Author      *configAuthor    `toml:"author,omitempty"`
	Redirects   *configRedirects `toml:"redirects,omitempty"`
}

type configRedirects struct {
	Platform string `toml:"platform"`
}

type configAuthor struct {
	Name string `toml:"name"`
}

// configTOML renders kopij.toml for site and checks that kopij reads it.
func configTOML(site *Site) ([]byte, error) {
	cfg := siteConfig{Title: site.Title, BaseURL: site.BaseURL, Language: site.Language,
		Description: site.Description, Permalink: site.Permalink}
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
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Imported from %s (%s). See README.md for every key.\n", site.Source, site.Format)
	buf.WriteString("# base_url is the old blog's address: change it when the blog moves to another one.\n")
	if err := toml.NewEncoder(&buf).Encode(cfg); err != nil {
		return nil, fmt.Errorf("kopij.toml: %w", err)
	}
	if _, err := builder.ParseConfig(buf.Bytes()); err != nil {
		return nil, fmt.Errorf("the imported configuration does not load: %w", err)
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
