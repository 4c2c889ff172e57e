package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/importer"
	"github.com/kopij/kopij/builder/importer/blogger"
	"github.com/kopij/kopij/builder/importer/hugo"
	"github.com/kopij/kopij/builder/importer/jekyll"
	"github.com/kopij/kopij/builder/importer/wordpress"
)

// readExport reads one export file with a front end; it opens nothing else.
func readExport(read func(string, io.Reader) (*importer.Site, error)) func(string) (*importer.Site, error) {
	return func(src string) (*importer.Site, error) {
		f, err := os.Open(src)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return read(src, f)
	}
}

// readFolder reads a site folder with a front end; it reads nothing
// outside the folder.
func readFolder(read func(fs.FS, string) (*importer.Site, error)) func(string) (*importer.Site, error) {
	return func(src string) (*importer.Site, error) {
		info, err := os.Stat(src)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("%s is a file: name the site's folder (the one holding its configuration)", src)
		}
		fsys, err := builder.OpenSite(src) // links out of the folder are never read
		if err != nil {
			return nil, err
		}
		defer fsys.Close()
		return read(fsys, src)
	}
}

func runImportHugo(ctx context.Context, e *env, args []string) error {
	return runImportExport(ctx, e, args, readFolder(hugo.Read))
}

func runImportJekyll(ctx context.Context, e *env, args []string) error {
	return runImportExport(ctx, e, args, readFolder(jekyll.Read))
}

func runImportBlogger(ctx context.Context, e *env, args []string) error {
	return runImportExport(ctx, e, args, readExport(blogger.Read))
}

func runImportWordPress(ctx context.Context, e *env, args []string) error {
	return runImportExport(ctx, e, args, readExport(wordpress.Read))
}

// runImportExport is "kopij import FORMAT EXPORT.xml DEST" for the formats
// that come as one export file.
func runImportExport(ctx context.Context, e *env, args []string, read func(string) (*importer.Site, error)) error {
	fs := newFlags(e)
	merge := fs.Bool("merge", false, "write into a DEST that holds files; files already there are kept, never overwritten")
	noImages := fs.Bool("no-images", false, "do not fetch images; posts keep their remote addresses")
	fetchers := fs.Int("fetchers", 4, "`N` images fetched at once")
	timeout := fs.Duration("timeout", 30*time.Second, "`TIME` allowed for one image")
	baseURL := fs.String("base-url", "", "the new blog's `URL` for base_url; the old blog's when not set")
	lang := fs.String("lang", "", "`LANG` of the blog, e.g. nl; from the export when not set")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		fs.usage(e.stderr)
		return fmt.Errorf("%w: kopij %s needs the export (or site folder) and DEST, got %d arguments", errUsage, e.path, len(pos))
	}
	if *fetchers < 1 {
		return fmt.Errorf("%w: --fetchers must be 1 or more", errUsage)
	}
	src, dest := pos[0], pos[1]
	if abs, err := filepath.Abs(dest); err == nil {
		if a, err := filepath.Abs(src); err == nil && strings.HasPrefix(a, abs+string(filepath.Separator)) {
			return fmt.Errorf("%s is inside %s: import into a folder that does not hold the export", src, dest)
		}
		if a, err := filepath.Abs(src); err == nil && (abs == a || strings.HasPrefix(abs, a+string(filepath.Separator))) {
			if info, err := os.Stat(src); err == nil && info.IsDir() {
				return fmt.Errorf("%s is inside the site %s: import into a folder outside it, or the next import would read its own output", dest, src)
			}
		}
	}
	site, err := read(src)
	if err != nil {
		return err
	}
	if *baseURL != "" {
		site.BaseURL = *baseURL
	}
	if *lang != "" {
		site.Language = *lang
	}
	opts := importer.Options{Fetchers: *fetchers, Merge: *merge}
	if !*noImages {
		opts.Client = &http.Client{Timeout: *timeout}
	}
	rep, err := importer.Import(ctx, site, dest, opts)
	if errors.Is(err, importer.ErrDestNotEmpty) {
		return err
	}
	if err != nil {
		return fmt.Errorf("import %s into %s: %w", src, dest, err)
	}
	fmt.Fprintln(e.stdout, rep.Summary())
	for _, p := range rep.Problems() {
		fmt.Fprintln(e.stderr, "note:", p)
	}
	fmt.Fprintf(e.stdout, "the full report is %s\n\n  cd %s\n  kopij serve\n", filepath.Join(dest, importer.ReportFile), dest)
	return nil
}
