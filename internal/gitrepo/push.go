package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
)

// PushOptions say what Push sends where.
type PushOptions struct {
	// Remote is the remote's name ("origin").
	Remote string
	// Branch is the local branch pushed to the remote branch of the same
	// name.
	Branch string
	// Token authenticates an https remote (as GitHub's x-access-token
	// user); it is never sent to any other kind of remote.
	Token string
	// Replace allows replacing the remote branch's commits (a forced push),
	// but only "with lease": the remote branch must still be where the
	// remote-tracking ref says, so a push made since is never lost.
	Replace bool
	// Timeout bounds the push; 0 means two minutes.
	Timeout time.Duration
}

// RemoteTrackingRef is the ref a fetch of remote keeps for branch.
func RemoteTrackingRef(remote, branch string) string {
	return "refs/remotes/" + remote + "/" + branch
}

// Push sends a local branch to a remote. The remote-tracking ref is
// updated on success.
func (r *Repo) Push(ctx context.Context, opts PushOptions) error {
	rem, err := r.repo.Remote(opts.Remote)
	if err != nil {
		return fmt.Errorf("push: remote %q: %w (add it with `git remote add`)", opts.Remote, err)
	}
	local := plumbing.NewBranchReferenceName(opts.Branch)
	ref, err := r.repo.Storer.Reference(local)
	if err != nil {
		return fmt.Errorf("push: branch %q: %w", opts.Branch, err)
	}
	spec := config.RefSpec(local.String() + ":" + local.String())
	po := &git.PushOptions{RemoteName: opts.Remote, RefSpecs: []config.RefSpec{spec}}
	tracking := plumbing.ReferenceName(RemoteTrackingRef(opts.Remote, opts.Branch))
	if opts.Replace {
		if t, err := r.repo.Storer.Reference(tracking); err == nil {
			po.ForceWithLease = &git.ForceWithLease{RefName: local, Hash: t.Hash()}
		}
	}
	if urls := rem.Config().URLs; len(urls) > 0 && opts.Token != "" && isHTTPS(urls[0]) {
		po.Auth = &githttp.BasicAuth{Username: "x-access-token", Password: opts.Token}
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = 2 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	err = r.repo.PushContext(ctx, po)
	switch {
	case err == nil, errors.Is(err, git.NoErrAlreadyUpToDate):
	case errors.Is(err, transport.ErrAuthenticationRequired), errors.Is(err, transport.ErrAuthorizationFailed):
		return fmt.Errorf("push %s to %s: %w: the token needs `contents: write` (add `permissions: contents: write` to the job)", opts.Branch, opts.Remote, err)
	default:
		return fmt.Errorf("push %s to %s: %s", opts.Branch, opts.Remote, redact(err.Error(), opts.Token))
	}
	if err := r.repo.Storer.SetReference(plumbing.NewHashReference(tracking, ref.Hash())); err != nil {
		return fmt.Errorf("push: update %s: %w", tracking, err)
	}
	return nil
}

func isHTTPS(u string) bool { return strings.HasPrefix(strings.ToLower(u), "https://") }

// redact removes the token from a message, should a transport ever echo it.
func redact(msg, token string) string {
	if token == "" {
		return msg
	}
	return strings.ReplaceAll(msg, token, "***")
}
