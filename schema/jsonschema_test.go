package schema

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestJSONSchemas checks that every embedded schema compiles as draft
// 2020-12 and is written for editors: a title and description on every
// property, and no object that silently accepts unknown keys.
func TestJSONSchemas(t *testing.T) {
	all := JSONSchemas()
	var names []string
	for name := range all {
		names = append(names, name)
	}
	slices.Sort(names)
	want := []string{ArticleSchema, BotRuleSchema, ConfigSchema, TestSchema, WorkflowSchema}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("JSONSchemas() has %v, want %v", names, want)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(all[name]))
			if err != nil {
				t.Fatal(err)
			}
			c := jsonschema.NewCompiler()
			if err := c.AddResource("mem:///"+name, doc); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Compile("mem:///" + name); err != nil {
				t.Fatal(err)
			}
			root := doc.(map[string]any)
			if root["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
				t.Errorf("$schema = %v", root["$schema"])
			}
			checkDocumented(t, "#", root)
		})
	}
	// The map is a copy: changing it does not change the next call.
	all[ArticleSchema][0] = 'x'
	if JSONSchemas()[ArticleSchema][0] != '{' {
		t.Error("JSONSchemas shares its buffers")
	}
}

func checkDocumented(t *testing.T, at string, s map[string]any) {
	t.Helper()
	for _, k := range []string{"title", "description"} {
		if v, _ := s[k].(string); v == "" {
			t.Errorf("%s has no %s", at, k)
		}
	}
	// An object either lists its keys, or is a map whose keys the user
	// names (environments, values): then propertyNames bounds the keys and
	// additionalProperties documents every value.
	if m, ok := s["additionalProperties"].(map[string]any); ok && s["propertyNames"] != nil {
		checkDocumented(t, at+"/additionalProperties", m)
	} else if s["type"] == "object" && s["additionalProperties"] != false {
		t.Errorf("%s allows unknown keys", at)
	}
	if s["type"] != "object" && s["type"] != "array" {
		if ex, _ := s["examples"].([]any); len(ex) == 0 {
			t.Errorf("%s has no example (error messages quote it)", at)
		}
	}
	props, _ := s["properties"].(map[string]any)
	for name, p := range props {
		checkDocumented(t, at+"/properties/"+name, p.(map[string]any))
	}
	if items, ok := s["items"].(map[string]any); ok {
		checkDocumented(t, at+"/items", items)
	}
}

// TestJSONSchemasAreJSON guards against a stray edit: each file must be
// plain JSON that encoding/json reads too (editors use other parsers).
func TestJSONSchemasAreJSON(t *testing.T) {
	for name, data := range JSONSchemas() {
		if !json.Valid(data) {
			t.Errorf("%s is not valid JSON", name)
		}
	}
}

// TestWorkflowVariantCondition follows the server (openapi.yaml Variant):
// a variant's condition may be empty or left out; name and instructions
// may not.
func TestWorkflowVariantCondition(t *testing.T) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchemas()[WorkflowSchema]))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("mem:///w", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("mem:///w")
	if err != nil {
		t.Fatal(err)
	}
	const head = `{"title": "W", "trigger": "t", "instructions": "i", "variants": [`
	tests := []struct {
		variant string
		valid   bool
	}{
		{`{"name": "A", "condition": "isA", "instructions": "x"}`, true},
		{`{"name": "A", "condition": "", "instructions": "x"}`, true},
		{`{"name": "A", "instructions": "x"}`, true},
		{`{"name": "", "condition": "isA", "instructions": "x"}`, false},
		{`{"name": "A", "condition": "isA"}`, false},
	}
	for _, tt := range tests {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(head + tt.variant + "]}")))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(inst); (err == nil) != tt.valid {
			t.Errorf("variant %s: valid = %v, want %v (%v)", tt.variant, err == nil, tt.valid, err)
		}
	}
}
