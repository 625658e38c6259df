package apply

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

func rule(title, content string, enabled bool) resource.BotRule {
	return resource.BotRule{Title: title, Content: content, Enabled: enabled}
}

func compute(t *testing.T, f *fakeProvider, desired []resource.Resource, opts plan.Options) *plan.Plan {
	t.Helper()
	var live []resource.Resource
	for _, k := range resource.Kinds {
		rs, _ := f.List(context.Background(), "demo", k, provider.ListOptions{IncludeDeleted: true})
		live = append(live, rs...)
	}
	p, err := plan.Compute(plan.Desired{Businesses: []string{"demo"}, Resources: desired}, plan.Live{Resources: live}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func desired(specs ...resource.Spec) []resource.Resource {
	var out []resource.Resource
	for _, s := range specs {
		out = append(out, resource.Resource{Business: "demo", Spec: s, Path: "businesses/demo/" + s.Kind().Dir() + "/" + s.GetTitle()})
	}
	return out
}

func TestRunAppliesEveryChangeOnce(t *testing.T) {
	f := newFake()
	f.add("demo", rule("Old", "old", true))
	f.add("demo", rule("Gone", "bye", true))
	p := compute(t, f, desired(rule("Old", "new", true), rule("New", "hello", true)), plan.Options{Prune: true, MaxDeletes: plan.DefaultMaxDeletes})

	rep := Run(context.Background(), f, p, Options{})
	if !rep.OK() || rep.Count(Applied) != 3 {
		t.Fatalf("report: %+v", rep)
	}
	slices.Sort(f.writes)
	want := []string{"DELETE id2", "POST New", "PUT id1"}
	if !slices.Equal(f.writes, want) {
		t.Fatalf("writes = %v, want %v", f.writes, want)
	}
	if again := compute(t, f, desired(rule("Old", "new", true), rule("New", "hello", true)), plan.Options{Prune: true, MaxDeletes: plan.DefaultMaxDeletes}); again.HasChanges() {
		t.Fatalf("not converged: %+v", again.Changes)
	}
}

func TestCreateWithLostAnswerIsNotDuplicated(t *testing.T) {
	for _, honour := range []bool{true, false} {
		f := newFake()
		f.honour = honour
		f.loseAnswer["POST"] = 1
		p := compute(t, f, desired(rule("New", "hello", true)), plan.Options{})
		rep := Run(context.Background(), f, p, Options{})
		if !rep.OK() || !rep.Results[0].Adopted {
			t.Fatalf("honour=%v: report %+v", honour, rep.Results)
		}
		live, _ := f.List(context.Background(), "demo", resource.KindBotRule, provider.ListOptions{IncludeDeleted: true})
		if len(live) != 1 {
			t.Fatalf("honour=%v: %d live rules after a lost answer, want exactly 1", honour, len(live))
		}
	}
}

func TestCreateFailedBeforeEffectIsRetried(t *testing.T) {
	f := newFake()
	f.failBefore["POST"] = 2
	p := compute(t, f, desired(rule("New", "hello", true)), plan.Options{})
	rep := Run(context.Background(), f, p, Options{})
	if !rep.OK() {
		t.Fatalf("report %+v", rep.Results)
	}
	if n := strings.Count(strings.Join(f.writes, "\n"), "POST"); n != 3 {
		t.Fatalf("%d POSTs, want 3 (two lost before effect, one success)", n)
	}
	live, _ := f.List(context.Background(), "demo", resource.KindBotRule, provider.ListOptions{IncludeDeleted: true})
	if len(live) != 1 {
		t.Fatalf("%d live rules, want 1", len(live))
	}
}

func TestUpdateOfMovedResourceFailsAloneAndOthersGoOn(t *testing.T) {
	f := newFake()
	f.add("demo", rule("A", "a", true))
	f.add("demo", rule("B", "b", true))
	p := compute(t, f, desired(rule("A", "a2", true), rule("B", "b2", true)), plan.Options{})
	// Someone edits A after the plan.
	if _, err := f.Update(context.Background(), "demo", "id1", rule("A", "dashboard", true), nil, 0); err != nil {
		t.Fatal(err)
	}
	rep := Run(context.Background(), f, p, Options{})
	if rep.OK() || rep.Count(Failed) != 1 || rep.Count(Applied) != 1 {
		t.Fatalf("report: %+v", rep.Results)
	}
	for _, r := range rep.Results {
		if r.Outcome == Failed && !strings.Contains(r.Reason, "changed since plan") {
			t.Fatalf("reason %q", r.Reason)
		}
	}
	got, _ := f.Get(context.Background(), "demo", resource.KindBotRule, "id1")
	if got.Spec.(resource.BotRule).Content != "dashboard" {
		t.Fatalf("the dashboard edit was overwritten")
	}
}

func TestUpdateWithLostAnswerCountsAsApplied(t *testing.T) {
	f := newFake()
	f.add("demo", rule("A", "a", true))
	f.loseAnswer["PUT"] = 1
	p := compute(t, f, desired(rule("A", "a2", true)), plan.Options{})
	rep := Run(context.Background(), f, p, Options{})
	if !rep.OK() {
		t.Fatalf("report: %+v", rep.Results)
	}
}

func TestDriftAndWithheldAreSkipped(t *testing.T) {
	f := newFake()
	f.add("demo", rule("A", "dashboard text", true))
	f.add("demo", rule("Extra", "x", true))
	p := compute(t, f, desired(rule("A", "file text", true)), plan.Options{Bases: noBases{}})
	rep := Run(context.Background(), f, p, Options{})
	if rep.Count(Skipped) != 1 || len(f.writes) != 0 { // the withheld delete is not even tried
		t.Fatalf("report %+v writes %v", rep.Results, f.writes)
	}
	rep = Run(context.Background(), f, p, Options{ForceDrift: true})
	if rep.Count(Applied) != 1 {
		t.Fatalf("--force-drift: %+v", rep.Results)
	}
}

type noBases struct{}

func (noBases) Committed(string, resource.Spec) bool { return false }

func TestRestoreThenUpdate(t *testing.T) {
	f := newFake()
	r := f.add("demo", rule("A", "a", true))
	if err := f.Delete(context.Background(), "demo", resource.KindBotRule, r.ID, 0); err != nil {
		t.Fatal(err)
	}
	d := desired(rule("A", "a changed", true))
	d[0].ID = r.ID
	p := compute(t, f, d, plan.Options{})
	if len(p.Changes) != 1 || p.Changes[0].Action != plan.Restore {
		t.Fatalf("plan: %+v", p.Changes)
	}
	rep := Run(context.Background(), f, p, Options{})
	if !rep.OK() {
		t.Fatalf("report %+v", rep.Results)
	}
	got, _ := f.Get(context.Background(), "demo", resource.KindBotRule, r.ID)
	if got.Deleted() || got.Spec.(resource.BotRule).Content != "a changed" {
		t.Fatalf("after restore: %+v", got)
	}
}

func TestInterruptStartsNothingNew(t *testing.T) {
	f := newFake()
	var specs []resource.Spec
	for i := range 20 {
		specs = append(specs, rule(strings.Repeat("x", i+1), "c", false))
	}
	p := compute(t, f, desired(specs...), plan.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	h := &cancelAfter{n: 3, cancel: cancel}
	rep := Run(ctx, f, p, Options{Parallelism: 1, Hook: h})
	if !rep.Interrupted {
		t.Fatalf("not marked interrupted")
	}
	applied := rep.Count(Applied)
	if applied < 3 || applied > 4 || rep.Count(Skipped) != 20-applied {
		t.Fatalf("applied %d skipped %d", applied, rep.Count(Skipped))
	}
	// A rerun converges.
	rep = Run(context.Background(), f, compute(t, f, desired(specs...), plan.Options{}), Options{})
	if !rep.OK() || compute(t, f, desired(specs...), plan.Options{}).HasChanges() {
		t.Fatalf("rerun did not converge")
	}
}

type cancelAfter struct {
	mu     sync.Mutex
	n      int
	cancel func()
}

func (c *cancelAfter) Start(int) {}
func (c *cancelAfter) Done(Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n--
	if c.n == 0 {
		c.cancel()
	}
}

func TestReconcile(t *testing.T) {
	f := newFake()
	f.add("demo", rule("A", "a", true))
	f.add("demo", rule("C", "c", true))
	p := compute(t, f, desired(rule("A", "a2", true), rule("B", "b", true), rule("C", "c2", true)), plan.Options{})
	live, _ := f.List(context.Background(), "demo", resource.KindBotRule, provider.ListOptions{IncludeDeleted: true})
	rest, done, err := Reconcile(p, live, Options{})
	if err != nil || len(done) != 0 || len(rest.Changes) != 3 {
		t.Fatalf("fresh plan: %v, done %d, rest %d", err, len(done), len(rest.Changes))
	}

	// An interrupted run applied A and created B: a rerun of the same plan
	// skips them as done and goes on with C.
	f.Update(context.Background(), "demo", "id1", rule("A", "a2", true), nil, 0)
	f.add("demo", rule("B", "b", true))
	live, _ = f.List(context.Background(), "demo", resource.KindBotRule, provider.ListOptions{IncludeDeleted: true})
	rest, done, err = Reconcile(p, live, Options{})
	if err != nil || len(done) != 2 || len(rest.Changes) != 1 || rest.Changes[0].Key.Title != "C" {
		t.Fatalf("after a partial run: %v, done %+v, rest %+v", err, done, rest)
	}

	// Someone else edited C: stale, nothing to apply.
	f.Update(context.Background(), "demo", "id2", rule("C", "dashboard", true), nil, 0)
	live, _ = f.List(context.Background(), "demo", resource.KindBotRule, provider.ListOptions{IncludeDeleted: true})
	_, _, err = Reconcile(p, live, Options{})
	se, ok := err.(*StaleError)
	if !ok || len(se.Stale) != 1 || !strings.Contains(err.Error(), "planned against version 1, live is now version 2") {
		t.Fatalf("Reconcile = %v", err)
	}
}

// dashboard is created anew by the next apply of the same files, never
// "applied" by a server replaying the first answer.
func TestCreateAfterLiveDeletionCreatesAgain(t *testing.T) {
	f := newFake()
	f.honour = true
	d := desired(rule("New", "hello", true))
	if rep := Run(context.Background(), f, compute(t, f, d, plan.Options{}), Options{}); !rep.OK() {
		t.Fatalf("first apply: %+v", rep.Results)
	}
	if err := f.Delete(context.Background(), "demo", resource.KindBotRule, "id1", 0); err != nil {
		t.Fatal(err)
	}
	rep := Run(context.Background(), f, compute(t, f, d, plan.Options{}), Options{})
	if !rep.OK() || rep.Results[0].ID == "id1" {
		t.Fatalf("second apply: %+v", rep.Results)
	}
	if compute(t, f, d, plan.Options{}).HasChanges() {
		t.Fatalf("not converged")
	}
}

// TestReplayOfDeletedResourceIsNotSuccess: a server that answers a create
// with the first answer for its key, although that resource was deleted
// since, does not make the create count as done: the create is sent again
// under the next key of the chain and makes a live resource.
func TestReplayOfDeletedResourceIsNotSuccess(t *testing.T) {
	f := newFake()
	f.honour = true
	p := compute(t, f, desired(rule("New", "hello", true)), plan.Options{})
	r := &runner{prov: f, opts: Options{MaxCreateAttempts: 1}}
	if res := r.create(context.Background(), p.Changes[0]); res.Outcome != Applied || res.ID != "id1" {
		t.Fatalf("first: %+v", res)
	}
	for i, id := range []string{"id1", "id2", "id3"} {
		f.Delete(context.Background(), "demo", resource.KindBotRule, id, 0)
		res := r.create(context.Background(), p.Changes[0])
		if want := fmt.Sprintf("id%d", i+2); res.Outcome != Applied || res.ID != want {
			t.Fatalf("after deleting %s: %+v, want %s applied", id, res, want)
		}
	}
	if live, _ := f.List(context.Background(), "demo", resource.KindBotRule, provider.ListOptions{}); len(live) != 1 || live[0].ID != "id4" {
		t.Fatalf("live = %+v, want only id4", live)
	}
}

// TestCreateKeyDependsOnlyOnWhatIsCreated: the same create in two different
// plans sends the same key; another business, kind or content another key.
func TestCreateKeyDependsOnlyOnWhatIsCreated(t *testing.T) {
	f := newFake()
	f.add("demo", rule("Old", "old", true))
	a := compute(t, f, desired(rule("New", "hello", true)), plan.Options{})
	b := compute(t, f, desired(rule("New", "hello", true), rule("Old", "changed", true), rule("Other", "x", false)), plan.Options{})
	keyOf := func(p *plan.Plan, title string) string {
		for _, c := range p.Changes {
			if c.Action == plan.Create && c.Key.Title == title {
				return createKey(c)
			}
		}
		t.Fatalf("no create of %q", title)
		return ""
	}
	if keyOf(a, "New") != keyOf(b, "New") {
		t.Errorf("the same create has two keys in two plans")
	}
	if keyOf(b, "New") == keyOf(b, "Other") {
		t.Errorf("two creates share a key")
	}
	c := a.Changes[0]
	other := c
	other.Key.Business = "elsewhere"
	if createKey(c) == createKey(other) {
		t.Errorf("another business has the same key")
	}
	if k := nextCreateKey(createKey(c), "id1"); k == createKey(c) || k != nextCreateKey(createKey(c), "id1") || k == nextCreateKey(createKey(c), "id2") {
		t.Errorf("the chain of keys is not a function of the stale id")
	}
}

// TestConcurrentRunsCreateOnce: two runs of the same plan at once, each
// change racing its twin, make every resource once; so do two runs after
// the first copies were deleted live (the stale answers they both meet
// lead them to the same next key).
func TestConcurrentRunsCreateOnce(t *testing.T) {
	f := newFake()
	f.honour = true
	var specs []resource.Spec
	for i := range 33 {
		specs = append(specs, rule(fmt.Sprintf("Rule %02d", i), "text", false))
	}
	d := desired(specs...)
	race := func() {
		p := compute(t, f, d, plan.Options{})
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				if rep := Run(context.Background(), f, p, Options{Parallelism: 4}); !rep.OK() {
					t.Errorf("run: %+v", rep.Results)
				}
			})
		}
		wg.Wait()
		live, _ := f.List(context.Background(), "demo", resource.KindBotRule, provider.ListOptions{})
		if len(live) != 33 {
			t.Fatalf("%d live bot rules, want 33", len(live))
		}
	}
	race()
	for _, r := range f.res {
		f.Delete(context.Background(), "demo", resource.KindBotRule, r.ID, 0)
	}
	race()
}

