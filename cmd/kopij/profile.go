package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles starts a CPU profile into cpuFile when it is set; heap
// writes the heap as it is into memFile when that is set (kopij build
// calls it when the site is built, before it is written), and stop ends
// the CPU profile.
func startProfiles(cpuFile, memFile string) (heap, stop func() error, err error) {
	var cpu *os.File
	if cpuFile != "" {
		if cpu, err = os.Create(cpuFile); err != nil {
			return nil, nil, fmt.Errorf("--profile-cpu: %w", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, nil, fmt.Errorf("--profile-cpu: %w", err)
		}
	}
	stop = func() error {
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
		if memFile == "" {
			return nil
		}
		f, err := os.Create(memFile)
		if err != nil {
			return fmt.Errorf("--profile-mem: %w", err)
		}
		runtime.GC()
		if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
			f.Close()
			return fmt.Errorf("--profile-mem: %w", err)
		}
		return f.Close()
	}
	return heap, stop, nil
}
