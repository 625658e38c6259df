package safewrite

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"
)

// LinkError is the error of a write whose path runs through a symbolic
// link below the Dir.
type LinkError struct {
	// Path is the link, slash-separated and relative to the Dir.
	Path string
}

func (e *LinkError) Error() string {
	return fmt.Sprintf("%s is a symbolic link, which octosync never writes through: replace it with a real folder or file (a repository must not redirect writes elsewhere)", e.Path)
}

// Dir is a folder to write in. Its methods are safe for concurrent use.
type Dir struct {
	root *os.Root
	path string
}

// Open opens the folder dir (following links in dir itself).
func Open(dir string) (*Dir, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Dir{root: r, path: dir}, nil
}

// Close releases the folder.
func (d *Dir) Close() error { return d.root.Close() }

// check refuses rel when it is not a clean relative path, or when any of
// its components that exist is a symbolic link. Folders named in rel must
// be folders (when they exist); the last component may be anything else
// but a link.
func (d *Dir) check(rel string) error { return d.checkSeen(rel, nil) }

// checkSeen is check, skipping the folders in seen and adding to it the
// folders it finds: a batch checks each folder once, each file's own
// component always. seen also records a component found missing (false),
// below which nothing exists either: a batch into a folder that does not
// exist yet (a bulk export) costs one look, not one per file.
func (d *Dir) checkSeen(rel string, seen map[string]bool) error {
	if !fs.ValidPath(rel) || rel == "." {
		return fmt.Errorf("%q: not a path inside %s", rel, d.path)
	}
	parts := strings.Split(rel, "/")
	for i := range parts {
		p := strings.Join(parts[:i+1], "/")
		folder := i < len(parts)-1
		if exists, looked := seen[p]; folder && looked {
			if !exists {
				return nil
			}
			continue
		}
		fi, err := d.root.Lstat(filepath.FromSlash(p))
		if errors.Is(err, fs.ErrNotExist) {
			if folder && seen != nil {
				seen[p] = false
			}
			return nil // nothing below a missing component exists either
		}
		if err != nil {
			return fmt.Errorf("%s: %w", p, unwrap(err))
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return &LinkError{Path: p}
		}
		if folder && !fi.IsDir() {
			return fmt.Errorf("%s: not a folder", p)
		}
		if folder && seen != nil {
			seen[p] = true
		}
	}
	return nil
}

// Check reports, without writing, whether rel could be written: no
// component of it is a symbolic link (a *LinkError otherwise).
func (d *Dir) Check(rel string) error { return d.check(rel) }

// CheckAll is Check of every path of rels, each folder looked at once.
func (d *Dir) CheckAll(rels []string) error {
	seen := map[string]bool{}
	for _, rel := range rels {
		if err := d.checkSeen(rel, seen); err != nil {
			return err
		}
	}
	return nil
}

// MkdirAll creates the folder rel and its parents, refusing links; "."
// (the Dir itself) exists already.
func (d *Dir) MkdirAll(rel string) error {
	if rel == "." {
		return nil
	}
	if err := d.check(rel); err != nil {
		return err
	}
	if err := d.root.MkdirAll(filepath.FromSlash(rel), 0o755); err != nil {
		return fmt.Errorf("%s: %w", rel, unwrap(err))
	}
	// A link created meanwhile is caught here; os.Root kept the folder
	// inside the Dir in any case.
	return d.check(rel)
}

// OpenFile opens rel with flag, refusing links (O_NOFOLLOW on the last
// component where the system has it, Lstat checks of every component).
func (d *Dir) OpenFile(rel string, flag int, perm fs.FileMode) (*os.File, error) {
	if err := d.check(rel); err != nil {
		return nil, err
	}
	f, err := d.root.OpenFile(filepath.FromSlash(rel), flag|noFollow, perm)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, unwrap(err))
	}
	return f, nil
}

// Symlink creates rel as a symbolic link to target, refusing a link on the
// way to it and anything already at rel. The link is made, never followed:
// for a copy of a tree that holds links (a commit materialized to be
// checked as validate checks a checkout).
func (d *Dir) Symlink(target, rel string) error {
	if err := d.check(rel); err != nil {
		return err
	}
	if err := d.root.Symlink(target, filepath.FromSlash(rel)); err != nil {
		return fmt.Errorf("%s: %w", rel, unwrap(err))
	}
	return nil
}

// Remove removes the file rel; a missing file is not an error. A link in
// the way is refused rather than removed.
func (d *Dir) Remove(rel string) error {
	if err := d.check(rel); err != nil {
		return err
	}
	if err := d.root.Remove(filepath.FromSlash(rel)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: %w", rel, unwrap(err))
	}
	return nil
}

