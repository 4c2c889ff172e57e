package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/kopij/kopij/builder"
)

// checkSiteFolder tells a user who runs kopij outside a site what to do,
// instead of building an empty blog.
func checkSiteFolder(src string) error {
	info, err := os.Stat(src)
	if err != nil || !info.IsDir() {
		return fmt.Errorf("site folder %s does not exist (pass --src with the folder that holds content/)", src)
	}
	for _, marker := range []string{"content", builder.ConfigFile} {
		if _, err := os.Stat(filepath.Join(src, marker)); err == nil {
			return nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return fmt.Errorf("%s is not a kopij site: it has no content/ folder and no %s (start one with kopij new site DIR, or pass --src with your site folder)", src, builder.ConfigFile)
}

// openSite opens the site folder src for reading: links in it that lead
// outside it are never followed (see builder.SiteFS).
func openSite(src string) (*builder.SiteFS, error) {
	site, err := builder.OpenSite(src)
	if err != nil {
		return nil, fmt.Errorf("site folder %s: %w", src, err)
	}
	return site, nil
}

// loadConfig reads kopij.toml of the site folder src; a folder or a
// site without one gives the defaults.
func loadConfig(src string) (builder.Config, error) {
	site, err := builder.OpenSite(src)
	if errors.Is(err, fs.ErrNotExist) {
		return builder.LoadConfig(os.DirFS(src)) // nothing there: the defaults
	}
	if err != nil {
		return builder.Config{}, fmt.Errorf("site folder %s: %w", src, err)
	}
	defer site.Close()
	return builder.LoadConfig(site)
}
