package plan

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/octosync/octosync/internal/resource"
)

func article(title, content string) resource.Article {
	return resource.Article{Title: title, Content: content, Language: "en", Tags: []string{"faq"}, Enabled: true}
}

func rule(title, content string, on bool) resource.BotRule {
	return resource.BotRule{Title: title, Content: content, Enabled: on}
}

func workflow(title string) resource.Workflow {
	return resource.Workflow{Title: title, Trigger: "When asked.", Instructions: "1. Help.", Actions: []string{}, Variants: []resource.Variant{}, Enabled: true}
}

// file is a desired resource of business b read from path.
func file(b, path, id string, s resource.Spec) resource.Resource {
	return resource.Resource{Business: b, ID: id, Spec: s, Path: path}
}

var t0 = time.Date(2026, 11, 29, 10, 4, 0, 0, time.UTC)

// remote is a live resource at version v.
func remote(b, id string, v int, s resource.Spec) resource.Resource {
	return resource.Resource{Business: b, ID: id, Spec: s, Meta: resource.Meta{Version: v, CreatedAt: t0, UpdatedAt: t0}}
}

// gone is a soft-deleted live resource whose deletion made version v.
func gone(b, id string, v int, s resource.Spec) resource.Resource {
	r := remote(b, id, v, s)
	at := t0.Add(time.Hour)
	r.Meta.DeletedAt = &at
	return r
}

// history is a fake Bases: the specs some commit held, per business.
type history map[string][]resource.Spec

func (h history) Committed(business string, spec resource.Spec) bool {
	for _, s := range h[business] {
		if resource.Equal(s, spec) {
			return true
		}
	}
	return false
}

// describe is a one-line summary of a change for table tests.
func describe(c Change) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s/%s %q", c.Symbol(), c.Action, c.Key.Business, c.Key.Kind, c.Key.Title)
	if c.Key.ID != "" {
		fmt.Fprintf(&b, " id=%s", c.Key.ID)
	}
	if c.Path != "" {
		fmt.Fprintf(&b, " path=%s", c.Path)
	}
	if c.LiveVersion != 0 {
		fmt.Fprintf(&b, " v%d", c.LiveVersion)
	}
	if c.RestoreVersion != 0 {
		fmt.Fprintf(&b, " restore=v%d", c.RestoreVersion)
	}
	names := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		names[i] = f.Name
	}
	fmt.Fprintf(&b, " [%s]", strings.Join(names, ","))
	if c.Withheld != "" {
		fmt.Fprintf(&b, " withheld=%q", c.HoldText(c.Withheld))
	}
	return b.String()
}

// index is a fake Bases with the lookup cost of a real one: specs are
// keyed by their canonical JSON.
type index map[string]bool

func canonicalKey(business string, s resource.Spec) string {
	data, err := json.Marshal(s.Normalize())
	if err != nil {
		panic(err)
	}
	return business + "\x00" + string(s.Kind()) + "\x00" + string(data)
}

func (x index) add(business string, s resource.Spec) { x[canonicalKey(business, s)] = true }

func (x index) Committed(business string, spec resource.Spec) bool {
	return x[canonicalKey(business, spec)]
}
