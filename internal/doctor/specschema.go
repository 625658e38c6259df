package doctor

import (
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/octosync/octosync/internal/octocom"
)

// schema compares the contract's schema cs with the document's s at path
// ("" for the body itself, "data[]" for a list's items). In a request body
// every field octosync sends must be in the document and nothing else may
// be required; in an answer every field octosync reads must be there,
// required when octosync reads it from every answer, and never null
// unless octosync accepts null.
func (sc *specCheck) schema(op octocom.Operation, where string, cs octocom.Schema, s *openapi3.Schema, request bool, path ...string) {
	props, required := properties(s)
	at := strings.Join(path, ".")
	for _, f := range cs.Fields {
		field := f.Name
		if at != "" {
			field = at + "." + f.Name
		}
		ref := props[f.Name]
		if ref == nil || ref.Value == nil {
			if request {
				sc.add(op, "%s field %s is not in the document (octosync sends it)", where, field)
			} else {
				sc.add(op, "%s field %s is not in the document (octosync reads it)", where, field)
			}
			continue
		}
		v := ref.Value
		if !typeAllows(v, f.Type) {
			sc.add(op, "%s field %s is %s in the document, octosync expects %s", where, field, typesOf(v), withArticle(f.Type))
			continue
		}
		if !request && f.Required && !slices.Contains(required, f.Name) {
			sc.add(op, "%s field %s is optional in the document, octosync reads it from every answer", where, field)
		}
		if !request && !f.Nullable && nullable(v) {
			sc.add(op, "%s field %s may be null in the document, octosync expects %s", where, field, withArticle(f.Type))
		}
		if f.Format != "" && v.Format != "" && v.Format != f.Format {
			sc.add(op, "%s field %s has format %s in the document, octosync reads %s", where, field, v.Format, f.Format)
		}
		sc.nested(op, where, f, v, request, append(slices.Clone(path), f.Name))
	}
	if request {
		for _, r := range required {
			if !slices.ContainsFunc(cs.Fields, func(f octocom.Field) bool { return f.Name == r }) {
				sc.add(op, "%s field %s is required by the document, octosync does not send it", where, strings.Join(append(slices.Clone(path), r), "."))
			}
		}
	}
}

// nested compares an object field's schema, or an array's items.
func (sc *specCheck) nested(op octocom.Operation, where string, f octocom.Field, v *openapi3.Schema, request bool, path []string) {
	switch f.Type {
	case octocom.TypeObject:
		if f.Schema != "" {
			sc.schema(op, where, octocom.Schemas[f.Schema], v, request, path...)
		}
	case octocom.TypeArray:
		items := v.Items
		if items == nil || items.Value == nil {
			return // any items: nothing to hold against
		}
		path[len(path)-1] += "[]"
		if f.Schema != "" {
			sc.schema(op, where, octocom.Schemas[f.Schema], items.Value, request, path...)
		} else if !typeAllows(items.Value, f.Items) {
			sc.add(op, "%s field %s holds %s in the document, octosync expects %s", where, strings.Join(path, "."), typesOf(items.Value), withArticle(f.Items))
		}
	}
}

// properties are s's properties and required names, allOf parts included.
func properties(s *openapi3.Schema) (openapi3.Schemas, []string) {
	props := openapi3.Schemas{}
	var required []string
	var walk func(*openapi3.Schema)
	walk = func(s *openapi3.Schema) {
		for name, p := range s.Properties {
			props[name] = p
		}
		required = append(required, s.Required...)
		for _, part := range s.AllOf {
			if part != nil && part.Value != nil {
				walk(part.Value)
			}
		}
	}
	walk(s)
	return props, required
}

// types are the JSON types s allows, from its type or its allOf parts;
// empty when the document does not say.
func types(s *openapi3.Schema) []string {
	var out []string
	if s.Type != nil {
		out = append(out, (*s.Type)...)
	}
	if len(out) == 0 {
		for _, part := range s.AllOf {
			if part != nil && part.Value != nil {
				out = append(out, types(part.Value)...)
			}
		}
	}
	return out
}

// typeAllows reports whether s allows values of JSON type want; a schema
// that names no type allows anything.
func typeAllows(s *openapi3.Schema, want string) bool {
	ts := slices.DeleteFunc(types(s), func(t string) bool { return t == "null" })
	return len(ts) == 0 || slices.Contains(ts, want)
}

// nullable reports whether s allows null (3.0 nullable, 3.1 type null).
func nullable(s *openapi3.Schema) bool {
	return s.Nullable || slices.Contains(types(s), "null")
}

func typesOf(s *openapi3.Schema) string {
	ts := types(s)
	for i, t := range ts {
		ts[i] = withArticle(t)
	}
	return strings.Join(ts, " or ")
}

func withArticle(t string) string {
	switch t {
	case "integer", "array", "object":
		return "an " + t
	case "null":
		return t
	}
	return "a " + t
}

// opBreaks says which commands fail while op is not what octosync sends.
func opBreaks(op octocom.Operation) string {
	p := op.Path
	switch {
	case p == "/businesses":
		return breaksAll
	case strings.HasSuffix(p, "/restore"):
		return "apply (restores) and rollback"
	case strings.HasSuffix(p, "/versions/{n}"):
		return breaksVersion
	case strings.HasSuffix(p, "/versions"):
		return breaksHistory
	case strings.HasSuffix(p, "/macros"):
		return "pull of macros"
	case strings.HasSuffix(p, "/{id}") && op.Method == "PUT":
		return "apply (updates) and rollback"
	case strings.HasSuffix(p, "/{id}") && op.Method == "DELETE":
		return "apply --prune (deletes)"
	case strings.HasSuffix(p, "/{id}"):
		return "apply (checking a write whose answer was lost)"
	case op.Method == "POST":
		return "apply (creates)"
	}
	return "plan, apply, pull, history and rollback"
}
