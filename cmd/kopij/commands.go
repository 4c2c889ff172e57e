package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// command is one command of kopij: a leaf that runs, or a group of
// subcommands such as "new" with "site" and "post".
type command struct {
	name    string
	args    string                                                 // the arguments a leaf takes, for its usage line, e.g. "DIR" or "[FILE...]"
	summary string                                                 // one line for the list of commands and the help
	run     func(ctx context.Context, e *env, args []string) error // nil for a group
	subs    []*command                                             // nil for a leaf
}

// root is the command tree. A new command is one line here; a new
// subcommand of a group one line in the group.
func root() *command {
	return &command{summary: "kopij turns a folder of Markdown posts into a static blog.", subs: []*command{
		{name: "new", summary: "create a site or a post", subs: []*command{
			{name: "site", args: "DIR", summary: "create a site that builds at once", run: runNewSite},
			{name: "post", args: "TITLE", summary: "create content/posts/<slug>.md as a draft", run: runNewPost},
		}},
		{name: "build", summary: "build the site into public/", run: runBuild},
		{name: "serve", summary: "build, watch and serve the site with live reload", run: runServe},
		{name: "hints", args: "[FILE...]", summary: "show reader-retention hints per post", run: runHints},
		{name: "import", summary: "turn another blog into a kopij site, old URLs kept", subs: []*command{
			{name: "blogger", args: "EXPORT.xml DEST", summary: "import a Blogger backup (Settings > Manage blog > Back up content)", run: runImportBlogger},
			{name: "wordpress", args: "EXPORT.xml DEST", summary: "import a WordPress export (Tools > Export > All content)", run: runImportWordPress},
			{name: "hugo", args: "SITE DEST", summary: "import a Hugo site folder: content, static files, shortcodes run", run: runImportHugo},
			{name: "jekyll", args: "SITE DEST", summary: "import a Jekyll site folder: posts, pages, collections, Liquid run", run: runImportJekyll},
		}},
		{name: "newsletter", summary: "the newsletter signup server and sender", subs: []*command{
			{name: "serve", summary: "run the signup server for production; with --site also the built blog", run: runNewsletterServe},
			{name: "send", summary: "mail each new post to the confirmed subscribers", run: runSend},
		}},
		{name: "subscribers", summary: "export or import subscribers", subs: []*command{
			{name: "export", summary: "export subscribers for Mailchimp, Kit, Buttondown, Ghost, CSV or JSON", run: runExport},
			{name: "import", args: "FILE", summary: "import subscribers from those services and Substack", run: runImport},
		}},
		{name: "version", summary: "print the version", run: runVersion},
	}}
}

// dispatch runs the subcommand of group c that args name; path is c's
// name after "kopij".
func dispatch(ctx context.Context, e *env, c *command, path string, args []string) error {
	if c.run != nil {
		e.cmd, e.path = c, path
		return c.run(ctx, e, args)
	}
	if len(args) == 0 {
		c.usage(e.stderr, path)
		if path == "" {
			return fmt.Errorf("%w: no command given", errUsage)
		}
		return fmt.Errorf("%w: kopij %s needs %s: kopij %s %s", errUsage, path, c.names(`"`, " or "), path, c.names("", "|"))
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		c.usage(e.stdout, path)
		return errHelp
	}
	for _, sub := range c.subs {
		if sub.name == args[0] {
			return dispatch(ctx, e, sub, strings.TrimSpace(path+" "+sub.name), args[1:])
		}
	}
	c.usage(e.stderr, path)
	if path == "" {
		return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
	}
	return fmt.Errorf("%w: unknown %s subcommand %q (use kopij %s %s)", errUsage, path, args[0], path, c.names("", "|"))
}

// names lists a group's subcommands, each in quote and between them sep:
// `"site" or "post"`, "site|post".
func (c *command) names(quote, sep string) string {
	var names []string
	for _, sub := range c.subs {
		names = append(names, quote+sub.name+quote)
	}
	return strings.Join(names, sep)
}

// usage prints a group's help: its commands and how to learn more.
func (c *command) usage(w io.Writer, path string) {
	name := strings.TrimSpace("kopij " + path)
	if path != "" {
		fmt.Fprintf(w, "%s: %s.\n\n", name, c.summary)
	} else {
		fmt.Fprintf(w, "%s\n\n", c.summary)
	}
	fmt.Fprintf(w, "Usage:\n  %s <command> [flags]\n\nCommands:\n", name)
	width := 0
	for _, sub := range c.subs {
		width = max(width, len(sub.name))
	}
	for _, sub := range c.subs {
		fmt.Fprintf(w, "  %-*s  %s\n", width, sub.name, sub.summary)
	}
	fmt.Fprintf(w, "\nRun \"%s <command> --help\" for the flags of a command.\n", name)
}
