// Package browsertest starts the headless Chromium that kopij's browser
// tests and benchmarks drive: the binary comes from KOPIJ_CHROMIUM, and a
// test without it is skipped, except on CI (CI=true), where it fails.
package browsertest

import (
	"context"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// Path returns the Chromium binary from KOPIJ_CHROMIUM, skipping the test
// without it (failing on CI, where it must run).
func Path(tb testing.TB) string {
	tb.Helper()
	p := os.Getenv("KOPIJ_CHROMIUM")
	if p == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("KOPIJ_CHROMIUM is not set on CI; .ci/run must install Chromium and set it")
		}
		tb.Skip("browser test skipped: set KOPIJ_CHROMIUM to the chromium binary, e.g. KOPIJ_CHROMIUM=/usr/bin/chromium")
	}
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("KOPIJ_CHROMIUM=%s: %v", p, err)
	}
	return p
}

// Start starts a headless Chromium at path with a fresh profile and
// returns a context with one tab. The browser stops when the test ends.
func Start(tb testing.TB, parent context.Context, path string) context.Context {
	tb.Helper()
	actx, cancelAlloc := chromedp.NewExecAllocator(parent,
		chromedp.ExecPath(path),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	)
	ctx, cancelTab := chromedp.NewContext(actx)
	tb.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("start chromium %s: %v", path, err)
	}
	return ctx
}
