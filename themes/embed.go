// Package themes holds the default theme, embedded so that a kopij binary
// installed with go install builds sites without any files besides content.
//
// A theme is a folder with layouts/ (html/template files), layouts/partials/,
// i18n/ (one TOML file of UI strings per language) and static/ (copied to the
// root of the built site). A site overrides the default theme file by file
// with its own themes/NAME/ folder.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed all:default
var embedded embed.FS

// Default returns the default theme as a file system rooted at its folder.
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "default")
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	return sub
}
