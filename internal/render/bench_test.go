package render

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
)

// benchPlan has 300 updates of 20,000-character articles with a few
// edited lines each.
func benchPlan(b *testing.B) *plan.Plan {
	var d plan.Desired
	var l plan.Live
	for i := range 300 {
		var before, after strings.Builder
		for j := 0; before.Len() < 20000; j++ {
			line := fmt.Sprintf("Paragraph %d of article %d: returns within 45 days.\n", j, i)
			before.WriteString(line)
			if j%50 == 7 {
				line = strings.Replace(line, "45", "60", 1)
			}
			after.WriteString(line)
		}
		title := fmt.Sprintf("Article %03d", i)
		a := resource.Article{Title: title, Content: before.String(), Language: "en", Tags: []string{}, Enabled: true}
		l.Resources = append(l.Resources, resource.Resource{Business: "acme", ID: fmt.Sprintf("art_%d", i), Spec: a, Meta: resource.Meta{Version: 2}})
		a.Content = after.String()
		d.Resources = append(d.Resources, resource.Resource{Business: "acme", Spec: a, Path: fmt.Sprintf("businesses/acme/articles/a%d.md", i)})
	}
	p, err := plan.Compute(d, l, plan.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return p
}

func BenchmarkText300LongUpdates(b *testing.B) {
	p := benchPlan(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := Text(io.Discard, p, TextOptions{Color: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarkdown300LongUpdates(b *testing.B) {
	p := benchPlan(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := Markdown(io.Discard, p, MarkdownOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
