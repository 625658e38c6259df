package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// ExtraFields give a kind writable fields beyond the contract's, as a real
// API may have fields octosync does not know (Seed.ExtraFields): by kind,
// each field's name and default value. They have replace semantics like
// every writable field: a POST or PUT without one sets it to its default,
// a value of another JSON type than the default's is a 422, and a field
// that is neither in the contract nor here stays a 422 too.
type ExtraFields map[Kind]map[string]json.RawMessage

// VariantKind is ExtraFields' key for the extra keys of every workflow
// variant (seed: "workflowVariants"), as a real API may have keys inside a
// variant that octosync does not know. They have the same replace
// semantics inside each variant.
const VariantKind Kind = "workflowVariants"

// variantFields are the keys of a workflow variant in the contract.
var variantFields = []string{"name", "condition", "instructions"}

// contentFields are the writable fields of each kind in the contract.
var contentFields = map[Kind][]string{
	KindArticle:  {"title", "content", "language", "tags", "enabled"},
	KindWorkflow: {"title", "trigger", "instructions", "actions", "conditionProvider", "variants", "enabled"},
	KindBotRule:  {"title", "content", "enabled"},
}

// extraValues holds a content's extra fields, by name.
type extraValues struct {
	Extra map[string]json.RawMessage `json:"-"`
}

func (e *extraValues) extras() *map[string]json.RawMessage { return &e.Extra }

// check refuses extra fields that clash with the contract's fields or hold
// no JSON value.
func (x ExtraFields) check() error {
	for _, k := range append(slices.Clone(Kinds), VariantKind) {
		for _, name := range slices.Sorted(maps.Keys(x[k])) {
			if slices.Contains(contentFields[k], name) || slices.Contains(readOnlyFields, name) || k == VariantKind && slices.Contains(variantFields, name) {
				return fmt.Errorf("extraFields: %s: %q is already a field of the API", seedField(k), name)
			}
			if !json.Valid(x[k][name]) {
				return fmt.Errorf("extraFields: %s: %q: the default is not a JSON value", seedField(k), name)
			}
		}
	}
	return nil
}

// readExtras sets c's extra fields from obj (decoded with UseNumber), each
// missing one to its default; a value of another JSON type than the
// default's fails.
func (r *fieldReader) readExtras(c Content, obj map[string]any, defaults map[string]json.RawMessage) {
	if out := r.extraValues(obj, "", defaults); out != nil {
		*c.extras() = out
	}
}

// extraValues reads the extra fields defaults names from obj (at path
// prefix), each missing one set to its default; nil without defaults.
func (r *fieldReader) extraValues(obj map[string]any, prefix string, defaults map[string]json.RawMessage) map[string]json.RawMessage {
	if len(defaults) == 0 {
		return nil
	}
	out := map[string]json.RawMessage{}
	for name, def := range defaults {
		v, ok := obj[name]
		if !ok {
			out[name] = def
			continue
		}
		b, _ := json.Marshal(v) // cannot fail: decoded JSON
		if want, got := rawType(def), rawType(b); want != got && want != "null" {
			r.fail(join(prefix, name), "must be a "+want)
			continue
		}
		out[name] = b
	}
	return out
}

// rawType is the JSON type of a value: string, number, boolean, array,
// object or null.
func rawType(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// appendExtras writes c's extra fields, sorted by name, into the JSON
// object enc (which it ends).
func appendExtras(enc []byte, c Content) []byte { return appendFields(enc, *c.extras()) }

// appendFields writes extra, sorted by name, into the JSON object enc
// (which it ends).
func appendFields(enc []byte, extra map[string]json.RawMessage) []byte {
	if len(extra) == 0 {
		return enc
	}
	out := bytes.NewBuffer(enc[: len(enc)-1 : len(enc)-1])
	for _, name := range slices.Sorted(maps.Keys(extra)) {
		out.WriteByte(',')
		writeJSONString(out, name)
		out.WriteByte(':')
		out.Write(extra[name])
	}
	out.WriteByte('}')
	return out.Bytes()
}

// snapshotExtras reads the extra fields of a stored snapshot: every field
// that is not one of the kind's contract fields.
func snapshotExtras(c Content, snap json.RawMessage) error {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(snap, &all); err != nil {
		return err
	}
	for name, v := range all {
		if slices.Contains(contentFields[c.Kind()], name) {
			continue
		}
		if *c.extras() == nil {
			*c.extras() = map[string]json.RawMessage{}
		}
		(*c.extras())[name] = v
	}
	return nil
}
