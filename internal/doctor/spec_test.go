package doctor

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/schema"
)

// failures runs CheckSpec on data and returns the failed checks' texts.
func failures(t *testing.T, name string, data []byte) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := CheckSpec(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range r.Sections {
		for _, c := range s.Checks {
			if !c.OK {
				out = append(out, c.Text)
			}
		}
	}
	if r.OK != (len(out) == 0) {
		t.Fatalf("OK = %v with %d failures", r.OK, len(out))
	}
	return out
}

func TestTheBundledSpecPromisesEverythingTheClientUses(t *testing.T) {
	if got := failures(t, "openapi.yaml", schema.OpenAPI); len(got) > 0 {
		t.Fatalf("schema/openapi.yaml differs from the client's contract:\n%s", strings.Join(got, "\n"))
	}
}

func TestEachEditOfTheSpecIsNamed(t *testing.T) {
	spec := string(schema.OpenAPI)
	cut := func(from, to string) string {
		i, j := strings.Index(spec, from), strings.Index(spec, to)
		return spec[:i] + spec[j:]
	}
	for _, tt := range []struct {
		name   string
		edited string
		want   []string
	}{
		{"a version path removed",
			cut("  /businesses/{slug}/workflows/{id}/versions:\n", "  /businesses/{slug}/workflows/{id}/versions/{n}:\n"),
			[]string{"no path /businesses/{slug}/workflows/{id}/versions in the document (GET /businesses/{slug}/workflows/{id}/versions)"}},
		{"a field renamed",
			strings.Replace(spec, "        changeType:\n", "        kind:\n", 3),
			[]string{"answer field data[].changeType is not in the document (octosync reads it)", "answer field changeType is not in the document (octosync reads it)"}},
		{"a type changed",
			strings.Replace(spec, "        totalItems:\n          type: integer", "        totalItems:\n          type: string", 1),
			[]string{"answer field pagination.totalItems is a string in the document, octosync expects an integer"}},
		{"a method removed",
			strings.Replace(spec, "    delete:\n", "    x-delete:\n", 1),
			[]string{"path /businesses/{slug}/articles/{id} has no DELETE (DELETE /businesses/{slug}/articles/{id})"}},
		{"a field no longer required",
			strings.Replace(spec, "    Pagination:\n      type: object\n      additionalProperties: false\n      required:\n      - page\n", "    Pagination:\n      type: object\n      additionalProperties: false\n      required:\n", 1),
			[]string{"answer field pagination.page is optional in the document, octosync reads it from every answer"}},
		{"a parameter renamed",
			strings.Replace(spec, "    includeDeleted:\n      name: includeDeleted", "    includeDeleted:\n      name: withDeleted", 1),
			[]string{"no query parameter includeDeleted (GET /businesses/{slug}/articles and 2 more)"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := failures(t, "edited.yaml", []byte(tt.edited))
			all := strings.Join(got, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("failures do not name %q:\n%s", w, all)
				}
			}
		})
	}
}

// TestAnOpenAPI31DocumentInJSONIsRead converts the bundled document to
// OpenAPI 3.1 (type lists with "null" instead of nullable) as JSON, and
// adds a required request field octosync does not send.
func TestAnOpenAPI31DocumentInJSONIsRead(t *testing.T) {
	var doc map[string]any
	if err := yaml.Unmarshal(schema.OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	doc["openapi"] = "3.1.0"
	var to31 func(v any)
	to31 = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["nullable"] == true {
				delete(v, "nullable")
				if t, ok := v["type"].(string); ok {
					v["type"] = []any{t, "null"}
				}
			}
			for _, x := range v {
				to31(x)
			}
		case []any:
			for _, x := range v {
				to31(x)
			}
		}
	}
	to31(doc)
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if got := failures(t, "openapi.json", data); len(got) > 0 {
		t.Fatalf("the 3.1 form differs:\n%s", strings.Join(got, "\n"))
	}
	input := doc["components"].(map[string]any)["schemas"].(map[string]any)["BotRuleInput"].(map[string]any)
	input["required"] = append(input["required"].([]any), "priority")
	input["properties"].(map[string]any)["priority"] = map[string]any{"type": "integer"}
	data, _ = json.Marshal(doc)
	got := strings.Join(failures(t, "openapi.json", data), "\n")
	if !strings.Contains(got, "request body field priority is required by the document, octosync does not send it") {
		t.Fatalf("a new required field is not named:\n%s", got)
	}
}

func TestASpecThatCannotBeReadIsOneLine(t *testing.T) {
	dir := t.TempDir()
	large := filepath.Join(dir, "large.yaml")
	f, err := os.Create(large)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(MaxSpecBytes + 1) // sparse: never read
	f.Close()
	for name, tt := range map[string]struct {
		data []byte
		want string
	}{
		"not.yaml":     {[]byte("title: a blog post\n"), "not an OpenAPI 3.0 or 3.1 document"},
		"swagger.json": {[]byte(`{"swagger": "2.0"}`), "a Swagger 2.0 document"},
		"garbage.yaml": {[]byte("\t{["), "not an OpenAPI document"},
		"broken.yaml":  {bytes.ReplaceAll(schema.OpenAPI, []byte("schemas/Author'"), []byte("schemas/Nobody'")), `"Nobody"`},
		"large.yaml":   {nil, "larger than 64 MiB"},
	} {
		path := filepath.Join(dir, name)
		if tt.data != nil {
			os.WriteFile(path, tt.data, 0o644)
		}
		_, err := CheckSpec(path)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), path+": ") {
			t.Errorf("%s: err = %v, want one line starting with the path and saying %q", name, err, tt.want)
		}
	}
}
