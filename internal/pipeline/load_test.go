package pipeline

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// slowOrg is an organization of one business, "demo", holding one bot
// rule, whose every answer takes a second (of a synctest bubble's fake
// clock). listed is closed when the first list starts; Businesses waits
// for gate, when set, before answering.
type slowOrg struct {
	provider.Provider // nil: any other call panics
	listed            chan struct{}
	gate              chan struct{}
	once              sync.Once // closes listed: the lists run concurrently
}

func (o *slowOrg) Businesses(ctx context.Context) ([]provider.Business, error) {
	if o.gate != nil {
		<-o.gate
	}
	time.Sleep(time.Second)
	return []provider.Business{{Slug: "demo", Name: "Demo"}}, ctx.Err()
}

func (o *slowOrg) List(ctx context.Context, business string, kind resource.Kind, _ provider.ListOptions) ([]resource.Resource, error) {
	o.once.Do(func() { close(o.listed) })
	time.Sleep(time.Second)
	if kind != resource.KindBotRule {
		return nil, ctx.Err()
	}
	r := rule("Say hello.")
	r.ID, r.Path = "r1", ""
	return []resource.Resource{r}, ctx.Err()
}

// TestBuildLoadsWhileFetching: Input.Load runs while live state is
// fetched, not before nor after it: a load that needs two seconds and a
// fetch that needs two (one for the businesses, one for the lists) take
// two together, on a fake clock. The loaded resources and warnings make
// the plan.
func TestBuildLoadsWhileFetching(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		org := &slowOrg{listed: make(chan struct{})}
		sawList := false
		in := Input{
			Desired: plan.Desired{Businesses: []string{"demo"}},
			Load: func(ctx context.Context) (Loaded, error) {
				time.Sleep(2 * time.Second)
				select {
				case <-org.listed:
					sawList = true
				default:
				}
				return Loaded{Resources: []resource.Resource{rule("Say hello.")}, Warnings: []string{"loaded warning"}}, nil
			},
		}
		start := time.Now()
		res, err := Build(context.Background(), org, in, plan.Options{Warnings: []string{"caller's warning"}})
		if err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took != 2*time.Second {
			t.Errorf("load and fetch took %v together, want 2s: one after the other they take 4s", took)
		}
		if !sawList {
			t.Error("the load finished before the fetch listed anything")
		}
		p := res.Plan
		if p.Unchanged != 1 || len(p.Changes) != 0 {
			t.Errorf("plan of the loaded resources: %d unchanged, changes %+v", p.Unchanged, p.Changes)
		}
		if len(p.Warnings) != 2 || p.Warnings[0] != "caller's warning" || p.Warnings[1] != "loaded warning" {
			t.Errorf("warnings %q", p.Warnings)
		}
	})
}

// TestBuildStopsTheFetchWhenTheLoadFails: a repository that cannot be
// loaded is the error, whatever the fetch was doing, and the fetch is
// cancelled rather than waited for.
func TestBuildStopsTheFetchWhenTheLoadFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gate := make(chan struct{})
		org := &slowOrg{listed: make(chan struct{}), gate: gate}
		broken := errors.New("3 error(s) in the repository")
		in := Input{
			Desired: plan.Desired{Businesses: []string{"demo"}},
			Load: func(context.Context) (Loaded, error) {
				defer close(gate) // the fetch answers only after the load failed
				return Loaded{}, broken
			},
		}
		_, err := Build(context.Background(), org, in, plan.Options{})
		if !errors.Is(err, broken) {
			t.Fatalf("Build = %v, want the load's error", err)
		}
		select {
		case <-org.listed:
			t.Error("the fetch went on to list after the load failed")
		default:
		}
	})
}
