package octocom

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

func TestEncodeSpec(t *testing.T) {
	tests := []struct {
		name string
		spec resource.Spec
	}{
		{"article", testArticle},
		{"article-nil-tags", resource.Article{Title: "T", Content: "c", Language: "de-CH"}},
		{"workflow", testWorkflow},
		{"workflow-minimal", resource.Workflow{Title: "W", Trigger: "t", Instructions: "i", Enabled: true}},
		{"bot-rule", testBotRule},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := encodeSpec(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "body-"+tt.name+".json", append(body, '\n'))
			// Exactly the writable fields of the kind, never null lists.
			var obj map[string]any
			if err := json.Unmarshal(body, &obj); err != nil {
				t.Fatal(err)
			}
			var keys []string
			for k, v := range obj {
				keys = append(keys, k)
				if v == nil && k != "conditionProvider" {
					t.Errorf("%s is null", k)
				}
			}
			slices.Sort(keys)
			want := map[resource.Kind][]string{
				resource.KindArticle:  {"content", "enabled", "language", "tags", "title"},
				resource.KindWorkflow: {"actions", "conditionProvider", "enabled", "instructions", "title", "trigger", "variants"},
				resource.KindBotRule:  {"content", "enabled", "title"},
			}[tt.spec.Kind()]
			if !slices.Equal(keys, want) {
				t.Fatalf("fields = %v, want %v", keys, want)
			}
		})
	}
	if _, err := encodeSpec(nil); err == nil {
		t.Fatal("encodeSpec(nil) succeeded")
	}
}

func TestDecodeResource(t *testing.T) {
	const body = `{"id":"wf_1","version":3,"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-03T03:04:05Z","deletedAt":"2026-01-04T03:04:05Z",
		"title":"W","trigger":"t","instructions":"i","actions":null,"conditionProvider":"code","variants":[{"name":"n","condition":"c","instructions":"x","future":1}],
		"enabled":false,"someFutureField":{"a":1}}`
	fields, _ := objectFields([]byte(body))
	w, err := decodeResource(fields)
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.resource("demo", resource.KindWorkflow)
	if err != nil {
		t.Fatal(err)
	}
	deleted := time.Date(2026, 1, 4, 3, 4, 5, 0, time.UTC)
	want := resource.Resource{
		Business: "demo", ID: "wf_1",
		Spec: resource.Workflow{Title: "W", Trigger: "t", Instructions: "i", Actions: []string{}, ConditionProvider: ptr("code"),
			Variants: []resource.Variant{{Name: "n", Condition: "c", Instructions: "x"}}, Enabled: false},
		Meta: resource.Meta{Version: 3, CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), UpdatedAt: time.Date(2026, 1, 3, 3, 4, 5, 0, time.UTC), DeletedAt: &deleted},
		// A field the kind does not manage is kept as sent, read-only ones
		// are not; so is a key of a variant, by variant name.
		Unmanaged: resource.Unmanaged{"someFutureField": json.RawMessage(`{"a":1}`), "variants": json.RawMessage(`{"n":{"future":1}}`)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}

	// enabled defaults to true, as on the API; a resource needs an id.
	fields, _ = objectFields([]byte(`{"id":"a","title":"T"}`))
	a, _ := decodeResource(fields)
	if r, _ := a.resource("demo", resource.KindBotRule); !r.Spec.(resource.BotRule).Enabled {
		t.Fatal("enabled absent should mean true")
	}
	if _, err := (wireResource{}).resource("demo", resource.KindArticle); err == nil {
		t.Fatal("a resource without an id was accepted")
	}
}

func TestDecodeVersion(t *testing.T) {
	const body = `{"version":4,"changeType":"restore","restoredFrom":1,"createdAt":"2026-01-02T03:04:05Z",
		"author":{"type":"user","name":"ana"},"snapshot":{"title":"R","content":"c","enabled":true}}`
	var w wireVersion
	if err := json.Unmarshal([]byte(body), &w); err != nil {
		t.Fatal(err)
	}
	got, err := w.version(resource.KindBotRule)
	if err != nil {
		t.Fatal(err)
	}
	want := provider.Version{Number: 4, ChangeType: provider.ChangeRestore, RestoredFrom: 1, CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Author: provider.Author{Type: provider.AuthorUser, Name: "ana"}, Snapshot: resource.BotRule{Title: "R", Content: "c", Enabled: true}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

func FuzzDecodeResource(f *testing.F) {
	f.Add([]byte(`{"id":"a","version":1,"title":"T","tags":["x"],"variants":[{"name":"n"}]}`))
	f.Add([]byte(`{"id":"","deletedAt":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		fields, ok := objectFields(body)
		if !ok {
			return
		}
		w, err := decodeResource(fields)
		if err != nil {
			return
		}
		for _, k := range resource.Kinds {
			r, err := w.resource("b", k)
			if err != nil {
				continue
			}
			// What the client reads it can send back, and it reads back
			// equal.
			out, err := encodeSpec(r.Spec)
			if err != nil {
				t.Fatal(err)
			}
			var back wireContent
			if err := json.Unmarshal(out, &back); err != nil {
				t.Fatal(err)
			}
			spec, _ := back.spec(k)
			if !resource.Equal(spec, r.Spec) {
				t.Fatalf("round trip changed %+v into %+v", r.Spec, spec)
			}
		}
	})
}

func TestAnUpdateBodySendsTheUnmanagedFieldsBackButNeverAManagedOrReadOnlyOne(t *testing.T) {
	keep := resource.Unmanaged{
		"visibility": json.RawMessage(`"internal"`),
		"category":   json.RawMessage(`{"name":"billing","weight":1.50}`),
		"version":    json.RawMessage(`7`),        // read-only: never sent
		"title":      json.RawMessage(`"theirs"`), // managed: the file's wins
	}
	body, err := encodeWrite(resource.BotRule{Title: "R", Content: "c", Enabled: true}, keep)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"title":"R","content":"c","enabled":true,"category":{"name":"billing","weight":1.50},"visibility":"internal"}`
	if string(body) != want {
		t.Fatalf("body = %s\nwant   %s", body, want)
	}
}

// TestEncodeWriteKeepsVariantKeys: a variant's keys octosync does not
// manage go back inside the variant of the same name; a renamed variant
// has none, and a workflow's top-level unmanaged fields follow as ever.
func TestEncodeWriteKeepsVariantKeys(t *testing.T) {
	wf := resource.Workflow{Title: "W", Trigger: "t", Instructions: "i", Variants: []resource.Variant{
		{Name: "vip", Condition: "c", Instructions: "x"}, {Name: "renamed", Condition: "d", Instructions: "y"}}, Enabled: true}
	keep := resource.Unmanaged{
		"variants": json.RawMessage(`{"vip":{"weight":{"a":[1,2]},"beta":true},"old":{"weight":3}}`),
		"owner":    json.RawMessage(`"ops"`),
	}
	body, err := encodeWrite(wf, keep)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"title":"W","trigger":"t","instructions":"i","actions":[],"conditionProvider":null,` +
		`"variants":[{"name":"vip","condition":"c","instructions":"x","beta":true,"weight":{"a":[1,2]}},{"name":"renamed","condition":"d","instructions":"y"}],` +
		`"enabled":true,"owner":"ops"}`
	if string(body) != want {
		t.Fatalf("body\n%s\nwant\n%s", body, want)
	}
	if names := keep.FieldNames(resource.KindWorkflow); !reflect.DeepEqual(names, []string{"owner", "variants[].beta", "variants[].weight"}) {
		t.Errorf("FieldNames = %v", names)
	}
}
