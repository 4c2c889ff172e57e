package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// hugoVersion is the Hugo release benchcmp compares with.
const hugoVersion = "v0.165.0"

// findHugo returns the Hugo binary to time: path when set, else the one in
// the cache folder, which go install puts there when it is missing.
func findHugo(ctx context.Context, path string, log io.Writer) (string, error) {
	if path != "" {
		return path, checkHugo(ctx, path, log)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache folder for Hugo (%v); pass -hugo PATH", err)
	}
	bin := filepath.Join(cache, "kopij-benchcmp", "hugo-"+hugoVersion)
	path = filepath.Join(bin, "hugo")
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(log, "installing Hugo %s into %s (go install, a few minutes)\n", hugoVersion, bin)
		cmd := exec.CommandContext(ctx, "go", "install", "github.com/gohugoio/hugo@"+hugoVersion)
		cmd.Env = append(os.Environ(), "GOBIN="+bin)
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("go install github.com/gohugoio/hugo@%s: %w; pass -hugo PATH or -hugo off", hugoVersion, err)
		}
	}
	return path, checkHugo(ctx, path, log)
}

// checkHugo runs hugo version; another version than hugoVersion is timed
// too, with a warning, since the table names the version it ran.
func checkHugo(ctx context.Context, path string, log io.Writer) error {
	out, err := exec.CommandContext(ctx, path, "version").Output()
	if err != nil {
		return fmt.Errorf("%s version: %w; pass -hugo PATH to a Hugo binary or -hugo off", path, err)
	}
	if v := hugoVersionOf(out); v != hugoVersion {
		fmt.Fprintf(log, "warning: %s is Hugo %s, not %s\n", path, v, hugoVersion)
	}
	return nil
}

// hugoVersionOf picks "v0.165.0" out of "hugo v0.165.0+extended linux/amd64 ...".
func hugoVersionOf(out []byte) string {
	f := strings.Fields(string(bytes.TrimSpace(out)))
	if len(f) < 2 {
		return strings.TrimSpace(string(out))
	}
	v, _, _ := strings.Cut(f[1], "+")
	v, _, _ = strings.Cut(v, "-")
	return v
}
