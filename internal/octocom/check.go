package octocom

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/octosync/octosync/internal/resource"
)

// Mismatch is one way a JSON answer differs from the contract (contract.go):
// a field the client reads that is missing or holds another type.
type Mismatch struct {
	// Field is the path of the field in the answer: "data[3].title",
	// "pagination.totalPages", "" for the answer itself.
	Field string `json:"field"`
	// Want is what the client expects ("a string"); Got what the answer
	// holds ("a number", "nothing").
	Want string `json:"want"`
	Got  string `json:"got"`
	// Fatal: the client cannot read the answer with it (a wrong type, or
	// an essential field missing); other mismatches are missing fields the
	// client has a default for, which doctor reports and decoding allows.
	Fatal bool `json:"-"`
}

// String renders "data[3].title: a number where a string is expected".
func (m Mismatch) String() string {
	subject := m.Field
	if subject == "" {
		subject = "the answer"
	}
	if m.Got == gotNothing {
		return fmt.Sprintf("%s is missing (%s is expected)", subject, m.Want)
	}
	return fmt.Sprintf("%s: %s where %s is expected", subject, m.Got, m.Want)
}

const gotNothing = "nothing"

// CheckAnswer compares the JSON body with the contract's schema: every
// field the client reads must be there (when required) with its type.
// Fields the contract does not name are not mismatches: an API may grow.
func CheckAnswer(body []byte, schema string) []Mismatch {
	var out []Mismatch
	checkValue(&out, nil, body, Field{Type: TypeObject, Schema: schema, Required: true})
	return out
}

// where is the place of a value in an answer, spelled ("data[3].title")
// only when a mismatch names it: an answer that matches costs no string.
type where struct {
	parent *where
	name   string // a field's name; "" for an array's element
	index  int
}

func (w *where) String() string {
	if w == nil {
		return ""
	}
	if w.name == "" {
		return w.parent.String() + "[" + strconv.Itoa(w.index) + "]"
	}
	return join(w.parent.String(), w.name)
}

// checkValue checks one value against f, appending what differs.
func checkValue(out *[]Mismatch, at *where, raw json.RawMessage, f Field) {
	got := jsonType(raw)
	switch {
	case got == "null" && f.Nullable:
		return
	case got != f.Type && !(got == TypeInteger && f.Type == "number"):
		*out = append(*out, Mismatch{Field: at.String(), Want: withArticle(f.Type), Got: withArticle(got), Fatal: true})
		return
	}
	switch f.Type {
	case TypeString:
		if f.Format == "date-time" {
			s, _ := unquote(raw)
			if _, err := time.Parse(time.RFC3339, s); err != nil {
				*out = append(*out, Mismatch{Field: at.String(), Want: "an RFC 3339 date-time", Got: strconv.Quote(cut(s)), Fatal: true})
			}
		}
	case TypeArray:
		var items []json.RawMessage
		_ = json.Unmarshal(raw, &items)
		for i, item := range items {
			checkValue(out, &where{parent: at, index: i}, item, Field{Type: f.Items, Schema: f.Schema})
		}
	case TypeObject:
		if s, ok := Schemas[f.Schema]; ok {
			fields, _ := objectFields(raw)
			checkFields(out, at, fields, s)
		}
	}
}

// checkFields checks the fields of an object against s.
func checkFields(out *[]Mismatch, at *where, fields map[string]json.RawMessage, s Schema) {
	for _, sf := range s.Fields {
		checkField(out, at, fields, sf)
	}
}

// checkField checks one field of an object, present or not.
func checkField(out *[]Mismatch, at *where, fields map[string]json.RawMessage, f Field) {
	v, ok := fields[f.Name]
	switch {
	case ok:
		checkValue(out, &where{parent: at, name: f.Name}, v, f)
	case f.Required:
		*out = append(*out, Mismatch{Field: join(at.String(), f.Name), Want: withArticle(f.Type), Got: gotNothing, Fatal: f.Essential})
	}
}

