package main

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/newsletter"
)

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e)
	format := fs.String("format", "", "the `FORMAT` to write: mailchimp, kit, buttondown, ghost, csv or json (required)")
	status := fs.String("status", "confirmed", "the subscribers with this `STATUS`: confirmed, pending, unsubscribed or all")
	since := fs.String("since", "", "only subscribers who signed up on or after `DATE` (2006-01-02 or RFC 3339)")
	out := outFlag(fs, "write to `FILE` instead of standard output")
	src := srcFlag(fs)
	db := dbFlag(fs)
	args, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(e, args); err != nil {
		return err
	}
	if *format == "" {
		return fmt.Errorf("%w: export needs --format (mailchimp, kit, buttondown, ghost, csv or json)", errUsage)
	}
	f := newsletter.Format(*format)
	if _, err := newsletter.NewEncoder(io.Discard, f); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	st, err := newsletter.ParseStatus(*status)
	if err != nil {
		return fmt.Errorf("%w: --status: %w", errUsage, err)
	}
	filter := newsletter.Filter{Status: st}
	if *since != "" {
		if filter.Since, err = parseDate(*since); err != nil {
			return fmt.Errorf("%w: --since %q: use a date like 2026-01-31 or 2026-01-31T12:00:00Z", errUsage, *since)
		}
	}
	dbPath := cmp.Or(*db, siteDB(*src))
	if err := checkExportFile(*out, dbPath, *src); err != nil {
		return err
	}
	store, _, err := openStore(ctx, dbPath, false)
	if err != nil {
		return err
	}
	defer store.Close()
	if *out == "" {
		w := bufio.NewWriter(e.stdout)
		n, err := newsletter.Export(ctx, store, w, f, filter)
		if err == nil {
			err = w.Flush()
		}
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		fmt.Fprintf(e.stderr, "exported %d subscribers\n", n)
		return nil
	}
	return exportFile(ctx, e, store, *out, f, filter)
}

// checkExportFile refuses an export file that is the subscriber database
// being read (or one of SQLite's files beside it) or the site's
// kopij.toml, however the path is spelled: the export would replace it.
func checkExportFile(out, db, src string) error {
	if out == "" {
		return nil
	}
	info, err := os.Stat(out)
	if err != nil {
		return nil // a new file, or one the export reports on
	}
	protected := []struct{ path, what string }{{filepath.Join(src, builder.ConfigFile), "the site's configuration " + builder.ConfigFile}}
	if !isPostgres(db) {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			protected = append(protected, struct{ path, what string }{db + suffix, "the subscriber database " + db + suffix})
		}
	}
	for _, p := range protected {
		if other, err := os.Stat(p.path); err == nil && os.SameFile(info, other) {
			return fmt.Errorf("--out %s: that is %s, which the export would replace; write to a file of its own, such as --out subscribers.csv", out, p.what)
		}
	}
	return nil
}

// exportFile writes to a temporary file beside path and renames it, so a
// failed export never leaves half a file where a complete one was.
func exportFile(ctx context.Context, e *env, store newsletter.Store, path string, f newsletter.Format, filter newsletter.Filter) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".kopij-export-*")
	if err != nil {
		return fmt.Errorf("export to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 64<<10)
	n, err := newsletter.Export(ctx, store, w, f, filter)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = tmp.Close()
	} else {
		tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("export to %s: %w", path, err)
	}
	fmt.Fprintf(e.stderr, "exported %d subscribers to %s\n", n, path)
	return nil
}

func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e)
	format := fs.String("format", "auto", "the `FORMAT` of FILE: auto, mailchimp, kit, buttondown, ghost, substack, csv or json")
	dryRun := fs.Bool("dry-run", false, "report what would be imported without writing")
	src := srcFlag(fs)
	db := dbFlag(fs)
	files, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return fmt.Errorf("%w: import needs exactly one FILE, got %d", errUsage, len(files))
	}
	f := newsletter.Format(*format)
	switch f {
	case newsletter.FormatAuto, newsletter.FormatMailchimp, newsletter.FormatKit, newsletter.FormatButtondown,
		newsletter.FormatGhost, newsletter.FormatSubstack, newsletter.FormatCSV, newsletter.FormatJSON:
	default:
		return fmt.Errorf("%w: unknown --format %q (use auto, mailchimp, kit, buttondown, ghost, substack, csv or json)", errUsage, *format)
	}
	// The database first: a mistyped --db must fail before the file is read.
	store, _, err := openStore(ctx, cmp.Or(*db, siteDB(*src)), false)
	if err != nil {
		return err
	}
	defer store.Close()
	in, err := os.Open(files[0])
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer in.Close()
	read, err := newsletter.NewImportReader(in, f, time.Now())
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	st, err := store.Import(ctx, read.All(), *dryRun)
	for _, p := range read.Invalid {
		fmt.Fprintf(e.stderr, "%s:%d: invalid address %q: %s (row skipped)\n", files[0], p.Line, p.Email, p.Why)
	}
	for _, p := range read.Duplicates {
		fmt.Fprintf(e.stderr, "%s:%d: duplicate %q: %s (row skipped)\n", files[0], p.Line, p.Email, p.Why)
	}
	if err != nil {
		return fmt.Errorf("%s: nothing was imported: %w", files[0], err)
	}
	verb := "imported"
	if *dryRun {
		verb = "dry run, nothing written: would import"
	}
	fmt.Fprintf(e.stdout, "%s: %d rows (%s): %s %d new, %d already stored, %d invalid, %d duplicates\n",
		files[0], read.Rows, read.Format, verb, st.Added, st.Existing, len(read.Invalid), len(read.Duplicates))
	return nil
}

func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02", strings.TrimSpace(s))
}
