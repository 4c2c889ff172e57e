package builder

import (
	"errors"
	"fmt"
	"io/fs"
)

// LineError is a problem at a line of a source file: a post's front
// matter, kopij.toml, a theme template. Its message reads
// "content/posts/x.md:12: what is wrong (how to fix it)". Build returns
// every problem it found joined with errors.Join; Errors lists them.
type LineError struct {
	File string // path relative to the site root, e.g. "content/posts/x.md" or "themes/default/layouts/post.html"
	Line int    // 1-based; 0 when the whole file is meant
	Msg  string // what is wrong and how to fix it
	Err  error  // the error of the parser or template package behind it, or nil
}

func (e *LineError) Error() string {
	switch {
	case e.File == "":
		return e.Msg
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Unwrap returns the error behind the problem, if any.
func (e *LineError) Unwrap() error { return e.Err }

// Errors lists the problems of a failed build one by one, in the order
// Build reported them: each *LineError, and every other problem (two
// outputs claiming one path, a failed minifier) as a LineError without
// File. It returns nil for nil.
func Errors(err error) []*LineError {
	if err == nil {
		return nil
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*LineError
		for _, e := range joined.Unwrap() {
			out = append(out, Errors(e)...)
		}
		return out
	}
	if le, ok := errors.AsType[*LineError](err); ok {
		return []*LineError{le}
	}
	return []*LineError{{Msg: err.Error(), Err: err}}
}

// fileError is a problem reading a whole file.
func fileError(file string, err error) *LineError {
	msg := err.Error()
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		msg = pe.Op + ": " + pe.Err.Error()
	}
	return &LineError{File: file, Msg: msg, Err: err}
}