// TempPrefix is the name prefix of WriteFile's temporary files for the
// file called name: "." + name + ".tmp-". They are dotfiles, which the
// repository walk skips.
func TempPrefix(name string) string { return "." + name + ".tmp-" }

// File is one file for WriteFiles.
type File struct {
	Path string // slash-separated, relative to the Dir
	Data []byte
	Perm fs.FileMode // for a new file; an existing one keeps its own
}

// WriteFile replaces rel with data, atomically: see the package comment.
// An existing file keeps its permissions; a new one gets perm. The folder
// of rel must exist.
func (d *Dir) WriteFile(rel string, data []byte, perm fs.FileMode) error {
	return d.WriteFiles([]File{{Path: rel, Data: data, Perm: perm}})
}

// parallel bounds the temporary files WriteFiles writes at once: where
// each is flushed, the system commits concurrent flushes together, which is
// most of the saving over one after the other.
const parallel = 8

// syncFile and syncFilesystem flush one file or folder, and a whole
// filesystem; tests count the calls.
var (
	syncFile       = (*os.File).Sync
	syncFilesystem = syncFS
)

// WriteFiles replaces every file, each atomically, in phases: every
// content goes to its own temporary file; only when all of them are
// written are they renamed over their targets. A failure before the
// renames leaves every target as it was. The folders of the files must
// exist.
//
// Durability is paid once per batch where the system can flush a whole
// filesystem (syncfs(2), Linux): once before the renames when a target
// already exists (its earlier content is replaced only by content on
// disk), and once after them. A batch of new files, such as a bulk
// export, has no earlier content to protect and costs one flush. A single
// file, or a system without syncfs, flushes each temporary file before the
// renames and each folder after them.
func (d *Dir) WriteFiles(files []File) error { return d.MoveAndWriteFiles(nil, files) }

// Move is one folder MoveAndWriteFiles moves into place: From and To are
// slash paths relative to the Dir.
type Move struct{ From, To string }

// MoveAndWriteFiles is WriteFiles that also moves folders into place (a
// staged part of a bulk export, see CreateFiles): each folder of moves is
// renamed to its To, which must not exist, after every file's temporary
// file is written and before any is renamed. Durability is paid once for
// the moves and the files together: one flush of the filesystem where
// the system has syncfs, else a flush of each folder moved into.
func (d *Dir) MoveAndWriteFiles(moves []Move, files []File) error {
	batch := haveSyncFS && len(files)+len(moves) > 1
	for _, m := range moves {
		if err := d.check(m.From); err != nil {
			return err
		}
		if err := d.check(m.To); err != nil {
			return err
		}
		if _, err := d.root.Lstat(filepath.FromSlash(m.To)); err == nil {
			return fmt.Errorf("%s: exists already", m.To)
		}
	}
	folders, err := d.openFolders(files)
	if err != nil {
		return err
	}
	defer folders.close()
	tmps, replacing, err := d.writeTemps(files, folders, !batch)
	if err != nil {
		return err
	}
	if batch && replacing {
		if err := d.syncFS(); err != nil {
			folders.removeTemps(files, tmps)
			return err
		}
	}
	for i, m := range moves {
		if err := d.root.Rename(filepath.FromSlash(m.From), filepath.FromSlash(m.To)); err != nil {
			d.moveBack(moves[:i])
			folders.removeTemps(files, tmps)
			return fmt.Errorf("%s: %w", m.To, unwrap(err))
		}
	}
	for i, file := range files {
		dir, name := path.Split(file.Path)
		if err := folders[path.Clean(dir)].Rename(tmps[i], name); err != nil {
			d.moveBack(moves)
			folders.removeTemps(files[i:], tmps[i:])
			return fmt.Errorf("%s: %w", file.Path, unwrap(err))
		}
	}
	if batch {
		return d.syncFS()
	}
	synced := map[string]bool{}
	for dir := range folders {
		synced[dir] = true
		if err := d.syncDir(dir); err != nil {
			return err
		}
	}
	for _, m := range moves {
		if dir := path.Dir(m.To); !synced[dir] {
			synced[dir] = true
			if err := d.syncDir(dir); err != nil {
				return err
			}
		}
	}
	return nil
}

// moveBack undoes moves after a failure, so that the folders moved are
// where the caller can remove them.
func (d *Dir) moveBack(moves []Move) {
	for _, m := range moves {
		_ = d.root.Rename(filepath.FromSlash(m.To), filepath.FromSlash(m.From))
	}
}