// blockingProvider holds every update until released, and fails it when
// its context was cancelled meanwhile, as an HTTP request would.
type blockingProvider struct {
	*fakeProvider
	started chan struct{}
	release chan struct{}
}

func (b *blockingProvider) Update(ctx context.Context, business, id string, spec resource.Spec, keep resource.Unmanaged, ifMatch int) (resource.Resource, error) {
	b.started <- struct{}{}
	<-b.release
	if err := ctx.Err(); err != nil {
		return resource.Resource{}, err
	}
	return b.fakeProvider.Update(ctx, business, id, spec, keep, ifMatch)
}

// TestInterruptLetsInFlightChangesFinish: a change already sent when the
// run is cancelled completes (its request is not cancelled under it); the
// changes not yet started are skipped.
func TestInterruptLetsInFlightChangesFinish(t *testing.T) {
	f := newFake()
	f.add("demo", rule("A", "a", true))
	f.add("demo", rule("B", "b", true))
	p := compute(t, f, desired(rule("A", "a2", true), rule("B", "b2", true)), plan.Options{})
	bp := &blockingProvider{fakeProvider: f, started: make(chan struct{}), release: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan *Report)
	go func() { done <- Run(ctx, bp, p, Options{Parallelism: 1}) }()
	<-bp.started // A is in flight
	cancel()
	close(bp.release)
	rep := <-done
	if !rep.Interrupted || rep.Count(Applied) != 1 || rep.Count(Skipped) != 1 || rep.Count(Failed) != 0 {
		t.Fatalf("report: %+v", rep.Results)
	}
	got, _ := f.Get(context.Background(), "demo", resource.KindBotRule, "id1")
	if got.Spec.(resource.BotRule).Content != "a2" {
		t.Fatalf("the in-flight update did not finish: %+v", got)
	}
}
