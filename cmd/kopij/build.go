package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/hints"
)

func runBuild(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e)
	src := srcFlag(fs)
	out := outFlag(fs, "output `DIR`; public under the site root when not set")
	drafts := fs.Bool("drafts", false, "include drafts")
	future := fs.Bool("future", false, "include posts dated in the future")
	baseURL := fs.String("base-url", "", "absolute `URL` the site is served from; overrides base_url in kopij.toml")
	noMinify := fs.Bool("no-minify", false, "write HTML, CSS, JS, XML and JSON without minifying")
	force := fs.Bool("force", false, "replace an output folder that holds files kopij did not write")
	signupServed := fs.Bool("signup-served", false, "the output is served by kopij newsletter serve --site, which answers the signup form: no warning about newsletter.endpoint")
	args, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(e, args); err != nil {
		return err
	}
	if err := checkSiteFolder(*src); err != nil {
		return err
	}
	name := "--out " + *out
	if *out == "" {
		*out = filepath.Join(*src, "public")
		name = *out
	}
	start := time.Now()
	fsys, err := openSite(*src)
	if err != nil {
		return err
	}
	defer fsys.Close()
	site, err := builder.Build(ctx, fsys, builder.Options{
		Drafts: *drafts, Future: *future, BaseURL: *baseURL, NoMinify: *noMinify,
	})
	if err != nil {
		printProblems(e, err)
		fmt.Fprintf(e.stderr, "build failed; %s was left as it was\n", *out)
		return errSilent
	}
	if err := site.Write(*out, builder.WriteOptions{Src: *src, Force: *force, Name: name}); err != nil {
		return err
	}
	for _, w := range site.Warnings {
		fmt.Fprintln(e.stderr, "warning:", w)
	}
	if w := builder.SignupWarning(site.Config); w != "" && !*signupServed {
		fmt.Fprintln(e.stderr, "warning:", w)
	}
	fmt.Fprintln(e.stdout, buildSummary(site, *out, time.Since(start)))
	return nil
}

// buildSummary is the one-paragraph report after a build.
func buildSummary(site *builder.Site, out string, took time.Duration) string {
	s := fmt.Sprintf("built %s and %s into %s: %s in %s",
		count(len(site.Posts), "post"), count(len(site.Pages), "page"), out, count(len(site.Files), "file"), took.Round(time.Millisecond))
	if !site.NextScheduled.IsZero() {
		s += fmt.Sprintf("\nnext scheduled post: %s (build again then)", site.NextScheduled.Format(time.RFC3339))
	}
	if line := hints.SiteSummary(site.Config.Language, site.Hints); line != "" {
		s += "\n" + line
	}
	return s
}

// printProblems prints each problem of a failed build on a line of its
// own, then how many there are in how many files.
func printProblems(e *env, err error) {
	problems := builder.Errors(err)
	files := map[string]bool{}
	for _, p := range problems {
		fmt.Fprintln(e.stderr, p)
		if p.File != "" {
			files[p.File] = true
		}
	}
	if len(problems) > 1 {
		fmt.Fprintf(e.stderr, "%s in %s\n", count(len(problems), "problem"), count(len(files), "file"))
	}
}

// count is "1 post", "2 posts".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
