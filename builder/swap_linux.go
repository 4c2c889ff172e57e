package builder

import (
	"io/fs"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// exchange swaps two paths atomically (renameat2 RENAME_EXCHANGE).
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// isMountPoint reports whether dir is the root of a file system of its
// own (a Docker volume, a tmpfs), which cannot be renamed. A bind mount of
// a folder on the same device is not noticed here; its rename fails with
// EBUSY instead, which Write handles the same way.
func isMountPoint(dir string) bool {
	var d, p unix.Stat_t
	if unix.Stat(dir, &d) != nil || unix.Stat(filepath.Dir(dir), &p) != nil {
		return false
	}
	return d.Dev != p.Dev
}

// writable reports why entries in dir cannot be added or removed, or nil:
// access(2), which also knows a read-only file system, without writing.
func writable(dir string) error {
	if err := unix.Access(dir, unix.W_OK|unix.X_OK); err != nil {
		return &fs.PathError{Op: "access", Path: dir, Err: err}
	}
	return nil
}
