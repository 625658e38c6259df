package schema_test

import (
	"context"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/octosync/octosync/schema"
)

// TestOpenAPIIsValid checks that the embedded document is a valid OpenAPI
// 3.0 document with every route of the contract.
func TestOpenAPIIsValid(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(schema.OpenAPI)
	if err != nil {
		t.Fatalf("openapi.yaml does not load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.yaml is not valid: %v", err)
	}
	for _, kind := range []string{"articles", "workflows", "bot-rules"} {
		base := "/businesses/{slug}/" + kind
		for path, methods := range map[string][]string{
			base:                                {"GET", "POST"},
			base + "/{id}":                      {"GET", "PUT", "DELETE"},
			base + "/{id}/versions":             {"GET"},
			base + "/{id}/versions/{n}":         {"GET"},
			base + "/{id}/versions/{n}/restore": {"POST"},
		} {
			item := doc.Paths.Value(path)
			if item == nil {
				t.Errorf("path %s is missing", path)
				continue
			}
			for _, m := range methods {
				if item.GetOperation(m) == nil {
					t.Errorf("%s %s is missing", m, path)
				}
			}
		}
	}
	if doc.Paths.Value("/businesses") == nil {
		t.Error("path /businesses is missing")
	}
	if s := doc.Components.SecuritySchemes["apiKey"]; s == nil || s.Value.In != "header" || s.Value.Name != "X-API-Key" {
		t.Error("security scheme apiKey (header X-API-Key) is missing")
	}
}
