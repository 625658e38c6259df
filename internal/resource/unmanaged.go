package resource

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
)

// Unmanaged holds the fields of a live resource that octosync does not
// manage: every field of the server's answer that is neither one of its
// kind's Fields nor read-only (ReadOnlyFields), by name, each value exactly
// the JSON the server sent. Files never hold them; a write that replaces
// the resource sends them back unchanged, so that nobody else's field is
// touched (Kubernetes' server-side apply is the model). nil when there are
// none.
type Unmanaged map[string]json.RawMessage

// ReadOnlyFields are the fields the server sets on every resource: never
// managed, never sent.
var ReadOnlyFields = []string{"id", "version", "createdAt", "updatedAt", "deletedAt"}

// Names returns the unmanaged fields' names, sorted.
func (u Unmanaged) Names() []string { return slices.Sorted(maps.Keys(u)) }

// FieldNames lists the names of kind k's managed fields, in Fields order;
// nil for an unknown kind.
func FieldNames(k Kind) []string {
	s := zeroSpec(k)
	if s == nil {
		return nil
	}
	var out []string
	for _, f := range s.Fields() {
		out = append(out, f.Name)
	}
	return out
}

// Managed reports whether name is a field octosync manages or the server
// sets on resources of kind k: everything else is unmanaged.
func Managed(k Kind, name string) bool {
	return slices.Contains(ReadOnlyFields, name) || slices.Contains(FieldNames(k), name)
}

func zeroSpec(k Kind) Spec {
	switch k {
	case KindArticle:
		return Article{}
	case KindWorkflow:
		return Workflow{}
	case KindBotRule:
		return BotRule{}
	}
	return nil
}

// Equal reports whether u and o hold the same fields with the same JSON
// values (formatting and key order inside a value do not count; numbers
// compare as written). nil and empty are equal.
func (u Unmanaged) Equal(o Unmanaged) bool {
	if len(u) != len(o) {
		return false
	}
	for name, v := range u {
		w, ok := o[name]
		if !ok || !sameJSON(v, w) {
			return false
		}
	}
	return true
}

// sameJSON reports whether a and b are the same JSON value; text that is
// not JSON equals only itself.
func sameJSON(a, b json.RawMessage) bool {
	if bytes.Equal(a, b) {
		return true
	}
	va, errA := decodeNumbers(a)
	vb, errB := decodeNumbers(b)
	return errA == nil && errB == nil && reflect.DeepEqual(va, vb)
}

func decodeNumbers(raw json.RawMessage) (any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}
