package plan

import (
	"bytes"
	"reflect"
	"testing"
)

// FuzzUnmarshal: Unmarshal never panics, and whatever it accepts survives
// Marshal and Unmarshal unchanged.
func FuzzUnmarshal(f *testing.F) {
	p, err := Compute(generate(30, 5).desired, generate(30, 5).live, Options{Bases: generate(30, 5).bases})
	if err != nil {
		f.Fatal(err)
	}
	seed, err := Marshal(p)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"formatVersion": 1, "changes": [{"action": "delete", "kind": "bot-rule", "id": "r", "before": {"title": "T"},
		"drift": {"author": {"type": "user", "name": "a"}, "at": "2026-01-02T03:04:05+02:00", "version": 3}}]}`))
	f.Add([]byte(`{"formatVersion": 2}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Unmarshal(data)
		if err != nil {
			return
		}
		out, err := Marshal(p)
		if err != nil {
			t.Fatalf("Marshal of an accepted plan: %v", err)
		}
		q, err := Unmarshal(out)
		if err != nil {
			t.Fatalf("Unmarshal(Marshal(p)): %v\n%s", err, out)
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("round trip changed the plan:\n%#v\n%#v", p, q)
		}
		again, _ := Marshal(q)
		if !bytes.Equal(out, again) {
			t.Fatal("Marshal is not stable")
		}
	})
}
