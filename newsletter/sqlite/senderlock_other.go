//go:build !unix

package sqlite

import (
	"errors"
	"os"
)

var errLocked = errors.New("locked by another process")

// lockFile does not lock across processes here: run one sender at a time.
func lockFile(*os.File) error { return nil }

func unlockFileHandle(*os.File) {}
