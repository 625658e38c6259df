package gitrepo

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/octosync/octosync/internal/safewrite"
)

// ErrNotCommit says a revision names an object that is not a commit (a
// tree or a blob sha).
var ErrNotCommit = errors.New("not a commit")

// CommitAt describes the commit rev names (see ReadFileAt for the forms
// rev may take): ErrUnknownRevision when it names nothing, ErrNotCommit
// when it names a tree or a blob.
func (r *Repo) CommitAt(rev string) (Commit, error) {
	c, err := r.commitObject(rev)
	if err != nil {
		return Commit{}, err
	}
	return commitOf(c), nil
}

func (r *Repo) commitObject(rev string) (*object.Commit, error) {
	h, err := r.resolve(rev)
	if err != nil {
		return nil, err
	}
	c, err := r.repo.CommitObject(h)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (give a commit: a sha, a branch, a tag or HEAD~N)", rev, ErrNotCommit)
	}
	return c, nil
}

// MaterializeOptions say which files Materialize writes.
type MaterializeOptions struct {
	// MaxFiles bounds how many files are written (0: 100,000), so a
	// hostile commit cannot fill the disk.
	MaxFiles int
}

// Materialize writes the files of the octosync directory as they were in
// the commit rev into dst, an empty folder: the same relative paths, regular
// files and symbolic links (as links, so that loading dst sees what loading
// a checkout of rev would, and refuses what validate refuses there;
// submodules are left out). It returns the relative paths of the regular
// files written, sorted: links are never listed, so nothing is read through
// one. dst is never left through a path, since tree entry names hold no
// slash and `..` is refused. A file over MaxBlobSize is refused unread.
func (r *Repo) Materialize(rev, dst string, opts MaterializeOptions) ([]string, error) {
	c, err := r.commitObject(rev)
	if err != nil {
		return nil, err
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rev, err)
	}
	if r.prefix != "" {
		if tree, err = tree.Tree(r.prefix); err != nil {
			return nil, fmt.Errorf("%s: the octosync directory %s did not exist at %s: %w", rev, r.prefix, rev, ErrFileNotFound)
		}
	}
	limit := opts.MaxFiles
	if limit <= 0 {
		limit = 100_000
	}
	d, err := safewrite.Open(dst)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	var written []string
	walker := object.NewTreeWalker(tree, true, nil)
	defer walker.Close()
	for {
		name, entry, err := walker.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rev, err)
		}
		if entry.Mode == filemode.Symlink {
			if err := r.writeLink(d, entry.Hash.String(), name); err != nil {
				return nil, fmt.Errorf("%s at %s: %w", name, rev, err)
			}
			continue
		}
		if entry.Mode != filemode.Regular && entry.Mode != filemode.Executable {
			continue
		}
		if len(written) == limit {
			return nil, fmt.Errorf("%s: more than %d files in the octosync directory", rev, limit)
		}
		if err := r.writeBlob(d, entry.Hash.String(), name); err != nil {
			return nil, fmt.Errorf("%s at %s: %w", name, rev, err)
		}
		written = append(written, name)
	}
	return written, nil
}

// writeLink makes name in d a symbolic link to what the blob holds.
func (r *Repo) writeLink(d *safewrite.Dir, hash, name string) error {
	if _, err := rel(name); err != nil || strings.HasPrefix(name, "/") {
		return fmt.Errorf("unsafe path in the tree: %w", ErrOutside)
	}
	n, err := r.BlobSize(hash)
	if err != nil {
		return err
	}
	if n > 4096 {
		return fmt.Errorf("a symbolic link target of %d bytes", n)
	}
	target, err := r.ReadBlob(hash)
	if err != nil {
		return err
	}
	if err := d.MkdirAll(path.Dir(name)); err != nil {
		return err
	}
	return d.Symlink(string(target), name)
}

// writeBlob writes the blob as the new file name in d, never through a link
// (safewrite: a malformed tree naming a path both as a link and as a folder
// is refused).
func (r *Repo) writeBlob(d *safewrite.Dir, hash, name string) error {
	if _, err := rel(name); err != nil || strings.HasPrefix(name, "/") {
		return fmt.Errorf("unsafe path in the tree: %w", ErrOutside)
	}
	data, err := r.ReadBlob(hash)
	if err != nil {
		return err
	}
	if err := d.MkdirAll(path.Dir(name)); err != nil {
		return err
	}
	f, err := d.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
