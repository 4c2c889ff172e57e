package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// config is what the flags set.
type config struct {
	Sizes []int
	Runs  int
	Hugo  string // Hugo binary; "" finds or installs it; "off" times kopij only
	Kopij string // kopij binary; "" builds it
	Work  string // folder for corpora and outputs; "" makes one
	Keep  bool   // keep the work folder
	// Rebuilds times kopij build twice more after each full build: with
	// nothing changed, and after a one-post edit.
	Rebuilds bool
	Log      io.Writer
}

// result holds the figures of one corpus size.
type result struct {
	Posts                        int
	Floor                        time.Duration
	FloorRatio                   float64 // median over the runs of kopij's wall time ÷ the floor of the same run
	Kopij, KopijAgain, KopijEdit sample
	Hugo                         sample
	HasHugo                      bool
	KopijCount, HugoCount        counts
	LoadBefore, LoadAfter        string
}

// run measures every size of cfg and writes the tables to w.
func run(ctx context.Context, cfg config, w io.Writer) error {
	results, hugoVer, err := measureAll(ctx, cfg)
	if err != nil {
		return err
	}
	writeTables(w, results, cfg.Runs, hugoVer)
	return nil
}

// measureAll measures every size of cfg. It returns the version of the
// Hugo it timed, "" for none.
func measureAll(ctx context.Context, cfg config) ([]result, string, error) {
	if cfg.Runs < 1 {
		return nil, "", fmt.Errorf("-runs %d: at least one run", cfg.Runs)
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	work := cfg.Work
	if work == "" {
		base := os.TempDir()
		if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
			base = "/dev/shm"
		}
		var err error
		if work, err = os.MkdirTemp(base, "kopij-benchcmp-"); err != nil {
			return nil, "", err
		}
		if !cfg.Keep {
			defer os.RemoveAll(work)
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return nil, "", err
	}
	fmt.Fprintln(cfg.Log, "work folder:", work)

	kopij := cfg.Kopij
	if kopij == "" {
		kopij = filepath.Join(work, "bin", "kopij")
		fmt.Fprintln(cfg.Log, "go build -o", kopij, "./cmd/kopij")
		cmd := exec.CommandContext(ctx, "go", "build", "-o", kopij, "github.com/kopij/kopij/cmd/kopij")
		cmd.Stdout, cmd.Stderr = cfg.Log, cfg.Log
		if err := cmd.Run(); err != nil {
			return nil, "", fmt.Errorf("go build ./cmd/kopij: %w (run benchcmp inside the kopij repository, or pass -kopij PATH)", err)
		}
	}
	var hugo string
	if cfg.Hugo != "off" {
		var err error
		if hugo, err = findHugo(ctx, cfg.Hugo, cfg.Log); err != nil {
			return nil, "", err
		}
	}
	hugoVer := ""
	if hugo != "" {
		out, _ := exec.CommandContext(ctx, hugo, "version").Output()
		hugoVer = hugoVersionOf(out)
	}

	var results []result
	for _, n := range cfg.Sizes {
		r, err := measure(ctx, cfg, work, kopij, hugo, n)
		if err != nil {
			return nil, "", fmt.Errorf("%d posts: %w", n, err)
		}
		results = append(results, r)
	}
	return results, hugoVer, nil
}

// measure writes the corpus of n posts and times every build of it, runs
// interleaved, and checks that both generators wrote the same pages.
func measure(ctx context.Context, cfg config, work, kopij, hugo string, n int) (result, error) {
	r := result{Posts: n, HasHugo: hugo != ""}
	dir := filepath.Join(work, fmt.Sprint(n))
	if err := os.RemoveAll(dir); err != nil {
		return r, err
	}
	fmt.Fprintf(cfg.Log, "%d posts: writing the corpus\n", n)
	s, err := writeSites(dir, n)
	if err != nil {
		return r, err
	}
	kout := filepath.Join(dir, "kopij-public")
	hout := filepath.Join(dir, "hugo-public")
	fout := filepath.Join(dir, "floor-public")
	kopijBuild := func() (sample, error) {
		return runChild(ctx, s.Kopij, kopij, "build", "--future", "--out", kout)
	}
	hugoBuild := func() (sample, error) {
		if err := os.RemoveAll(hout); err != nil {
			return sample{}, err
		}
		return runChild(ctx, s.Hugo, hugo, "--minify", "--buildFuture", "--quiet",
			"--cacheDir", filepath.Join(dir, "hugo-cache"), "--destination", hout)
	}

	var floors []time.Duration
	var ks, kas, kes, hs []sample
	r.LoadBefore = loadAverage()
	for run := range cfg.Runs {
		if err := os.RemoveAll(fout); err != nil {
			return r, err
		}
		f, err := floor(ctx, s.Kopij, fout)
		if err != nil {
			return r, fmt.Errorf("floor: %w", err)
		}
		floors = append(floors, f)
		fmt.Fprintf(cfg.Log, "%d posts, run %d: floor %s\n", n, run+1, seconds(f))

		kopijRuns := func() error {
			if err := os.RemoveAll(kout); err != nil {
				return err
			}
			full, err := kopijBuild()
			if err != nil {
				return err
			}
			ks = append(ks, full)
			if !cfg.Rebuilds {
				fmt.Fprintf(cfg.Log, "%d posts, run %d: kopij %s (CPU %s), %s\n", n, run+1, seconds(full.Wall), seconds(full.CPU), mb(full.PeakRSS))
				return nil
			}
			again, err := kopijBuild()
			if err != nil {
				return err
			}
			if err := editPost(s, n/2, run); err != nil {
				return err
			}
			edit, err := kopijBuild()
			if err != nil {
				return err
			}
			kas, kes = append(kas, again), append(kes, edit)
			fmt.Fprintf(cfg.Log, "%d posts, run %d: kopij %s (CPU %s), %s; again %s; after an edit %s\n",
				n, run+1, seconds(full.Wall), seconds(full.CPU), mb(full.PeakRSS), seconds(again.Wall), seconds(edit.Wall))
			return nil
		}
		hugoRun := func() error {
			if hugo == "" {
				return nil
			}
			h, err := hugoBuild()
			if err != nil {
				return err
			}
			hs = append(hs, h)
			fmt.Fprintf(cfg.Log, "%d posts, run %d: Hugo %s (CPU %s), %s\n", n, run+1, seconds(h.Wall), seconds(h.CPU), mb(h.PeakRSS))
			return nil
		}
		// Alternate which goes first, so neither always meets a warmer or
		// a busier machine.
		order := []func() error{kopijRuns, hugoRun}
		if run%2 == 1 {
			slices.Reverse(order)
		}
		for _, step := range order {
			if err := step(); err != nil {
				return r, err
			}
		}
	}
	r.LoadAfter = loadAverage()
	// Each run's floor is timed next to its kopij build: their ratio,
	// run by run, drifts less with the machine than either time does.
	var ratios []float64
	for i, k := range ks {
		ratios = append(ratios, float64(k.Wall)/float64(floors[i]))
	}
	slices.Sort(ratios)
	r.FloorRatio = ratios[len(ratios)/2]
	slices.Sort(floors)
	r.Floor = floors[len(floors)/2]
	r.Kopij, r.KopijAgain, r.KopijEdit, r.Hugo = median(ks), median(kas), median(kes), median(hs)

	if r.KopijCount, err = countOutput(kout); err != nil {
		return r, err
	}
	if r.KopijCount.Posts != n {
		return r, fmt.Errorf("kopij wrote %d posts, the corpus has %d", r.KopijCount.Posts, n)
	}
	if hugo != "" {
		if r.HugoCount, err = countOutput(hout); err != nil {
			return r, err
		}
		if err := compare(r.KopijCount, r.HugoCount); err != nil {
			return r, err
		}
	}
	// Outputs of a size are not needed once counted.
	if !cfg.Keep {
		for _, d := range []string{kout, hout, fout} {
			if err := os.RemoveAll(d); err != nil {
				return r, err
			}
		}
	}
	return r, nil
}

// loadAverage is the 1, 5 and 15 minute load average on Linux, "" elsewhere.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// writeTables writes the figures as Markdown.
func writeTables(w io.Writer, results []result, runs int, hugoVer string) {
	hasHugo := slices.ContainsFunc(results, func(r result) bool { return r.HasHugo })
	fmt.Fprintf(w, "Medians of %d runs; %s, %d cores (GOMAXPROCS %d), %s.\n", runs, runtime.GOOS+"/"+runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), time.Now().UTC().Format("2006-01-02"))
	if hasHugo {
		fmt.Fprintf(w, "Hugo %s with --minify. Ratios are Hugo ÷ kopij: above 1, kopij is faster or smaller.\n", hugoVer)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| posts | kopij wall, peak | Hugo wall, peak | ratio wall | ratio memory | ratio CPU | floor | kopij ÷ floor | load before → after |")
	fmt.Fprintln(w, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
	for _, r := range results {
		hugoCell, wallR, memR, cpuR := "–", "–", "–", "–"
		if r.HasHugo {
			hugoCell = seconds(r.Hugo.Wall) + ", " + mb(r.Hugo.PeakRSS)
			wallR = times(ratio(float64(r.Hugo.Wall), float64(r.Kopij.Wall)))
			memR = times(ratio(float64(r.Hugo.PeakRSS), float64(r.Kopij.PeakRSS)))
			cpuR = times(ratio(float64(r.Hugo.CPU), float64(r.Kopij.CPU)))
		}
		fmt.Fprintf(w, "| %s | %s, %s | %s | %s | %s | %s | %s | %s | %s → %s |\n", thousands(r.Posts),
			seconds(r.Kopij.Wall), mb(r.Kopij.PeakRSS), hugoCell, wallR, memR, cpuR, seconds(r.Floor), fmt.Sprintf("%.2f×", r.FloorRatio), r.LoadBefore, r.LoadAfter)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| posts | kopij build | again, nothing changed | after a one-post edit | kopij CPU | Hugo CPU |")
	fmt.Fprintln(w, "| ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range results {
		hugoCPU := "–"
		if r.HasHugo {
			hugoCPU = seconds(r.Hugo.CPU)
		}
		again, edit := "–", "–"
		if r.KopijAgain.Wall > 0 {
			again, edit = seconds(r.KopijAgain.Wall), seconds(r.KopijEdit.Wall)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", thousands(r.Posts), seconds(r.Kopij.Wall),
			again, edit, seconds(r.Kopij.CPU), hugoCPU)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| posts | output of | posts | tag pages | tag feeds | category pages | list pages | sitemap entries | files | size |")
	fmt.Fprintln(w, "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range results {
		rows := []struct {
			name string
			c    counts
		}{{"kopij", r.KopijCount}}
		if r.HasHugo {
			rows = append(rows, struct {
				name string
				c    counts
			}{"Hugo", r.HugoCount})
		}
		for _, row := range rows {
			c := row.c
			fmt.Fprintf(w, "| %s | %s | %d | %d | %d | %d | %d | %d | %d | %s |\n", thousands(r.Posts), row.name,
				c.Posts, c.TagPages, c.TagFeeds, c.CatPages, c.ListPages, c.Sitemap, c.Files, mb(c.Bytes))
		}
	}
}

func seconds(d time.Duration) string {
	if d < 10*time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

func times(r float64) string {
	if r == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f×", r)
}

// thousands writes 10000 as 10,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
