// Package serve is kopij serve's dev server: it serves the last good build
// of a builder.Builder from memory, rebuilds for every batch of changes a
// watch.Watcher reports, and tells the browsers to reload.
package serve
