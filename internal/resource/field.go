package resource

import "reflect"

// Field is one named field of a Spec with its normalized value. Value is a
// string, bool, []string, []Variant or nil (a workflow without a condition
// provider). Text marks free text worth a line diff when it changes.
type Field struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
	Text  bool   `json:"-"`
}

// Fields implements Spec.
func (a Article) Fields() []Field {
	n := a.Normalize().(Article)
	return []Field{
		{Name: "title", Value: n.Title},
		{Name: "language", Value: n.Language},
		{Name: "tags", Value: n.Tags},
		{Name: "enabled", Value: n.Enabled},
		{Name: "content", Value: n.Content, Text: true},
	}
}

// Fields implements Spec.
func (w Workflow) Fields() []Field {
	n := w.Normalize().(Workflow)
	var cp any
	if n.ConditionProvider != nil {
		cp = *n.ConditionProvider
	}
	return []Field{
		{Name: "title", Value: n.Title},
		{Name: "trigger", Value: n.Trigger, Text: true},
		{Name: "actions", Value: n.Actions},
		{Name: "conditionProvider", Value: cp, Text: true},
		{Name: "instructions", Value: n.Instructions, Text: true},
		{Name: "variants", Value: n.Variants},
		{Name: "enabled", Value: n.Enabled},
	}
}

// Fields implements Spec.
func (r BotRule) Fields() []Field {
	n := r.Normalize().(BotRule)
	return []Field{
		{Name: "title", Value: n.Title},
		{Name: "enabled", Value: n.Enabled},
		{Name: "content", Value: n.Content, Text: true},
	}
}

// FieldChange is one field whose normalized value differs between two specs.
type FieldChange struct {
	Name   string
	Before any
	After  any
	Text   bool
}

// Diff lists the fields that differ from before to after, in canonical
// order. Either side may be nil (create or delete): then every field of the
// other side is listed. Specs of different kinds are compared field by name.
func Diff(before, after Spec) []FieldChange {
	var bf, af []Field
	if before != nil {
		bf = before.Fields()
	}
	if after != nil {
		af = after.Fields()
	}
	if len(af) == 0 || len(bf) == 0 {
		return allFields(bf, af)
	}
	index := map[string]Field{}
	for _, f := range bf {
		index[f.Name] = f
	}
	var out []FieldChange
	seen := map[string]bool{}
	for _, f := range af {
		seen[f.Name] = true
		b, ok := index[f.Name]
		if ok && reflect.DeepEqual(b.Value, f.Value) {
			continue
		}
		fc := FieldChange{Name: f.Name, After: f.Value, Text: f.Text}
		if ok {
			fc.Before = b.Value
		}
		if out == nil {
			out = make([]FieldChange, 0, len(af)+len(bf)) // at most one change a field; nil while none
		}
		out = append(out, fc)
	}
	for _, f := range bf {
		if !seen[f.Name] {
			if out == nil {
				out = make([]FieldChange, 0, len(bf))
			}
			out = append(out, FieldChange{Name: f.Name, Before: f.Value, Text: f.Text})
		}
	}
	return out
}

// allFields is Diff of two sides one of which has no fields (a create or
// a delete: an export's every resource), without the maps that pair
// fields by name: every field of the other side, in its order.
func allFields(bf, af []Field) []FieldChange {
	if len(af)+len(bf) == 0 {
		return nil
	}
	out := make([]FieldChange, 0, len(af)+len(bf))
	for _, f := range af {
		out = append(out, FieldChange{Name: f.Name, After: f.Value, Text: f.Text})
	}
	for _, f := range bf {
		out = append(out, FieldChange{Name: f.Name, Before: f.Value, Text: f.Text})
	}
	return out
}

// Equal reports whether two specs have the same kind and the same normalized
// content. A nil spec equals only another nil spec.
func Equal(a, b Spec) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if a.Kind() != b.Kind() {
		return false
	}
	return reflect.DeepEqual(a.Normalize(), b.Normalize())
}
