package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// sample is one build: wall time, CPU time (user and system) and peak
// resident memory of the process.
type sample struct {
	Wall, CPU time.Duration
	PeakRSS   int64 // bytes; 0 where the platform does not report it
}

// runChild runs a build command and measures it. Its output is kept for the
// error message when it fails.
func runChild(ctx context.Context, dir string, name string, args ...string) (sample, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	s := sample{Wall: time.Since(start)}
	if err != nil {
		return s, fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(out.String(), 2000))
	}
	st := cmd.ProcessState
	s.CPU = st.UserTime() + st.SystemTime()
	s.PeakRSS = peakRSS(st)
	return s, nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// median is the median of each field on its own.
func median(ss []sample) sample {
	if len(ss) == 0 {
		return sample{}
	}
	pick := func(f func(sample) int64) int64 {
		v := make([]int64, len(ss))
		for i, s := range ss {
			v[i] = f(s)
		}
		slices.Sort(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return sample{
		Wall:    time.Duration(pick(func(s sample) int64 { return int64(s.Wall) })),
		CPU:     time.Duration(pick(func(s sample) int64 { return int64(s.CPU) })),
		PeakRSS: pick(func(s sample) int64 { return s.PeakRSS }),
	}
}
