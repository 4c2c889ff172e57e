package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/hints"
)

func runHints(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e)
	src := srcFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON (format in README.md)")
	failOn := fs.String("fail-on", "", "exit with status 1 when a hint of this `SEVERITY` or worse exists: warn or error")
	lang := fs.String("lang", "", "the `LANG` of FILEs without lang in their front matter: nl or en")
	files, err := fs.parse(args)
	if err != nil {
		return err
	}
	var threshold hints.Severity
	if *failOn != "" {
		s, err := hints.ParseSeverity(*failOn)
		if err != nil {
			return fmt.Errorf("%w: --fail-on: %w", errUsage, err)
		}
		threshold = s
	}
	posts, err := collectHints(ctx, *src, *lang, files)
	if _, ok := errors.AsType[*builder.LineError](err); ok {
		printProblems(e, err)
		return errSilent
	}
	if err != nil {
		return err
	}
	hints.Sort(posts)
	if *asJSON {
		err = hints.WriteJSON(e.stdout, posts, "  ")
	} else {
		writeHintsText(e.stdout, posts, cmp.Or(siteLang(*src), *lang, "en"))
	}
	if err != nil {
		return err
	}
	if *failOn != "" {
		for _, p := range posts {
			if s, ok := p.Report.Worst(); ok && s >= threshold {
				fmt.Fprintf(e.stderr, "kopij hints: hints of severity %s or worse found\n", threshold)
				return errSilent
			}
		}
	}
	return nil
}

func collectHints(ctx context.Context, src, lang string, files []string) ([]hints.Post, error) {
	cfg, cfgErr := loadConfig(src)
	if len(files) == 0 {
		if err := checkSiteFolder(src); err != nil {
			return nil, err
		}
		if cfgErr != nil {
			return nil, cfgErr
		}
		return siteHints(ctx, src)
	}
	var site map[string]hints.Post
	th := hints.DefaultThresholds()
	if cfgErr == nil {
		th = cfg.Hints
	}
	var out []hints.Post
	var errs []error
	for _, f := range files {
		rel, inSite := siteRelative(src, f)
		if inSite && site == nil {
			all, err := siteHints(ctx, src)
			if err != nil {
				return nil, err
			}
			site = map[string]hints.Post{}
			for _, p := range all {
				site[p.File] = p
			}
		}
		if p, ok := site[rel]; inSite && ok {
			p.File = f
			out = append(out, p)
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		p, err := builder.FileHints(f, data, lang, th)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, p)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// siteLang is the language in the kopij.toml of the site at src, or ""
// without one.
func siteLang(src string) string {
	if _, err := os.Stat(filepath.Join(src, builder.ConfigFile)); err != nil {
		return ""
	}
	cfg, err := loadConfig(src)
	if err != nil {
		return ""
	}
	return cfg.Language
}

// siteRelative returns f relative to the site root when f is a Markdown
// file under its content/ folder.
func siteRelative(src, f string) (string, bool) {
	absSrc, err1 := filepath.Abs(src)
	absF, err2 := filepath.Abs(f)
	if err1 != nil || err2 != nil {
		return "", false
	}
	rel, err := filepath.Rel(absSrc, absF)
	if err != nil || !strings.HasPrefix(filepath.ToSlash(rel), "content/") {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// quoteWidth is how many characters of a sentence kopij hints quotes.
const quoteWidth = 90

// writeHintsText prints each post's figures and hints, every hint with the
// sentence it means, then the verdict on the title as a newsletter
// subject; the closing count is in the site's language lang.
func writeHintsText(w io.Writer, posts []hints.Post, lang string) {
	total, with := 0, 0
	for _, p := range posts {
		m := p.Report.Metrics
		fmt.Fprintf(w, "%s  %q (%s)\n", p.File, p.Title, p.Lang)
		fmt.Fprintf(w, "  %s, %d min, Flesch %.0f, reader focus %.0f%%, %s, %s, %d inbound\n",
			count(m.Words, "word"), m.ReadingMinutes, m.Flesch, m.ReaderFocus*100, count(m.Questions, "question"), count(m.InternalLinks, "internal link"), m.InboundLinks)
		if len(p.Report.Hints) == 0 {
			fmt.Fprintln(w, "  "+hints.NoHints(p.Report.Lang))
		} else {
			with++
		}
		for _, h := range p.Report.Hints {
			total++
			fmt.Fprintf(w, "  %-5s %s:%d  %s [%s]\n", h.Severity, p.File, h.Line, h.Message, h.ID)
			if h.Text != "" {
				fmt.Fprintf(w, "        \u201c%s\u201d\n", hints.Shorten(h.Text, quoteWidth))
			}
			if h.Fix != "" {
				fmt.Fprintf(w, "        fix: %s\n", h.Fix)
			}
		}
		subject := p.Subject()
		if len(subject) > 0 {
			fmt.Fprintf(w, "  %s \u201c%s\u201d\n", hints.SubjectLabel(p.Lang), hints.Shorten(p.Title, quoteWidth))
		}
		for _, h := range subject {
			fmt.Fprintf(w, "  %-5s %s [%s]\n", h.Severity, h.Message, h.ID)
			if h.Fix != "" {
				fmt.Fprintf(w, "        fix: %s\n", h.Fix)
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, hints.CountLine(lang, total, with, len(posts)))
}

// siteHints reads the hints of every post of the site folder src.
func siteHints(ctx context.Context, src string) ([]hints.Post, error) {
	fsys, err := openSite(src)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	return builder.SiteHints(ctx, fsys, builder.Options{})
}
