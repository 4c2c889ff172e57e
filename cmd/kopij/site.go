package main

import (
	"errors"
	"fmt"
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
