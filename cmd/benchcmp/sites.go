package main

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/kopij/kopij/builder/corpus"
	"github.com/kopij/kopij/themes"
)

// hugoSite holds hugo.toml, the layouts and the pages kopij makes by
// itself (archive, search, the newsletter page); kopijSite the kopij.toml
// with the same title, base URL and page size.
//
//go:embed all:hugosite kopijsite
var siteFiles embed.FS

// sites are the two site folders of one corpus size.
type sites struct {
	Kopij, Hugo string // site roots
}

// writeSites writes the corpus of n posts below dir as a kopij and as a Hugo
// site. Both get the same post files, byte for byte.
func writeSites(dir string, n int) (sites, error) {
	s := sites{Kopij: filepath.Join(dir, "kopij-site"), Hugo: filepath.Join(dir, "hugo-site")}
	for _, root := range []string{s.Kopij, s.Hugo} {
		if err := corpus.Write(root, n); err != nil {
			return s, fmt.Errorf("write the corpus: %w", err)
		}
	}
	if err := copyTree(siteFiles, "kopijsite", s.Kopij); err != nil {
		return s, err
	}
	if err := copyTree(siteFiles, "hugosite", s.Hugo); err != nil {
		return s, err
	}
	// The Hugo site serves the same stylesheet, script and icon, and reads
	// its UI strings from the same file as kopij's default theme.
	theme := themes.Default()
	if err := copyTree(theme, "static", filepath.Join(s.Hugo, "static")); err != nil {
		return s, err
	}
	if err := copyTree(theme, "i18n", filepath.Join(s.Hugo, "i18n")); err != nil {
		return s, err
	}
	return s, nil
}

// copyTree copies the folder from of fsys to the folder to on disk.
func copyTree(fsys fs.FS, from, to string) error {
	return fs.WalkDir(fsys, from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
}

// editPost appends a sentence to post i of both sites, the one-post edit
// that the rebuild figure times.
func editPost(s sites, i, run int) error {
	for _, root := range []string{s.Kopij, s.Hugo} {
		p := filepath.Join(root, filepath.FromSlash(corpus.Path(i)))
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(f, "\nEdited in run %d.\n", run)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}
