package builder

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// inMountNS is set in the copy of the test binary that TestWriteTmpfs
// runs in a mount namespace of its own.
const inMountNS = "KOPIJ_TEST_IN_MOUNT_NS"

// TestWriteTmpfs writes into real mount points: a tmpfs as the output
// folder (it cannot be renamed, so its contents are replaced), and a
// read-only tmpfs as the output folder and as the folder beside it (the
// build fails before publishing). Mounting needs root and a mount
// namespace, so the test runs itself again inside one; without them it
// skips.
func TestWriteTmpfs(t *testing.T) {
	if os.Getenv(inMountNS) == "" {
		if os.Geteuid() != 0 {
			t.Skip("mounting a tmpfs needs root; TestWriteMountPoint simulates a mount point instead")
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestWriteTmpfs$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), inMountNS+"=1")
		cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		switch {
		case err != nil && !errors.As(err, &exit):
			t.Skipf("cannot start a test in a mount namespace of its own (%v); TestWriteMountPoint simulates a mount point instead", err)
		case err != nil:
			t.Fatalf("in a mount namespace: %v\n%s", err, out)
		case strings.Contains(string(out), "--- SKIP: TestWriteTmpfs"):
			t.Skipf("in a mount namespace:\n%s", out)
		}
		t.Logf("in a mount namespace:\n%s", out)
		return
	}

	mount := func(t *testing.T, dir string) {
		t.Helper()
		must(t, os.MkdirAll(dir, 0o755))
		if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size=16m"); err != nil {
			t.Skipf("mount -t tmpfs %s: %v; TestWriteMountPoint simulates a mount point instead", dir, err)
		}
		t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
	}
	readOnly := func(t *testing.T, dir string) {
		t.Helper()
		must(t, unix.Mount("", dir, "", unix.MS_REMOUNT|unix.MS_RDONLY, ""))
	}

	t.Run("output folder is a tmpfs", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "public")
		mount(t, out)
		if !isMountPoint(out) {
			t.Fatal("isMountPoint does not see the tmpfs")
		}
		must(t, buildSite(t, siteV1).Write(out, WriteOptions{})) // empty mount point
		must(t, os.WriteFile(filepath.Join(out, "stray.txt"), []byte("left by hand"), 0o644))
		site := buildSite(t, siteV2)
		must(t, site.Write(out, WriteOptions{}))
		sameTree(t, out, writtenTree(t, site))
		leftovers(t, parent, "public")
		if !isMountPoint(out) {
			t.Error("the tmpfs is no longer mounted at the output folder")
		}
	})
	t.Run("lost+found at the root of the mount", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "public")
		mount(t, out)
		lf := filepath.Join(out, "lost+found")
		must(t, os.Mkdir(lf, 0o700))
		must(t, os.WriteFile(filepath.Join(lf, "#1234"), []byte("recovered"), 0o600))
		must(t, buildSite(t, siteV1).Write(out, WriteOptions{})) // lost+found alone is an empty file system
		site := buildSite(t, siteV2)
		must(t, site.Write(out, WriteOptions{}))
		want := writtenTree(t, site)
		want["lost+found"] = "/"
		want["lost+found/#1234"] = "recovered"
		sameTree(t, out, want)
	})
	t.Run("bind mount: the kernel refuses the rename", func(t *testing.T) {
		// A bind mount on the same device: the swap's rename fails with
		// EBUSY and Write falls back to replacing the contents.
		parent := t.TempDir()
		out := filepath.Join(parent, "public")
		mount(t, out)
		must(t, buildSite(t, siteV1).Write(out, WriteOptions{}))
		before := tree(t, parent)
		err := buildSite(t, siteV2).writeBeside(out, out, true)
		if !errors.Is(err, errCannotRename) {
			t.Fatalf("swapping a mount point: %v, want errCannotRename (EBUSY or EXDEV from the kernel)", err)
		}
		sameTree(t, parent, before)
	})
	t.Run("read-only tmpfs as the output folder", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "public")
		mount(t, out)
		must(t, buildSite(t, siteV1).Write(out, WriteOptions{}))
		readOnly(t, out)
		before := tree(t, parent)
		err := buildSite(t, siteV2).Write(out, WriteOptions{})
		if !errors.Is(err, syscall.EROFS) || !strings.Contains(err.Error(), "is not writable") || !strings.Contains(err.Error(), "nothing was changed") {
			t.Fatalf("got %v, want a read-only file system refused before publishing", err)
		}
		sameTree(t, parent, before)
	})
	t.Run("read-only tmpfs beside the output folder", func(t *testing.T) {
		parent := filepath.Join(t.TempDir(), "site")
		mount(t, parent)
		out := filepath.Join(parent, "public")
		must(t, buildSite(t, siteV1).Write(out, WriteOptions{}))
		readOnly(t, parent)
		before := tree(t, parent)
		err := buildSite(t, siteV2).Write(out, WriteOptions{})
		if !errors.Is(err, syscall.EROFS) || !strings.Contains(err.Error(), "kopij writes the new site beside it") {
			t.Fatalf("got %v, want a read-only parent refused before publishing", err)
		}
		sameTree(t, parent, before)
	})
}
