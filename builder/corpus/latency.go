package corpus

import (
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// ReportLatency adds the median and 90th percentile of took to a
// benchmark, as median-ms and p90-ms, with the heap in use (heap-MB) and
// the process's peak resident memory (peakRSS-MB, Linux only): the figures
// kopij's rebuild benchmarks are compared by.
func ReportLatency(b *testing.B, took []time.Duration) {
	b.Helper()
	if len(took) == 0 {
		return
	}
	took = slices.Clone(took)
	slices.Sort(took)
	b.ReportMetric(Millis(took[len(took)/2]), "median-ms")
	b.ReportMetric(Millis(took[len(took)*9/10]), "p90-ms")
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/(1<<20), "heap-MB")
	if rss := peakRSS(); rss > 0 {
		b.ReportMetric(rss, "peakRSS-MB")
	}
}

// Millis is d in milliseconds, for benchmark metrics.
func Millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// peakRSS reads the process's peak resident memory in MB from Linux's
// /proc; 0 elsewhere.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
