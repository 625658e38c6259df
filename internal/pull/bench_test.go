package pull

import (
	"fmt"
	"slices"
	"testing"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// BenchmarkExportTail times what a bulk export of the 10,800 resources of
// scripts/bench-scale.sh computes after its last page: the export's plan
// and its operations (the documents from a warm render cache, as the
// staging leaves it).
func BenchmarkExportTail(b *testing.B) {
	var all []resource.Resource
	var businesses []string
	for bi := 1; bi <= 10; bi++ {
		bs := fmt.Sprintf("b%02d", bi)
		businesses = append(businesses, bs)
		for i := 1; i <= 1000; i++ {
			all = append(all, resource.Resource{Business: bs, ID: fmt.Sprintf("art_%d_%d", bi, i), Meta: resource.Meta{Version: 1},
				Spec: resource.Article{Title: fmt.Sprintf("Article %06d", i), Content: fmt.Sprintf("# Article %d\n\nBody of article %d.\n\nIt has two paragraphs.\n", i, i), Language: "en", Tags: []string{"bench"}, Enabled: true}})
		}
		for i := 1; i <= 40; i++ {
			all = append(all, resource.Resource{Business: bs, ID: fmt.Sprintf("wf_%d_%d", bi, i), Meta: resource.Meta{Version: 1},
				Spec: resource.Workflow{Title: fmt.Sprintf("Workflow %03d", i), Trigger: "When the customer asks.", Instructions: "1. Look it up.\n2. Answer.\n", Actions: []string{"getOrderById"}, Enabled: true}})
			all = append(all, resource.Resource{Business: bs, ID: fmt.Sprintf("br_%d_%d", bi, i), Meta: resource.Meta{Version: 1},
				Spec: resource.BotRule{Title: fmt.Sprintf("Rule %03d", i), Content: "Keep answers short.", Enabled: i <= 20}})
		}
	}
	slices.SortFunc(all, func(x, y resource.Resource) int { return x.Key().Compare(y.Key()) })
	opts := plan.Options{Prune: true, MaxDeletes: -1, AllowMassDelete: true, History: plan.HistoryNone}
	repo := &source.Repo{Layout: source.Layout{Root: b.TempDir(), Config: config.Default()}}
	cache := newRenderCache()
	p0, err := plan.Compute(plan.Desired{Businesses: businesses}, plan.Live{Resources: all}, opts)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Compute(repo, p0, Options{Export: true, Businesses: businesses, rendered: cache}); err != nil {
		b.Fatal(err)
	}
	b.Run("plan", func(b *testing.B) {
		for b.Loop() {
			if _, err := plan.Compute(plan.Desired{Businesses: businesses}, plan.Live{Resources: all}, opts); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ops", func(b *testing.B) {
		for b.Loop() {
			if _, err := Compute(repo, p0, Options{Export: true, Businesses: businesses, rendered: cache}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
