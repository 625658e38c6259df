package live_test

import (
	"context"
	"slices"
	"testing"

	"github.com/octosync/octosync/internal/live"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// unsortedLists is businessLists whose lists hold several resources out
// of key order, titles differing only in case among them.
type unsortedLists struct{ businessLists }

func (unsortedLists) List(_ context.Context, business string, kind resource.Kind, _ provider.ListOptions) ([]resource.Resource, error) {
	var out []resource.Resource
	for i, title := range []string{"zeta", "Alpha", "alpha", "beta", "Alpha"} {
		var spec resource.Spec
		switch kind {
		case resource.KindArticle:
			spec = resource.Article{Title: title}
		case resource.KindWorkflow:
			spec = resource.Workflow{Title: title}
		default:
			spec = resource.BotRule{Title: title}
		}
		out = append(out, resource.Resource{ID: string(rune('e' - i)), Spec: spec})
	}
	return out, nil
}

// TestFetchSortsTheOrganizationByKeyInAnyBusinessOrder: the state's
// resources are sorted by key whatever order the businesses are asked
// for in (the businesses' sorted resources are put end to end only when
// they are asked for in order), with or without an observer.
func TestFetchSortsTheOrganizationByKeyInAnyBusinessOrder(t *testing.T) {
	for _, bs := range [][]string{nil, {"a", "b", "c"}, {"c", "a", "b"}, {"b", "a"}} {
		var want []resource.Resource
		for _, b := range []string{"a", "b", "c"} {
			if bs != nil && !slices.Contains(bs, b) {
				continue
			}
			for _, k := range resource.Kinds {
				rs, _ := unsortedLists{}.List(context.Background(), b, k, provider.ListOptions{})
				for i := range rs {
					rs[i].Business = b
				}
				want = append(want, rs...)
			}
		}
		slices.SortStableFunc(want, func(a, b resource.Resource) int { return a.Key().Compare(b.Key()) })
		for _, obs := range []live.Observer{nil, observer{reading: func([]string) {}, fetched: func(string, []resource.Resource) {}}} {
			st, err := live.Fetch(context.Background(), unsortedLists{}, live.Options{Businesses: bs, Observer: obs})
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Resources) != len(want) {
				t.Fatalf("businesses %v: %d resources, want %d", bs, len(st.Resources), len(want))
			}
			for i := range want {
				if got := st.Resources[i]; got.Key() != want[i].Key() {
					t.Errorf("businesses %v, observer %v: resource %d is %v, want %v", bs, obs != nil, i, got.Key(), want[i].Key())
				}
			}
		}
	}
}