// objectFields decodes a JSON object into its fields, each value as sent;
// ok is false when raw is not an object.
func objectFields(raw []byte) (fields map[string]json.RawMessage, ok bool) {
	if jsonType(raw) != TypeObject {
		return nil, false
	}
	return fields, json.Unmarshal(raw, &fields) == nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// jsonType is the JSON type of raw as OpenAPI names it: a number without
// fraction or exponent is an integer.
func jsonType(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return gotNothing
	}
	switch c := raw[0]; {
	case c == '"':
		return TypeString
	case c == '{':
		return TypeObject
	case c == '[':
		return TypeArray
	case c == 't' || c == 'f':
		return TypeBoolean
	case c == 'n':
		return "null"
	case c != '-' && (c < '0' || c > '9'):
		return "not JSON"
	case bytes.ContainsAny(raw, ".eE"):
		return "number"
	}
	return TypeInteger
}

// article names a JSON type for a sentence: "a string", "an integer".
func withArticle(t string) string {
	switch t {
	case TypeInteger, TypeArray, TypeObject:
		return "an " + t
	case "null", gotNothing:
		return t
	}
	return "a " + t
}

func cut(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// mismatchError is the error of an answer the client cannot read: the
// request, the first differences, and what to run.
func (c *Client) mismatchError(cl call, ms []Mismatch) error {
	const shown = 3
	parts := make([]string, 0, shown)
	for i, m := range ms {
		if i == shown {
			break
		}
		parts = append(parts, m.String())
	}
	more := ""
	if len(ms) > shown {
		more = fmt.Sprintf(" (and %d more)", len(ms)-shown)
	}
	return fmt.Errorf("%s %s: the answer is not what octosync reads: %s%s; run `octosync doctor` to compare this API with the one octosync knows",
		cl.method, cl.target(), c.red.line(strings.Join(parts, "; ")), more)
}

// fatal is the error of the mismatches the client cannot read past, nil
// when there are none.
func (c *Client) fatal(cl call, ms []Mismatch) error {
	ms = slices.DeleteFunc(ms, func(m Mismatch) bool { return !m.Fatal })
	if len(ms) == 0 {
		return nil
	}
	return c.mismatchError(cl, ms)
}

// contentSchemas are the schemas whose fields are a resource's content:
// fields beside them are the resource's own (unmanaged, kept by updates),
// fields inside their object fields are not kept.
func contentSchema(name string) bool {
	for _, k := range resource.Kinds {
		if name == ResourceSchema(k) || name == snapshotSchema(k) {
			return true
		}
	}
	return false
}

// NestedUnknown lists the fields of an answer that sit inside a field
// octosync manages and that the contract does not name, by path: an
// update sends the managed field as octosync knows it, so it would drop
// them. Unknown fields of the resource itself are not listed: they are its
// unmanaged fields, which updates keep; nor are unknown keys of a workflow
// variant, which updates keep too (resource.VariantKeys).
func NestedUnknown(body []byte, schema string) []string {
	var out []string
	nestedUnknown(&out, "", body, schema, false)
	return out
}

func nestedUnknown(out *[]string, path string, raw json.RawMessage, schema string, inContent bool) {
	s, ok := Schemas[schema]
	if !ok || jsonType(raw) != TypeObject {
		return
	}
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(raw, &fields)
	known := map[string]Field{}
	for _, f := range s.Fields {
		known[f.Name] = f
	}
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		f, ok := known[name]
		if !ok {
			if inContent && schema != variantSchema {
				*out = append(*out, join(path, name))
			}
			continue
		}
		child := inContent || contentSchema(schema)
		switch {
		case f.Type == TypeObject && f.Schema != "":
			nestedUnknown(out, join(path, name), fields[name], f.Schema, child)
		case f.Type == TypeArray && f.Schema != "":
			var items []json.RawMessage
			_ = json.Unmarshal(fields[name], &items)
			for i, item := range items {
				nestedUnknown(out, join(path, name)+"["+strconv.Itoa(i)+"]", item, f.Schema, child)
			}
		}
	}
}
