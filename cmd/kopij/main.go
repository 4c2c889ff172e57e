// Command kopij builds a static blog from a folder of Markdown posts, serves it
// with live reload, checks posts for reader-retention hints and runs the
// newsletter signup server.
//
// Run "kopij --help" for the list of commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at link time with -ldflags "-X main.version=...".
var version = "dev"

// errUsage marks a command-line mistake; main exits with status 2 for it.
var errUsage = errors.New("usage error")

// command is one subcommand of kopij.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a command needs from the process: streams, the working
// directory and environment lookups. Tests pass their own.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

func commands() []command {
	return []command{
		{"new", "create a site or a post: kopij new site DIR | kopij new post \"Title\"", runNew},
		{"build", "build the site into public/", runBuild},
		{"serve", "build, watch and serve the site with live reload", runServe},
		{"hints", "show reader-retention hints per post", runHints},
		{"import", "turn a Blogger or WordPress export into a kopij site: kopij import wordpress EXPORT.xml DEST", runImportSite},
		{"newsletter", "the signup server and the sender: kopij newsletter serve | send", runNewsletter},
		{"subscribers", "export or import subscribers: kopij subscribers export|import", runSubscribers},
		{"version", "print the version", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	err := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(exitCode(e, err))
}

// exitCode prints err and maps it to the process exit status: 0 for success,
// 2 for usage errors, 1 for everything else.
func exitCode(e *env, err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errSilent):
		return 1
	case errors.Is(err, errUsage):
		fmt.Fprintln(e.stderr, "kopij:", err)
		return 2
	default:
		fmt.Fprintln(e.stderr, "kopij:", err)
		return 1
	}
}

// errSilent is returned when the command already reported what went wrong.
var errSilent = errors.New("failed")

func run(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		usage(e.stderr)
		return fmt.Errorf("%w: no command given", errUsage)
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help", "help":
		usage(e.stdout)
		return nil
	case "--version", "-version":
		return runVersion(ctx, e, nil)
	}
	for _, c := range commands() {
		if c.name == name {
			err := c.run(ctx, e, args[1:])
			if errors.Is(err, errHelp) {
				return nil
			}
			return err
		}
	}
	usage(e.stderr)
	return fmt.Errorf("%w: unknown command %q", errUsage, name)
}

func usage(w io.Writer) {
	fmt.Fprint(w, "kopij turns a folder of Markdown posts into a static blog.\n\nUsage:\n  kopij <command> [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun \"kopij <command> --help\" for the flags of a command.\n")
}

func runVersion(_ context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: version takes no arguments", errUsage)
	}
	fmt.Fprintln(e.stdout, "kopij", version)
	return nil
}
