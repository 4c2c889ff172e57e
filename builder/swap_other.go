//go:build !linux

package builder

import "errors"

// exchange is not available outside Linux; swapDir falls back to two renames.
func exchange(a, b string) error { return errors.ErrUnsupported }

// isMountPoint is not known outside Linux; a rename failing with EBUSY or
// EXDEV tells Write instead.
func isMountPoint(dir string) bool { return false }

// writable creates a file in dir and removes it again, where access(2) is
// not at hand.
func writable(dir string) error { return probe(dir) }
