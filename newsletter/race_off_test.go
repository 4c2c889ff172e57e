//go:build !race

package newsletter_test

const raceDetector = false
