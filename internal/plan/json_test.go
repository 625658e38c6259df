package plan

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

func TestMarshalRoundTrip(t *testing.T) {
	w := generate(300, 3)
	p, err := Compute(w.desired, w.live, Options{Bases: w.bases})
	if err != nil {
		t.Fatal(err)
	}
	p.Sandbox = true
	p.Warnings = append(p.Warnings, "history unavailable: not a git repository; differences are treated as updates")
	for i := range p.Changes {
		if d := p.Changes[i].Drift; d != nil && i%2 == 0 {
			d.Author = provider.Author{Type: provider.AuthorUser, Name: "alice"}
		}
	}
	cp := "def evaluate_conditions(context):\n    return {\"x\": \"<&>\"}"
	p.Changes = append(p.Changes, Change{
		Action: Create, Key: resource.Key{Business: "zeta", Kind: resource.KindWorkflow, Title: "Nil lists"},
		Path:  "businesses/zeta/workflows/nil.yaml",
		After: resource.Workflow{Title: "Nil lists", ConditionProvider: &cp},
	})
	p.Changes[len(p.Changes)-1].Fields = resource.Diff(nil, p.Changes[len(p.Changes)-1].After)

	data, err := Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, p) {
		for i := range p.Changes {
			if !reflect.DeepEqual(got.Changes[i], p.Changes[i]) {
				t.Fatalf("change %d differs:\n got %#v\nwant %#v", i, got.Changes[i], p.Changes[i])
			}
		}
		t.Fatalf("plan differs:\n got %+v\nwant %+v", got, p)
	}
	again, err := Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, data) {
		t.Fatal("Marshal(Unmarshal(data)) != data")
	}
	if !bytes.HasSuffix(data, []byte("}\n")) || !bytes.HasPrefix(data, []byte("{\n  \"formatVersion\": 1,\n  \"sandbox\": true,\n  \"summary\": {\n    \"create\": ")) {
		t.Errorf("unexpected layout:\n%.200s", data)
	}
}

func TestMarshalEmpty(t *testing.T) {
	data, err := Marshal(&Plan{FormatVersion: FormatVersion, Unchanged: 4})
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "formatVersion": 1,
  "sandbox": false,
  "summary": {
    "create": 0,
    "update": 0,
    "delete": 0,
    "restore": 0,
    "drift": 0,
    "withheld": 0,
    "unchanged": 4
  },
  "changes": [],
  "warnings": []
}
`
	if string(data) != want {
		t.Errorf("got\n%s\nwant\n%s", data, want)
	}
	p, err := Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, &Plan{FormatVersion: 1, Unchanged: 4}) {
		t.Errorf("Unmarshal = %+v", p)
	}
}

func TestUnmarshalErrors(t *testing.T) {
	change := func(fields string) string {
		return `{"formatVersion": 1, "changes": [{"kind": "article", "business": "acme", "title": "T", "id": "art_1", ` + fields + `}]}`
	}
	const art = `{"title": "T", "content": "c", "language": "en", "tags": [], "enabled": true}`
	tests := []struct {
		name, in, want string
		notPlan        bool
	}{
		{name: "not JSON", in: "plan", want: "not an octosync plan: invalid character", notPlan: true},
		{name: "no version", in: `{"changes": []}`, want: "not an octosync plan: formatVersion is missing; write plans with octosync plan --out", notPlan: true},
		{name: "future version", in: `{"formatVersion": 2}`,
			want: "plan format version 2 is not supported: this octosync reads version 1; run octosync plan --out again with this version"},
		{name: "unknown action", in: change(`"action": "move", "after": ` + art),
			want: `change 1 (move acme/article "T"): unknown action "move": expected create, update, delete or restore`},
		{name: "unknown kind", in: strings.Replace(change(`"action": "create", "after": `+art), `"article"`, `"page"`, 1),
			want: `change 1 (create acme/page "T"): unknown kind "page": expected article, workflow or bot-rule`},
		{name: "update without before", in: change(`"action": "update", "after": ` + art),
			want: `change 1 (update acme/article "T"): before must be an object for a update`},
		{name: "delete with after", in: change(`"action": "delete", "before": ` + art + `, "after": ` + art),
			want: `change 1 (delete acme/article "T"): after must be null for a delete`},
		{name: "restore without version", in: change(`"action": "restore", "before": ` + art + `, "after": ` + art),
			want: `change 1 (restore acme/article "T"): restoreVersion is missing: a restore needs the version to bring back`},
		{name: "unknown spec field", in: change(`"action": "create", "after": {"title": "T", "body": "x"}`),
			want: `change 1 (create acme/article "T"): after: article content: json: unknown field "body"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Unmarshal([]byte(tt.in))
			if err == nil {
				t.Fatal("Unmarshal succeeded")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err = %q\nwant prefix %q", err, tt.want)
			}
			if errors.Is(err, ErrNotPlan) != tt.notPlan {
				t.Errorf("errors.Is(err, ErrNotPlan) = %v", !tt.notPlan)
			}
		})
	}
}
