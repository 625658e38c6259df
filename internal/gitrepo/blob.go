package gitrepo

import (
	"context"
	"fmt"
	"io"
	"path"

	"github.com/go-git/go-git/v5/plumbing"
)

// Blob is one version of one file of the history.
type Blob struct {
	// Path is the file, relative to the octosync directory.
	Path string
	// Hash is the git blob sha of Content.
	Hash    string
	Content []byte
	// Commit is the first commit, in parents-before-children order, that
	// held Path with this content.
	Commit Commit
}

// Blobs walks the history reachable from HEAD once (see Dirs for the order
// and the cost) and calls fn for every distinct (path, content) pair of the
// files under the octosync subfolder under. Each distinct content is read
// from the object store once, however many paths held it, so Content may be
// shared between calls: fn must not modify it.
func (r *Repo) Blobs(ctx context.Context, under string, fn func(Blob) error) error {
	type pathBlob struct{ path, hash string }
	seen := map[pathBlob]bool{}
	contents := map[string][]byte{}
	return r.Dirs(ctx, under, func(d Dir) error {
		for _, f := range d.Files {
			p := path.Join(d.Path, f.Name)
			k := pathBlob{p, f.Hash}
			if seen[k] {
				continue
			}
			seen[k] = true
			c, ok := contents[f.Hash]
			if !ok {
				var err error
				if c, err = r.ReadBlob(f.Hash); err != nil {
					return fmt.Errorf("%s at %s: %w", p, d.Commit.Short(), err)
				}
				contents[f.Hash] = c
			}
			if err := fn(Blob{Path: p, Hash: f.Hash, Content: c, Commit: d.Commit}); err != nil {
				return err
			}
		}
		return nil
	})
}

// MaxBlobSize is the largest file of the history read: the bound
// source.MaxFileSize puts on the working tree's files, applied to git's
// (no resource the server accepts is that large).
const MaxBlobSize = 16 << 20

// BlobSize returns the size of the blob with the given sha, read from the
// object's header without reading its content.
func (r *Repo) BlobSize(hash string) (int64, error) {
	h := plumbing.NewHash(hash)
	if s, ok := r.repo.Storer.(interface {
		EncodedObjectSize(plumbing.Hash) (int64, error)
	}); ok {
		n, err := s.EncodedObjectSize(h)
		if err != nil {
			return 0, fmt.Errorf("blob %s: %w", hash, err)
		}
		return n, nil
	}
	b, err := r.repo.BlobObject(h)
	if err != nil {
		return 0, fmt.Errorf("blob %s: %w", hash, err)
	}
	return b.Size, nil
}

// ReadBlob returns the content of the blob with the given sha. A blob over
// MaxBlobSize is not read: its size, from the object's header, is checked
// first, and the error wraps ErrBlobTooLarge.
func (r *Repo) ReadBlob(hash string) ([]byte, error) {
	n, err := r.BlobSize(hash)
	if err != nil {
		return nil, err
	}
	if n > MaxBlobSize {
		return nil, fmt.Errorf("blob %s: %w: %.1f MiB, more than the %d MiB octosync reads", hash, ErrBlobTooLarge, float64(n)/(1<<20), MaxBlobSize>>20)
	}
	b, err := r.repo.BlobObject(plumbing.NewHash(hash))
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", hash, err)
	}
	rd, err := b.Reader()
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", hash, err)
	}
	defer rd.Close()
	// The header could lie in a corrupt store: never read past the bound.
	data, err := io.ReadAll(io.LimitReader(rd, MaxBlobSize+1))
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", hash, err)
	}
	if len(data) > MaxBlobSize {
		return nil, fmt.Errorf("blob %s: %w", hash, ErrBlobTooLarge)
	}
	return data, nil
}
