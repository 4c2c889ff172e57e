package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// flags is the flag set of a command. Its flags may come before or after
// the arguments, its help spells them --name as usage lines do, and old
// spellings can stay working without being shown.
type flags struct {
	*flag.FlagSet
	e      *env
	hidden map[string]bool   // flags left out of the help: old spellings
	short  map[string]string // flag -> its one-letter spelling, shown beside it
}

// newFlags returns the flag set of the command e is running.
func newFlags(e *env) *flags {
	fs := flag.NewFlagSet("kopij "+e.path, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse prints help and mistakes itself
	fs.Usage = func() {}
	return &flags{FlagSet: fs, e: e, hidden: map[string]bool{}, short: map[string]string{}}
}

// alias makes name another spelling of the flag target: shown beside it
// when it is one letter ("-o, --out FILE"), hidden otherwise.
func (f *flags) alias(name, target string) {
	t := f.Lookup(target)
	f.Var(t.Value, name, t.Usage)
	f.hidden[name] = true // not a row of its own
	if len(name) == 1 {
		f.short[target] = name
	}
}

// hide leaves a flag out of the help, for an old spelling that means
// something slightly different from its replacement.
func (f *flags) hide(name string) { f.hidden[name] = true }

// parse parses args, flags and arguments in any order ("--" ends the
// flags), and returns the arguments. For -h or --help it prints the help
// and returns errHelp; a mistake is a usage error, after the help on
// stderr.
func (f *flags) parse(args []string) ([]string, error) {
	var pos []string
	for {
		err := f.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			f.usage(f.e.stdout)
			return nil, errHelp
		}
		if err != nil {
			f.usage(f.e.stderr)
			return nil, fmt.Errorf("%w: %s: %w", errUsage, f.Name(), err)
		}
		rest := f.Args()
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// usage prints the command's help: usage line, summary and flags.
func (f *flags) usage(w io.Writer) {
	c := f.e.cmd
	line := f.Name()
	if f.hasFlags() {
		line += " [flags]"
	}
	if c.args != "" {
		line += " " + c.args
	}
	fmt.Fprintf(w, "Usage: %s\n\n%s.\n", line, strings.ToUpper(c.summary[:1])+c.summary[1:])
	if !f.hasFlags() {
		return
	}
	type row struct{ name, usage string }
	var rows []row
	width := 0
	f.VisitAll(func(fl *flag.Flag) {
		if f.hidden[fl.Name] {
			return
		}
		value, usage := flag.UnquoteUsage(fl)
		name := "--" + fl.Name
		if s, ok := f.short[fl.Name]; ok {
			name = "-" + s + ", " + name
		}
		if value != "" {
			name += " " + value
		}
		if d := fl.DefValue; d != "" && d != "false" && d != "0" {
			usage += fmt.Sprintf(" (default %s)", d)
		}
		rows = append(rows, row{name, usage})
		width = max(width, len(name))
	})
	fmt.Fprint(w, "\nFlags:\n")
	for _, r := range rows {
		fmt.Fprintf(w, "  %-*s  %s\n", width, r.name, r.usage)
	}
}

func (f *flags) hasFlags() bool {
	n := 0
	f.VisitAll(func(fl *flag.Flag) {
		if !f.hidden[fl.Name] {
			n++
		}
	})
	return n > 0
}

// noArgs is the error for arguments given to a command that takes none.
func noArgs(e *env, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return fmt.Errorf("%w: kopij %s takes no arguments, got %q", errUsage, e.path, args)
}

// The flags several commands share, spelled and explained alike.

func srcFlag(f *flags) *string {
	return f.String("src", ".", "site root: the `DIR` holding kopij.toml and content/")
}

func dbFlag(f *flags) *string {
	return f.String("db", "", "SQLite `FILE`, or a postgres:// or postgresql:// DSN; .kopij/subscribers.db under --src when not set")
}

func outFlag(f *flags, usage string) *string {
	out := f.String("out", "", usage)
	f.alias("o", "out")
	return out
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }
