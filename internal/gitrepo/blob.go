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

// ReadBlob returns the content of the blob with the given sha.
func (r *Repo) ReadBlob(hash string) ([]byte, error) {
	b, err := r.repo.BlobObject(plumbing.NewHash(hash))
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", hash, err)
	}
	rd, err := b.Reader()
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", hash, err)
	}
	defer rd.Close()
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", hash, err)
	}
	return data, nil
}
