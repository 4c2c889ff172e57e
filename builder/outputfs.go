package builder

import (
	"bytes"
	"io/fs"
	"path"
	"time"
)

// FS returns the built site as a read-only file system: the output files
// by their paths ("feed.json", "posts/x/index.html"), generated ones from
// memory and copied ones from where they are copied from. It lists no
// folders; it is for reading files by name, as the newsletter renderer
// reads feed.json and the sizes of images.
func (s *Site) FS() fs.FS { return outputFS{s} }

type outputFS struct{ s *Site }

func (f outputFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	out := f.s.Files[name]
	if out == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if out.Data == nil && out.FS != nil {
		return out.FS.Open(out.Source)
	}
	return &memFile{Reader: bytes.NewReader(out.Data), name: path.Base(name), size: int64(len(out.Data))}, nil
}

// memFile is a generated output opened for reading.
type memFile struct {
	*bytes.Reader
	name string
	size int64
}

func (m *memFile) Stat() (fs.FileInfo, error) { return memInfo{m.name, m.size}, nil }
func (m *memFile) Close() error               { return nil }

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }
