package apply

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// Idempotency keys of creates.
//
// The key of a create depends only on what is created: the business, the
// kind and the desired resource in canonical form. It does not depend on
// the run, the plan or the machine, so two applies of the same repository
// racing against one organization (two merges in a row, a re-run while the
// first still runs) send the same key for the same create, and the server
// collapses them into one resource.
//
// A key that depends only on content meets an old answer: the server keeps
// the response of the first create for the key and replays it, even after
// that resource was deleted in the dashboard (or edited into something
// else). An earlier version of octosync added a per-run nonce to the key
// to escape those replays, which let concurrent runs duplicate every
// create. Instead, every create's answer is confirmed: the resource it
// names must be live (not deleted) and hold the desired content, read back
// with a GET, because a replayed answer shows the resource as it was when
// it was created. When it is not, the answer named a stale resource and
// the create is sent again with a key derived from the previous key and
// the stale resource's id (nextCreateKey). Every run that meets the same
// stale answer derives the same key, so concurrent runs still collapse;
// and the derived key is new to the server, so it creates. A resource
// deleted again later leads one step further down the same chain, at most
// maxStaleReplays steps per create.

// createKeyVersion names the key derivation; change it only with the
// derivation, so that keys of different derivations never meet.
const createKeyVersion = "octosync-create-v2"

// maxStaleReplays bounds how many stale answers one create follows before
// it fails: each is a resource created with the chain's previous key and
// deleted (or changed) since.
const maxStaleReplays = 8

// createKey is the Idempotency-Key of the create c: a hash of the business,
// the kind and the canonical content, nothing else.
func createKey(c plan.Change) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", createKeyVersion, c.Key.Business, c.After.Kind())
	b, _ := json.Marshal(c.After.Normalize()) // cannot fail: plain data
	h.Write(b)
	return "octosync-" + hex.EncodeToString(h.Sum(nil))[:40]
}

// nextCreateKey is the key that follows key once the server answered it
// with staleID, a resource that is deleted or holds other content.
func nextCreateKey(key, staleID string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00stale\x00%s", createKeyVersion, key, staleID)
	return "octosync-" + hex.EncodeToString(h.Sum(nil))[:40]
}

// createChain sends the create c with key, following stale answers down
// the key chain. A lost answer returns pending with the key it was sent
// with in Result.key, for settleCreate to continue from.
func (r *runner) createChain(ctx context.Context, c plan.Change, key string) Result {
	for hop := 0; ; hop++ {
		created, err := r.prov.Create(ctx, c.Key.Business, c.After, provider.CreateOptions{IdempotencyKey: key})
		switch {
		case errors.Is(err, provider.ErrOutcomeUnknown):
			return Result{Outcome: pending, Err: err, key: key}
		case err != nil:
			return Result{Outcome: Failed, Err: err}
		}
		res, stale := r.confirmCreated(ctx, c, created)
		if !stale {
			return res
		}
		if hop == maxStaleReplays {
			return Result{Outcome: Failed, ID: created.ID, Err: fmt.Errorf("the server answered the create %d times with a resource that is deleted or holds other content (last %s): run plan again", hop+1, created.ID)}
		}
		key = nextCreateKey(key, created.ID)
	}
}

// confirmCreated decides whether created, the answer to a create, is the
// live resource the change asked for; stale is true when it is deleted or
// holds other content (a replayed answer).
func (r *runner) confirmCreated(ctx context.Context, c plan.Change, created resource.Resource) (res Result, stale bool) {
	if created.Deleted() || !resource.Equal(created.Spec, c.After) {
		return Result{}, true
	}
	cur, err := r.prov.Get(ctx, c.Key.Business, c.After.Kind(), created.ID)
	switch {
	case errors.Is(err, provider.ErrNotFound):
		return Result{}, true
	case err != nil:
		return Result{Outcome: Failed, ID: created.ID, Err: fmt.Errorf("created %s, but reading it back to confirm it is live failed: %w; run plan again (it will not be created twice)", created.ID, err)}, false
	case cur.Deleted() || !resource.Equal(cur.Spec, c.After):
		return Result{}, true
	}
	return Result{Outcome: Applied, ID: cur.ID, Version: cur.Meta.Version}, false
}
