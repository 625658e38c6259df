package resource

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"sync"
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

// VariantKeys is a workflow's Unmanaged entry for the keys of its
// variants that octosync does not manage (a variant's name, condition and
// instructions it does): a JSON object from variant name to an object of
// those keys, each value exactly as the server sent it; absent when no
// variant has any. For a workflow the name cannot be an unmanaged field of
// its own, since variants is one of the fields it manages. A write sends
// the keys back inside the variant of that name; a variant renamed or
// added in the file has none to keep.
const VariantKeys = "variants"

// VariantFields are the keys of a workflow variant that octosync manages.
var VariantFields = []string{"name", "condition", "instructions"}

// FieldNames returns the names of u's fields for a resource of kind k,
// sorted: a workflow's variant keys as "variants[].KEY".
func (u Unmanaged) FieldNames(k Kind) []string {
	var out []string
	for _, name := range u.Names() {
		if k != KindWorkflow || name != VariantKeys {
			out = append(out, name)
			continue
		}
		for _, keys := range u.Variants() {
			for key := range keys {
				out = append(out, "variants[]."+key)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Variants decodes a workflow's VariantKeys entry: by variant name, the
// keys octosync does not manage; nil when there is none or it is not
// such an object.
func (u Unmanaged) Variants() map[string]Unmanaged {
	raw, ok := u[VariantKeys]
	if !ok {
		return nil
	}
	var out map[string]Unmanaged
	if json.Unmarshal(raw, &out) != nil {
		return nil
	}
	return out
}

// FieldNames lists the names of kind k's managed fields, in Fields order;
// nil for an unknown kind.
func FieldNames(k Kind) []string {
	return slices.Clone(fieldNames()[k])
}

// fieldNames are FieldNames by kind, listed once: Managed asks for every
// field of every resource read.
var fieldNames = sync.OnceValue(func() map[Kind][]string {
	names := map[Kind][]string{}
	for _, k := range Kinds {
		for _, f := range zeroSpec(k).Fields() {
			names[k] = append(names[k], f.Name)
		}
	}
	return names
})

// Managed reports whether name is a field octosync manages or the server
// sets on resources of kind k: everything else is unmanaged.
func Managed(k Kind, name string) bool {
	return slices.Contains(ReadOnlyFields, name) || slices.Contains(fieldNames()[k], name)
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
