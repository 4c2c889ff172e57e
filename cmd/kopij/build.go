package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/hints"
)

func runBuild(ctx context.Context, e *env, args []string) (err error) {
	fs := newFlags(e)
	src := srcFlag(fs)
	out := outFlag(fs, "output `DIR`; public under the site root when not set")
	drafts := fs.Bool("drafts", false, "include drafts")
	future := fs.Bool("future", false, "include posts dated in the future")
	baseURL := fs.String("base-url", "", "absolute `URL` the site is served from; overrides base_url in kopij.toml")
	noMinify := fs.Bool("no-minify", false, "write HTML, CSS, JS, XML and JSON without minifying")
	noCache := fs.Bool("no-cache", false, "build everything, without the build cache in .kopij/cache/ (which is still written)")
	force := fs.Bool("force", false, "replace an output folder that holds files kopij did not write")
	signupServed := fs.Bool("signup-served", false, "the output is served by kopij newsletter serve --site, which answers the signup form: no warning about newsletter.endpoint")
	profileCPU := fs.String("profile-cpu", "", "write a CPU profile of the build to `FILE` (read it with go tool pprof)")
	profileMem := fs.String("profile-mem", "", "write a heap profile of the built site, before it is written out, to `FILE`")
	args, err = fs.parse(args)
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
	heapProfile, stop, err := startProfiles(*profileCPU, *profileMem)
	if err != nil {
		return err
	}
	defer func() {
		if perr := stop(); perr != nil && err == nil {
			err = perr
		}
	}()
	start := time.Now()
	cache := builder.OpenCache(filepath.Join(*src, filepath.FromSlash(builder.CacheDir)), *out)
	if *noCache {
		cache.Forget()
	} else if cache.Warning != "" {
		fmt.Fprintln(e.stderr, "warning:", cache.Warning)
	}
	fsys, err := openSite(*src)
	if err != nil {
		return err
	}
	defer fsys.Close()
	site, err := builder.Build(ctx, fsys, builder.Options{
		Drafts: *drafts, Future: *future, BaseURL: *baseURL, NoMinify: *noMinify, Cache: cache, Out: *out, HintCounts: true,
	})
	if err != nil {
		printProblems(e, err)
		fmt.Fprintf(e.stderr, "build failed; %s was left as it was\n", *out)
		return errSilent
	}
	if err := heapProfile(); err != nil {
		return err
	}
	if err := site.Write(*out, builder.WriteOptions{Src: *src, Force: *force, Name: name}); err != nil {
		return err
	}
	if err := site.SaveCache(); err != nil {
		fmt.Fprintln(e.stderr, "warning:", err)
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
	posts, pages, files := len(site.Posts), len(site.Pages), len(site.Files)
	line := hints.SiteSummary(site.Config.Language, site.Hints)
	verb := "built"
	if c := site.Cached; site.Unchanged && c != nil {
		posts, pages, files, line = c.Posts, c.Pages, c.Files, c.Hints
		verb = "nothing changed since the last build; kept"
	}
	s := fmt.Sprintf("%s %s and %s in %s: %s in %s",
		verb, count(posts, "post"), count(pages, "page"), out, count(files, "file"), took.Round(time.Millisecond))
	if !site.Unchanged {
		s = strings.Replace(s, " in "+out+":", " into "+out+":", 1)
	}
	if !site.NextScheduled.IsZero() {
		s += fmt.Sprintf("\nnext scheduled post: %s (build again then)", site.NextScheduled.Format(time.RFC3339))
	}
	if line != "" {
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
