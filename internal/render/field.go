package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/textdiff"
)

// row is one field of a change as displayed: a name and the values before
// and after (absent when the change has no such side).
type row struct {
	name          string
	before, after any
	text          bool // free text: long values show as a diff or a line count
}

// brief reports whether a change lists values rather than differences:
// creates show what they make, deletes what they remove.
func brief(c plan.Change) bool { return c.Action == plan.Create || c.Action == plan.Delete }

// rows lists the fields to show for c. Variant lists of updates and
// restores are broken down per variant and sub-field, so an edited
// condition shows as one line, not as two whole lists.
func rows(c plan.Change) []row {
	var out []row
	for _, f := range c.Fields {
		bv, bok := f.Before.([]resource.Variant)
		av, aok := f.After.([]resource.Variant)
		if !brief(c) && (bok || f.Before == nil) && (aok || f.After == nil) && (bok || aok) {
			out = append(out, variantRows(f.Name, bv, av)...)
			continue
		}
		out = append(out, row{name: f.Name, before: f.Before, after: f.After, text: f.Text})
	}
	return out
}

func variantRows(name string, before, after []resource.Variant) []row {
	var out []row
	for i := range max(len(before), len(after)) {
		var b, a *resource.Variant
		if i < len(before) {
			b = &before[i]
		}
		if i < len(after) {
			a = &after[i]
		}
		prefix := fmt.Sprintf("%s[%d].", name, i)
		sub := func(field string, text bool, get func(resource.Variant) string) {
			var bv, av any
			if b != nil {
				bv = get(*b)
			}
			if a != nil {
				av = get(*a)
			}
			if bv != av {
				out = append(out, row{name: prefix + field, before: bv, after: av, text: text})
			}
		}
		sub("name", false, func(v resource.Variant) string { return v.Name })
		sub("condition", false, func(v resource.Variant) string { return v.Condition })
		sub("instructions", true, func(v resource.Variant) string { return v.Instructions })
	}
	return out
}

// long reports whether v is text to show as a diff or a line count rather
// than inline: more than one line, or longer than fits beside its name.
func long(v any) bool {
	s, ok := v.(string)
	return ok && (strings.Contains(s, "\n") || len(s) > 80)
}

// diffRow reports whether r shows as a line diff.
func (r row) diffRow() bool { return r.text && (long(r.before) || long(r.after)) }

// value formats one field value on one line.
func value(v any) string {
	switch v := v.(type) {
	case nil:
		return "(none)"
	case string:
		return quote(v)
	case bool:
		return strconv.FormatBool(v)
	case []string:
		return list(v)
	case []resource.Variant:
		names := make([]string, len(v))
		for i, x := range v {
			names[i] = x.Name
		}
		return list(names)
	}
	return visible(fmt.Sprint(v))
}

// list formats [a, b, c], quoting the items that would otherwise be
// ambiguous.
func list(items []string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		if s == "" || strings.ContainsAny(s, ",[]\"'") || strings.TrimSpace(s) != s || visible(s) != s {
			parts[i] = quote(s)
		} else {
			parts[i] = s
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// lineCount describes the size of long text: "12 lines".
func lineCount(v any) string {
	s, _ := v.(string)
	n := strings.Count(s, "\n") + 1
	if s == "" {
		n = 0
	}
	if n == 1 {
		return "(1 line)"
	}
	return fmt.Sprintf("(%d lines)", n)
}

// hunks diffs two text values (nil is empty). Normalized text has no final
// newline; one is added to both sides so that no hunk needs a "No newline
// at end of file" marker.
func hunks(before, after any) []textdiff.Hunk {
	return textdiff.Unified(withNewline(before), withNewline(after), textdiff.DefaultContext)
}

func withNewline(v any) string {
	s, _ := v.(string)
	if s == "" || strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}
