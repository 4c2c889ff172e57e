package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// newFlags returns a FlagSet for a subcommand whose usage text starts with
// synopsis. Errors are returned, never printed twice or turned into exits.
func newFlags(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// Parse calls Usage with output discarded; parseFlags calls it again
	// with the output set to stdout (help) or stderr (mistakes).
	fs.Usage = func() {
		w := fs.Output()
		if w == io.Discard {
			return
		}
		fmt.Fprintf(w, "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func printUsage(fs *flag.FlagSet, w io.Writer) {
	fs.SetOutput(w)
	fs.Usage()
	fs.SetOutput(io.Discard)
}

// parseFlags parses args and turns flag errors into usage errors. It returns
// errHelp when -h or --help was given; callers return nil for it.
func parseFlags(e *env, fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(fs, e.stdout)
		return errHelp
	}
	if err != nil {
		printUsage(fs, e.stderr)
		return fmt.Errorf("%w: %s: %v", errUsage, fs.Name(), err)
	}
	return nil
}

// errHelp is returned by parseFlags when help was printed.
var errHelp = errors.New("help shown")

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return fmt.Sprint(*s) }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }
