package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopij/kopij/builder/importer"
	"github.com/kopij/kopij/builder/importer/blogger"
	"github.com/kopij/kopij/builder/importer/wordpress"
)

// importFormat is one source kopij import reads.
type importFormat struct {
	name    string
	source  string // what the first argument names, for the usage line
	summary string
	read    func(src string) (*importer.Site, error)
}

func importFormats() []importFormat {
	return []importFormat{
		{"blogger", "EXPORT.xml", "a Blogger backup (Settings > Manage blog > Back up content)", readExport(blogger.Read)},
		{"wordpress", "EXPORT.xml", "a WordPress export (Tools > Export > All content)", readExport(wordpress.Read)},
	}
}

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

// runImportSite is "kopij import FORMAT SRC DEST". (runImport is taken by
// "kopij subscribers import".)
func runImportSite(ctx context.Context, e *env, args []string) error {
	formats := importFormats()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		importUsage(e, formats)
		if len(args) == 0 {
			return fmt.Errorf("%w: import needs a format", errUsage)
		}
		return nil
	}
	var format *importFormat
	for i := range formats {
		if formats[i].name == args[0] {
			format = &formats[i]
		}
	}
	if format == nil {
		importUsage(e, formats)
		return fmt.Errorf("%w: kopij import %s: unknown format", errUsage, args[0])
	}
	fs := newFlags(e, "import "+format.name, "kopij import "+format.name+" [flags] "+format.source+" DEST")
	merge := fs.Bool("merge", false, "write into a DEST that holds files; files already there are kept, never overwritten")
	noImages := fs.Bool("no-images", false, "do not fetch images; posts keep their remote addresses")
	fetchers := fs.Int("fetchers", 4, "images fetched at once")
	timeout := fs.Duration("timeout", 30*time.Second, "time allowed for one image")
	baseURL := fs.String("base-url", "", "the new blog's address for base_url (default: the old blog's)")
	lang := fs.String("lang", "", "language of the blog, e.g. nl (default: from the export)")
	pos, err := parseInterspersed(e, fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		printUsage(fs, e.stderr)
		return fmt.Errorf("%w: kopij import %s needs %s and DEST, got %d arguments", errUsage, format.name, format.source, len(pos))
	}
	if *fetchers < 1 {
		return fmt.Errorf("%w: --fetchers must be 1 or more", errUsage)
	}
	src, dest := pos[0], pos[1]
	if abs, err := filepath.Abs(dest); err == nil {
		if a, err := filepath.Abs(src); err == nil && strings.HasPrefix(a, abs+string(filepath.Separator)) {
			return fmt.Errorf("%s is inside %s: import into a folder that does not hold the export", src, dest)
		}
	}
	site, err := format.read(src)
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

func importUsage(e *env, formats []importFormat) {
	fmt.Fprint(e.stdout, "Usage:\n")
	for _, f := range formats {
		fmt.Fprintf(e.stdout, "  kopij import %-10s [flags] %-10s DEST   %s\n", f.name, f.source, f.summary)
	}
	fmt.Fprint(e.stdout, "\nDEST is a new folder; the import never overwrites a file.\nRun \"kopij import FORMAT --help\" for the flags.\n")
}
