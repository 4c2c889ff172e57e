package builder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// OutputMarker is the file every output folder kopij writes carries at
// its root. Write replaces a folder that holds files only when the marker
// is there (or WriteOptions.Force is set): a folder without it holds files
// kopij did not write. The marker is not a page of the site; it is in no
// sitemap or feed, and harmless on a static host.
const OutputMarker = ".kopij-output"

// markerText is the one line of OutputMarker.
const markerText = "kopij build wrote this folder and replaces it whole on the next build; files added here by hand are removed then.\n"

// ErrOutputIsSource and ErrOutputNotOurs are the two reasons Write refuses
// an output folder; errors.Is tells them apart.
var (
	ErrOutputIsSource = errors.New("the output folder is, holds or is inside the site's sources")
	ErrOutputNotOurs  = errors.New("the output folder holds files kopij did not write")
)

// OutputError is Write refusing the folder it was given, before writing
// anything.
type OutputError struct {
	Name   string // the folder as the user named it, e.g. "--out ."
	Reason string // why kopij refuses it and what to pass instead
	Err    error  // ErrOutputIsSource or ErrOutputNotOurs
}

func (e *OutputError) Error() string { return e.Name + ": " + e.Reason }
func (e *OutputError) Unwrap() error { return e.Err }

// CheckOutput refuses an output folder out that would replace the sources
// of the site in the folder src: the site folder itself, a folder holding
// it, or one that is, holds or sits inside what a build reads (kopij.toml,
// content/, static/, layouts/, _includes/, the theme folder in use
// themes/<theme>; see Sources), .kopij/ or the subscriber database
// .kopij/subscribers.db. Relative paths and symbolic links are
// resolved first, so "--out ./content/.." and a link to the site folder are
// both refused. name is how the user named out, for the message.
func CheckOutput(src, out, theme, name string) error {
	o, err := resolvePath(out)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	root, err := resolvePath(src)
	if err != nil {
		return fmt.Errorf("site folder %s: %w", src, err)
	}
	fix := "Pass a folder of its own, such as --out " + filepath.Join(src, "public")
	refuse := func(reason string) error {
		return &OutputError{Name: name, Reason: reason + "; kopij would replace your sources. " + fix, Err: ErrOutputIsSource}
	}
	switch {
	case o == root:
		return refuse("that is the site folder itself")
	case isBelow(root, o):
		return refuse(fmt.Sprintf("that folder holds the site folder %s", src))
	}
	if theme == "" {
		theme = "default"
	}
	type source struct{ rel, what string }
	var sources []source
	for _, rel := range Sources() { // what a build reads
		switch rel {
		case ConfigFile:
			sources = append(sources, source{rel, "the site's configuration " + ConfigFile})
		case themesDir: // only the theme in use: themes/other may take a build
			sources = append(sources, source{filepath.Join(themesDir, theme), "the theme folder in use, " + themesDir + "/" + theme})
		default:
			sources = append(sources, source{filepath.FromSlash(rel), "the site's " + rel + "/ folder"})
		}
	}
	sources = append(sources,
		source{".kopij", "the site's .kopij/ folder with the subscriber database"},
		source{filepath.Join(".kopij", "subscribers.db"), "the subscriber database .kopij/subscribers.db"})
	paths := make([]string, len(sources))
	for i, s := range sources {
		p, err := resolvePath(filepath.Join(root, s.rel))
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(src, s.rel), err)
		}
		paths[i] = p
	}
	// The closest relation first: "is" before "is inside" before "holds".
	for i, p := range paths {
		if o == p {
			return refuse("that is " + sources[i].what)
		}
	}
	for i, p := range paths {
		if isBelow(o, p) {
			return refuse("that is inside " + sources[i].what)
		}
	}
	for i, p := range paths {
		if isBelow(p, o) {
			return refuse("that folder holds " + sources[i].what)
		}
	}
	return nil
}

// isBelow reports whether path p lies below folder dir; both are clean
// absolute paths.
func isBelow(p, dir string) bool {
	if dir == string(filepath.Separator) || strings.HasSuffix(dir, `:\`) {
		return p != dir && strings.HasPrefix(p, dir)
	}
	return strings.HasPrefix(p, dir+string(filepath.Separator))
}

// resolvePath makes p absolute and resolves the symbolic links in the part
// of it that exists; the part that does not exist yet is kept as written.
func resolvePath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	cur, rest := abs, ""
	for {
		r, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(r, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// outState is what an output folder holds before Write replaces it.
type outState int

const (
	outMissing outState = iota // no such path
	outEmpty                   // a folder without entries
	outOurs                    // a folder with OutputMarker
	outForeign                 // a folder with entries and no marker
)

// inspectOut tells what the output folder out holds; a path that is there
// but no folder is an error. At a mount point, the lost+found folder of
// its file system is no file of anyone's and does not count.
func inspectOut(out, name string, mount bool) (outState, error) {
	info, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return outMissing, nil
	}
	if err != nil {
		return 0, err
	}
	if !info.IsDir() {
		return 0, fmt.Errorf("%s: %s exists and is not a folder (move it away or choose another --out)", name, out)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return mount && isLostFound(e) })
	if len(entries) == 0 {
		return outEmpty, nil
	}
	if m, err := os.Lstat(filepath.Join(out, OutputMarker)); err == nil && m.Mode().IsRegular() {
		return outOurs, nil
	}
	return outForeign, nil
}

// isLostFound reports whether e is the lost+found folder that ext4 and
// its kin keep at the root of a file system.
func isLostFound(e fs.DirEntry) bool { return e.Name() == "lost+found" && e.IsDir() }

// foreignError is the refusal to replace a folder kopij did not write.
func foreignError(name string) error {
	return &OutputError{Name: name, Err: ErrOutputNotOurs, Reason: "this folder holds files kopij did not write (it has no " + OutputMarker +
		"), and a build replaces the whole folder, which would delete them. Pass --force to replace it anyway (also right for a folder an older kopij wrote), or choose an empty folder"}
}
