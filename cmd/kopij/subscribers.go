package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopij/kopij/newsletter"
)

func runSubscribers(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: subscribers needs a subcommand: kopij subscribers export|import", errUsage)
	}
	switch args[0] {
	case "export":
		return runExport(ctx, e, args[1:])
	case "import":
		return runImport(ctx, e, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(e.stdout, "Usage: kopij subscribers export --format F [--status S] [--since DATE] [-o FILE] [--src DIR | --db DB]\n       kopij subscribers import FILE [--format auto] [--dry-run] [--src DIR | --db DB]")
		return nil
	}
	return fmt.Errorf("%w: unknown subscribers subcommand %q (use export or import)", errUsage, args[0])
}

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "subscribers export", "kopij subscribers export --format mailchimp|kit|buttondown|ghost|csv|json [--status confirmed|pending|unsubscribed|all] [--since DATE] [-o FILE] [--src DIR | --db DB]")
	format := fs.String("format", "", "`layout`: mailchimp, kit, buttondown, ghost, csv or json (required)")
	status := fs.String("status", "confirmed", "which subscribers: confirmed, pending, unsubscribed or all")
	since := fs.String("since", "", "only subscribers who signed up on or after `DATE` (2006-01-02 or RFC 3339)")
	out := fs.String("o", "", "write to `FILE` instead of standard output")
	src, db := dbFlags(fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: export takes no arguments, got %q", errUsage, fs.Args())
	}
	if *format == "" {
		return fmt.Errorf("%w: export needs --format (mailchimp, kit, buttondown, ghost, csv or json)", errUsage)
	}
	f := newsletter.Format(*format)
	if _, err := newsletter.NewEncoder(io.Discard, f); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	st, err := newsletter.ParseStatus(*status)
	if err != nil {
		return fmt.Errorf("%w: --status: %v", errUsage, err)
	}
	filter := newsletter.Filter{Status: st}
	if *since != "" {
		if filter.Since, err = parseDate(*since); err != nil {
			return fmt.Errorf("%w: --since %q: use a date like 2026-01-31 or 2026-01-31T12:00:00Z", errUsage, *since)
		}
	}
	store, _, err := openStore(ctx, cmpOr(*db, siteDB(*src)), false)
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
	fs := newFlags(e, "subscribers import", "kopij subscribers import FILE [--format auto] [--dry-run] [--src DIR | --db DB]")
	format := fs.String("format", "auto", "`layout` of FILE: auto, mailchimp, kit, buttondown, ghost, substack, csv or json")
	dryRun := fs.Bool("dry-run", false, "report what would be imported without writing")
	src, db := dbFlags(fs)
	files, err := parseInterspersed(e, fs, args)
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
	store, _, err := openStore(ctx, cmpOr(*db, siteDB(*src)), false)
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

// dbFlags defines --src and --db, which name the subscriber database.
func dbFlags(fs *flag.FlagSet) (src, db *string) {
	src = fs.String("src", ".", "site root `folder`: its .kopij/subscribers.db is the database unless --db is given")
	db = fs.String("db", "", "SQLite `file` or postgres:// DSN (default .kopij/subscribers.db under --src); it must exist")
	return src, db
}

// parseInterspersed parses flags that may come before or after the
// positional arguments, as in "import FILE --dry-run".
func parseInterspersed(e *env, fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(e, fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02", strings.TrimSpace(s))
}
