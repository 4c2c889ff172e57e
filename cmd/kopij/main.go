// Command kopij builds a static blog from a folder of Markdown posts, serves it
// with live reload, checks posts for reader-retention hints and runs the
// newsletter signup server.
//
// Run "kopij --help" for the list of commands; every command and group of
// commands has --help, and its flags may come before or after its
// arguments.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// version is set at link time with -ldflags "-X main.version=...".
var version = "dev"

// errUsage marks a command-line mistake; main exits with status 2 for it.
var errUsage = errors.New("usage error")

// errSilent is returned when the command already reported what went wrong.
var errSilent = errors.New("failed")

// errHelp is returned when help was asked for and printed; run returns nil
// for it.
var errHelp = errors.New("help shown")

// env is what a command needs from the process: streams and environment
// lookups, and the command being run. Tests pass their own.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	now    func() time.Time // the clock; time.Now when nil
	cmd    *command         // the command being run, set by dispatch
	path   string           // its name after "kopij", e.g. "new site"
}

// clock is the time now.
func (e *env) clock() time.Time {
	if e.now != nil {
		return e.now()
	}
	return time.Now()
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, now: time.Now}
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

// run runs the command args name, with its arguments.
func run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "--version", "-version":
			args = []string{"version"}
		case "help":
			// "kopij help new site" is "kopij new site --help".
			args = append(args[1:len(args):len(args)], "--help")
		}
	}
	err := dispatch(ctx, e, root(), "", args)
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}

func runVersion(_ context.Context, e *env, args []string) error {
	args, err := newFlags(e).parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(e, args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "kopij", version)
	return nil
}