// MkdirTemp creates a new folder in the Dir named prefix followed by a
// random suffix, and returns its name: a private folder to stage files
// in (CreateFiles) before MoveAndWriteFiles moves them into place. Start
// prefix with a dot, so that a repository walk skips it.
func (d *Dir) MkdirTemp(prefix string) (string, error) {
	name := prefix + randomSuffix()
	if err := d.check(name); err != nil {
		return "", err
	}
	if err := d.root.Mkdir(name, 0o755); err != nil {
		return "", fmt.Errorf("%s: %w", name, unwrap(err))
	}
	return name, nil
}

// RemoveAll removes rel and everything in it (a staging folder given up),
// never following a link: a link in the way of rel is refused, and a link
// inside it is removed, not its target. A missing rel is not an error.
func (d *Dir) RemoveAll(rel string) error {
	if err := d.check(rel); err != nil {
		return err
	}
	if err := d.root.RemoveAll(filepath.FromSlash(rel)); err != nil {
		return fmt.Errorf("%s: %w", rel, unwrap(err))
	}
	return nil
}

// CreateFiles creates every file of files, each new (one that exists is
// an error), written in place rather than through a temporary file: for a
// folder of MkdirTemp that no reader sees until MoveAndWriteFiles moves it
// into place, so a half-written file is never visible. Their folders must
// exist. Where the system has syncfs they are not flushed here: the flush
// of the MoveAndWriteFiles that moves them pays for them; elsewhere each
// file and folder is flushed now.
//
// Where nothing is flushed here the files are created one after another:
// a bulk export creates them while it reads the API on the same cores, and
// creating eight at once took the cores its answers wait for
// (docs/performance.md). Files flushed one by one are written `parallel` at
// once, as WriteFiles writes them.
func (d *Dir) CreateFiles(files []File) error {
	folders, err := d.openFolders(files)
	if err != nil {
		return err
	}
	defer folders.close()
	if haveSyncFS {
		for _, file := range files {
			if err := createFile(folders[path.Dir(file.Path)], file, false); err != nil {
				return err
			}
		}
		return nil
	}
	var g errgroup.Group
	g.SetLimit(parallel)
	for _, file := range files {
		g.Go(func() error { return createFile(folders[path.Dir(file.Path)], file, true) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	for dir := range folders {
		if err := d.syncDir(dir); err != nil {
			return err
		}
	}
	return nil
}

// createFile creates file, which must not exist, in its folder dir, and
// writes its content, flushed when flush is set.
func createFile(dir *os.Root, file File, flush bool) error {
	f, err := dir.OpenFile(path.Base(file.Path), os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, file.Perm)
	if err != nil {
		return fmt.Errorf("%s: %w", file.Path, unwrap(err))
	}
	_, err = f.Write(file.Data)
	if err == nil {
		err = f.Chmod(file.Perm) // the umask narrowed it at creation
	}
	if err == nil && flush {
		err = syncFile(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", file.Path, unwrap(err))
	}
	return nil
}

// folders are the folders of a batch, each opened once: its files are
// written, checked and renamed relative to it, one system call each
// rather than a walk from the Dir for every file. Keys are slash paths
// relative to the Dir, "." for the Dir itself.
type folders map[string]*os.Root

// openFolders checks and opens the folder of every file. A folder is
// checked for links before it is opened and again after (as MkdirAll
// does): a link planted in between is caught, and os.Root keeps the
// folder inside the Dir in any case.
func (d *Dir) openFolders(files []File) (folders, error) {
	out := folders{}
	seen := map[string]bool{}
	for _, file := range files {
		dir := path.Dir(file.Path)
		if _, ok := out[dir]; ok {
			continue
		}
		if err := d.checkSeen(file.Path, seen); err != nil {
			out.close()
			return nil, err
		}
		r, err := d.root.OpenRoot(filepath.FromSlash(dir))
		if err == nil && dir != "." {
			err = d.check(dir)
		}
		if err != nil {
			if r != nil {
				r.Close()
			}
			out.close()
			return nil, fmt.Errorf("%s: %w", file.Path, unwrap(err))
		}
		out[dir] = r
	}
	return out, nil
}

func (f folders) close() {
	for _, r := range f {
		r.Close()
	}
}

// removeTemps removes the temporary files tmps of files ("" for none).
func (f folders) removeTemps(files []File, tmps []string) {
	for i, tmp := range tmps {
		if tmp != "" {
			_ = f[path.Dir(files[i].Path)].Remove(tmp)
		}
	}
}

// writeTemps writes every file's temporary file, flushed when flush is
// set, and reports whether any target exists already. On failure it
// removes every temporary file it wrote.
func (d *Dir) writeTemps(files []File, in folders, flush bool) (tmps []string, replacing bool, err error) {
	tmps = make([]string, len(files))
	existed := make([]bool, len(files))
	errs := make([]error, len(files))
	var g errgroup.Group
	g.SetLimit(parallel)
	for i, file := range files {
		g.Go(func() error {
			tmps[i], existed[i], errs[i] = writeTemp(in[path.Dir(file.Path)], file, flush)
			return nil
		})
	}
	_ = g.Wait() // every error is kept in errs, to remove every temp file
	if err := errors.Join(errs...); err != nil {
		in.removeTemps(files, tmps)
		return nil, false, err
	}
	return tmps, slices.Contains(existed, true), nil
}

// writeTemp writes file's content to a new temporary file beside it in its
// folder dir, flushed to disk when flush is set, and returns the temporary
// file's name in dir and whether the target exists. The target must not be
// a link, nor anything but a regular file.
func writeTemp(dir *os.Root, file File, flush bool) (string, bool, error) {
	name := path.Base(file.Path)
	perm, existed := file.Perm, false
	if fi, err := dir.Lstat(name); err == nil {
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			return "", false, &LinkError{Path: file.Path}
		case !fi.Mode().IsRegular():
			return "", false, fmt.Errorf("%s: not a regular file", file.Path)
		}
		perm, existed = fi.Mode().Perm(), true
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", false, fmt.Errorf("%s: %w", file.Path, unwrap(err))
	}
	tmp := TempPrefix(name) + randomSuffix()
	f, err := dir.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, perm)
	if err != nil {
		return "", false, fmt.Errorf("%s: %w", file.Path, unwrap(err))
	}
	_, err = f.Write(file.Data)
	if err == nil {
		err = f.Chmod(perm) // the umask narrowed it at creation
	}
	if err == nil && flush {
		err = syncFile(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = dir.Remove(tmp)
		return "", false, fmt.Errorf("%s: %w", file.Path, unwrap(err))
	}
	return tmp, existed, nil
}

// Flush starts durability early: it flushes what CreateFiles has
// created so far where the system has syncfs (elsewhere CreateFiles
// flushed each file already, and Flush does nothing). It only moves work
// earlier: MoveAndWriteFiles still flushes after its renames, and has
// less left to write.
func (d *Dir) Flush() error {
	if !haveSyncFS {
		return nil
	}
	return d.syncFS()
}

// syncFS flushes the filesystem of the Dir: every file and folder written
// to it, the batch's included.
func (d *Dir) syncFS() error {
	f, err := d.root.Open(".")
	if err != nil {
		return fmt.Errorf("%s: %w", d.path, unwrap(err))
	}
	defer f.Close()
	if err := syncFilesystem(f); err != nil {
		return fmt.Errorf("%s: flushing the written files to disk: %w", d.path, err)
	}
	return nil
}

// syncDir flushes the folder rel, so that a rename in it survives a crash.
// Systems that cannot sync a folder are not an error.
func (d *Dir) syncDir(rel string) error {
	f, err := d.root.Open(filepath.FromSlash(rel))
	if err != nil {
		return nil
	}
	defer f.Close()
	if err := syncFile(f); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("%s: %w", rel, unwrap(err))
	}
	return nil
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// unwrap drops the *fs.PathError whose path the caller names already.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// WritePath writes a file the user named (an output file such as a saved
// plan or a JUnit report), atomically in its folder. A checkout may plant
// links where CI writes its reports, so every component of path below the
// working directory is checked, the folders as well as the file: a link
// anywhere there is a *LinkError. A path outside the working directory is
// the operator's own: only its last component is checked. The folder must
// exist.
func WritePath(path string, data []byte, perm fs.FileMode) error {
	base, rel, err := splitAtWorkDir(path)
	if err != nil {
		return err
	}
	d, err := Open(base)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.WriteFile(rel, data, perm)
}

// splitAtWorkDir splits path into the folder a Dir is opened on and the
// slash path below it that WriteFile checks: the working directory and the
// path relative to it when path lies under it, else path's folder and name.
func splitAtWorkDir(path string) (base, rel string, err error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", "", err
	}
	abs := path
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(wd, path)
	}
	r, err := filepath.Rel(wd, filepath.Clean(abs))
	if err == nil && r != "." && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return wd, filepath.ToSlash(r), nil
	}
	return filepath.Dir(abs), filepath.Base(abs), nil
}
