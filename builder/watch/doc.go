// Package watch reports changes below a folder in batches, as an editor's
// save or a git checkout makes them: one burst of file events becomes one
// Batch of changed paths. It knows nothing of what the files are; kopij
// serve asks for the site's source folders and leaves out editors' noise.
//
// # Watching
//
// New watches the root folder and, below it, each of Options.Paths (every
// path when it is empty), folders created later included. fsnotify watches
// one folder at a time, so a folder created, renamed or removed gains or
// drops the watches of everything below it, and a renamed folder's old
// name is never reported again.
//
// # Batches
//
// Run sends a Batch once no event came for Options.Quiet (default 20ms),
// or Options.MaxWait (default 1s) after the first event of a burst that
// does not stop. Paths are slash paths relative to the root, sorted, each
// once; a folder's path stands for everything below it. Chmod-only events
// and names for which Options.Ignore reports true (and everything below
// them) are left out. When the kernel's event queue overflows, the batch
// says Rescan: events were lost, so look at every file again.
//
// A batch is sent only when the receiver takes it: changes that arrive
// while the receiver is busy, say rebuilding, gather into the next batch
// instead of queueing one batch each.
package watch
