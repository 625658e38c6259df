package yamlnode

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/internal/diag"
)

// Schema is a compiled JSON Schema together with its source, which error
// messages read for titles, examples and allowed keys. It is immutable and
// safe for concurrent use.
type Schema struct {
	name     string
	compiled *jsonschema.Schema
	raw      any // the schema document as decoded JSON
}

// Compile compiles one self-contained JSON Schema document. name is its file
// name ("article.schema.json"); it only identifies the schema in errors.
// Compiling is expensive: do it once and share the result.
func Compile(name string, data []byte) (*Schema, error) {
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	loc := "octosync:///" + url.PathEscape(name)
	c := jsonschema.NewCompiler()
	if err := c.AddResource(loc, raw); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	compiled, err := c.Compile(loc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &Schema{name: name, compiled: compiled, raw: raw}, nil
}

// Name is the schema's file name.
func (s *Schema) Name() string { return s.name }

// Validate converts root to JSON and checks it against the schema. It
// returns the JSON value (see ToJSON) and every problem found, positioned at
// the key or value concerned, sorted. Errors a user should not see are
// dropped here: a scalar of another type where a string is expected (read by
// its text instead, see Str) and a null optional key (not set).
func (s *Schema) Validate(path string, root *yaml.Node) (any, diag.List) {
	v, diags := ToJSON(path, root)
	err := s.compiled.Validate(v)
	if err == nil {
		return v, diags.Sort()
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		diags.Errorf(path, diag.Pos{}, "%s: %v", s.name, err)
		return v, diags.Sort()
	}
	t := translator{schema: s, path: path, root: root}
	errs := leaves(ve, nil)
	t.noteMisspellings(errs)
	for _, leaf := range errs {
		diags.Add(t.translate(leaf)...)
	}
	return v, diags.Sort()
}

// leaves collects the errors of a validation error tree that have no
// causes: the concrete failures, not the "properties failed" groups above
// them.
func leaves(e *jsonschema.ValidationError, out []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	// A key name's problem is reported as the key's, not as its causes
	// (which locate a name as if it were a value).
	if _, name := e.ErrorKind.(*kind.PropertyNames); name || len(e.Causes) == 0 {
		return append(out, e)
	}
	for _, c := range e.Causes {
		out = leaves(c, out)
	}
	return out
}

// sub returns the raw subschema a validation error's SchemaURL points to
// ("octosync:///x.schema.json#/properties/tags"); nil if it cannot be found.
func (s *Schema) sub(schemaURL string) map[string]any {
	_, frag, _ := strings.Cut(schemaURL, "#")
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	cur := s.raw
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch c := cur.(type) {
		case map[string]any:
			cur = c[tok]
		case []any:
			i := 0
			if _, err := fmt.Sscan(tok, &i); err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	m, _ := cur.(map[string]any)
	return m
}
