//go:build race

package newsletter_test

// raceDetector is true in a test binary built with -race, whose
// instrumentation slows Go code many times over and so distorts timings.
const raceDetector = true
