package plan

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/octosync/octosync/internal/resource"
)

// world is a generated repository and organization exercising every kind
// of change, for determinism tests, round trips and benchmarks.
type world struct {
	desired Desired
	live    Live
	bases   index
}

// longText is a Markdown article of about n characters.
func longText(r *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		fmt.Fprintf(&b, "Paragraph %d: returns are accepted within %d days of delivery.\n", r.IntN(1000), r.IntN(90))
		if r.IntN(8) == 0 {
			b.WriteString("\n## Section\n\n")
		}
	}
	return b.String()
}

// generate builds n desired resources: about half unchanged, a few hundred
// long-text updates per 10,000, and creates, restores, drift and deletes.
func generate(n int, seed uint64) world {
	r := rand.New(rand.NewPCG(seed, 1))
	w := world{bases: index{}}
	businesses := []string{"acme-eu", "acme-us", "beta"}
	w.desired.Businesses = businesses
	for i := range n {
		b := businesses[i%len(businesses)]
		id := fmt.Sprintf("id_%05d", i)
		var spec resource.Spec
		var path string
		switch i % 3 {
		case 0:
			spec = resource.Article{Title: fmt.Sprintf("Article %d", i), Content: fmt.Sprintf("Body %d\n", i), Language: "en", Tags: []string{"t"}, Enabled: true}
			path = fmt.Sprintf("businesses/%s/articles/a%d.md", b, i)
		case 1:
			cp := "def evaluate_conditions(context):\n    return {}\n"
			spec = resource.Workflow{Title: fmt.Sprintf("Flow %d", i), Trigger: "When asked.", Instructions: "1. Help.", Actions: []string{"getOrderById"},
				ConditionProvider: &cp, Variants: []resource.Variant{{Name: "v", Condition: "c", Instructions: "x"}}, Enabled: true}
			path = fmt.Sprintf("businesses/%s/workflows/w%d.yaml", b, i)
		default:
			spec = resource.BotRule{Title: fmt.Sprintf("Rule %d", i), Content: "Be kind.", Enabled: i%2 == 0}
			path = fmt.Sprintf("businesses/%s/bot-rules/r%d.yaml", b, i)
		}
		fileID := ""
		if i%4 != 0 {
			fileID = id
		}
		d := file(b, path, fileID, spec)
		live := remote(b, id, 1+i%7, spec)
		w.bases.add(b, spec)
		switch k := i % 100; {
		case k < 50: // unchanged
		case k < 53: // long-text update, committed base
			if a, ok := spec.(resource.Article); ok {
				a.Content = longText(r, 20000)
				live.Spec = a
				w.bases.add(b, a)
				a.Content = strings.Replace(a.Content, "returns", "refunds", 3) + "One more line.\n"
				d.Spec = a
			}
		case k < 70: // short update
			d.Spec = retitle(spec, fmt.Sprintf("Renamed %d", i))
			if fileID == "" {
				d.ID = id
			}
		case k < 75: // drift
			live.Spec = retitle(spec, fmt.Sprintf("Dashboard %d", i))
		case k < 80: // create
			w.desired.Resources = append(w.desired.Resources, d)
			continue
		case k < 83: // restore
			live = gone(b, id, 3, spec)
			d.ID = id
		case k < 90: // delete (no file)
			w.live.Resources = append(w.live.Resources, live)
			continue
		}
		w.desired.Resources = append(w.desired.Resources, d)
		w.live.Resources = append(w.live.Resources, live)
	}
	return w
}

func retitle(s resource.Spec, title string) resource.Spec {
	switch v := s.(type) {
	case resource.Article:
		v.Title = title
		return v
	case resource.Workflow:
		v.Title = title
		return v
	case resource.BotRule:
		v.Title = title
		return v
	}
	return s
}
