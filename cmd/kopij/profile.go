package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles starts a CPU profile into cpuFile when it is set; heap
// writes the heap as it is into memFile when that is set (kopij build
// calls it when the site is built, before it is written), and stop ends
// the CPU profile (and removes the heap profile's file when heap never
// ran). Both files are created before the build starts, and
// never over a file that is already there: a mistyped path must not
// replace a post or kopij.toml.
func startProfiles(cpuFile, memFile string) (heap, stop func() error, err error) {
	cpu, err := createProfile("--profile-cpu", cpuFile)
	if err != nil {
		return nil, nil, err
	}
	// undo removes the files made here when the profiles cannot start.
	undo := func(f *os.File, name string) {
		if f != nil {
			f.Close()
			os.Remove(name)
		}
	}
	mem, err := createProfile("--profile-mem", memFile)
	if err != nil {
		undo(cpu, cpuFile)
		return nil, nil, err
	}
	if cpu != nil {
		if err := pprof.StartCPUProfile(cpu); err != nil {
			undo(cpu, cpuFile)
			undo(mem, memFile)
			return nil, nil, fmt.Errorf("--profile-cpu: %w", err)
		}
	}
	heapWritten := false
	stop = func() error {
		if !heapWritten {
			// The build failed before the site was built: no heap to
			// show, and no empty file left behind.
			undo(mem, memFile)
		}
		if cpu == nil {
			return nil
		}
		pprof.StopCPUProfile()
		if err := cpu.Close(); err != nil {
			return fmt.Errorf("--profile-cpu: %w", err)
		}
		return nil
	}
	heap = func() error {
		if mem == nil {
			return nil
		}
		heapWritten = true
		runtime.GC()
		if err := pprof.Lookup("heap").WriteTo(mem, 0); err != nil {
			mem.Close()
			return fmt.Errorf("--profile-mem: %w", err)
		}
		return mem.Close()
	}
	return heap, stop, nil
}

// createProfile creates the profile file of flag, failing when it exists;
// nil when name is "".
func createProfile(flag, name string) (*os.File, error) {
	if name == "" {
		return nil, nil
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%s %s: the file exists; kopij does not write over it (remove it or give another name)", flag, name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flag, err)
	}
	return f, nil
}
