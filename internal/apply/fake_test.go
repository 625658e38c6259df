package apply

import (
	"context"
	"fmt"
	"sync"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// fakeProvider is an in-memory provider whose writes can be made to fail
// before or after taking effect, like a flaky network.
type fakeProvider struct {
	mu     sync.Mutex
	res    map[string]*resource.Resource
	next   int
	writes []string
	// loseAnswer makes the next N writes of a method take effect and then
	// report ErrOutcomeUnknown.
	loseAnswer map[string]int
	// failBefore makes the next N writes of a method fail with
	// ErrOutcomeUnknown without taking effect.
	failBefore map[string]int
	// idem records idempotency keys already used; honour=false ignores them
	// like a server that does not support the header.
	idem   map[string]string
	honour bool
	// original makes a replay answer with the resource as it was first
	// created, as real servers do, not as it is now.
	original map[string]resource.Resource
	// creates counts every Create call that reached the fake.
	creates int
}

func newFake() *fakeProvider {
	return &fakeProvider{res: map[string]*resource.Resource{}, loseAnswer: map[string]int{}, failBefore: map[string]int{}, idem: map[string]string{}, original: map[string]resource.Resource{}}
}

var _ provider.Provider = (*fakeProvider)(nil)

func (f *fakeProvider) add(business string, spec resource.Spec) resource.Resource {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.addLocked(business, spec)
}

func (f *fakeProvider) addLocked(business string, spec resource.Spec) resource.Resource {
	f.next++
	r := &resource.Resource{Business: business, ID: fmt.Sprintf("id%d", f.next), Spec: spec, Meta: resource.Meta{Version: 1}}
	f.res[r.ID] = r
	return *r
}

func (f *fakeProvider) fault(method string) (before, after bool) {
	if f.failBefore[method] > 0 {
		f.failBefore[method]--
		return true, false
	}
	if f.loseAnswer[method] > 0 {
		f.loseAnswer[method]--
		return false, true
	}
	return false, false
}

func (f *fakeProvider) Businesses(context.Context) ([]provider.Business, error) {
	return []provider.Business{{Slug: "demo"}}, nil
}

func (f *fakeProvider) List(_ context.Context, business string, kind resource.Kind, opts provider.ListOptions) ([]resource.Resource, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []resource.Resource
	for i := 1; i <= f.next; i++ {
		r, ok := f.res[fmt.Sprintf("id%d", i)]
		if ok && r.Business == business && r.Kind() == kind && (opts.IncludeDeleted || !r.Deleted()) {
			out = append(out, *r)
		}
	}
	return out, nil
}

func (f *fakeProvider) Get(_ context.Context, _ string, _ resource.Kind, id string) (resource.Resource, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.res[id]
	if !ok {
		return resource.Resource{}, provider.ErrNotFound
	}
	return *r, nil
}

func (f *fakeProvider) Create(_ context.Context, business string, spec resource.Spec, opts provider.CreateOptions) (resource.Resource, error) {
	f.mu.Lock()
	f.writes = append(f.writes, "POST "+spec.GetTitle())
	f.creates++
	if id, ok := f.idem[opts.IdempotencyKey]; ok && f.honour {
		r := f.original[id]
		f.mu.Unlock()
		return r, nil
	}
	before, after := f.fault("POST")
	if before {
		f.mu.Unlock()
		return resource.Resource{}, provider.ErrOutcomeUnknown
	}
	// Checking the key and creating is one step, as on a real server.
	r := f.addLocked(business, spec)
	f.idem[opts.IdempotencyKey] = r.ID
	f.original[r.ID] = r
	f.mu.Unlock()
	if after {
		return resource.Resource{}, provider.ErrOutcomeUnknown
	}
	return r, nil
}

func (f *fakeProvider) Update(_ context.Context, _, id string, spec resource.Spec, _ resource.Unmanaged, ifMatch int) (resource.Resource, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes = append(f.writes, "PUT "+id)
	r, ok := f.res[id]
	if !ok || r.Deleted() {
		return resource.Resource{}, provider.ErrNotFound
	}
	if ifMatch > 0 && r.Meta.Version != ifMatch {
		return resource.Resource{}, fmt.Errorf("412: %w", provider.ErrConflict)
	}
	before, after := f.fault("PUT")
	if before {
		return resource.Resource{}, provider.ErrOutcomeUnknown
	}
	r.Spec = spec
	r.Meta.Version++
	if after {
		return resource.Resource{}, provider.ErrOutcomeUnknown
	}
	return *r, nil
}

func (f *fakeProvider) Delete(_ context.Context, _ string, _ resource.Kind, id string, ifMatch int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes = append(f.writes, "DELETE "+id)
	r, ok := f.res[id]
	if !ok || r.Deleted() {
		return provider.ErrNotFound
	}
	if ifMatch > 0 && r.Meta.Version != ifMatch {
		return provider.ErrConflict
	}
	before, after := f.fault("DELETE")
	if before {
		return provider.ErrOutcomeUnknown
	}
	var t = r.Meta.UpdatedAt
	r.Meta.DeletedAt = &t
	r.Meta.Version++
	if after {
		return provider.ErrOutcomeUnknown
	}
	return nil
}

func (f *fakeProvider) Versions(context.Context, string, resource.Kind, string) ([]provider.Version, error) {
	return nil, nil
}

func (f *fakeProvider) Version(context.Context, string, resource.Kind, string, int) (provider.Version, error) {
	return provider.Version{}, provider.ErrNotFound
}

func (f *fakeProvider) Restore(_ context.Context, _ string, _ resource.Kind, id string, n, ifMatch int) (resource.Resource, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes = append(f.writes, fmt.Sprintf("RESTORE %s %d", id, n))
	r, ok := f.res[id]
	if !ok {
		return resource.Resource{}, provider.ErrNotFound
	}
	if ifMatch > 0 && r.Meta.Version != ifMatch {
		return resource.Resource{}, provider.ErrConflict
	}
	r.Meta.DeletedAt = nil
	r.Meta.Version++
	return *r, nil
}
