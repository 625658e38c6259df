package plan

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/octosync/octosync/internal/resource"
)

func withUnmanaged(r resource.Resource, u resource.Unmanaged) resource.Resource {
	r.Unmanaged = u
	return r
}

func TestUpdateCarriesTheLiveUnmanagedFieldsAndThePlanCountsThemPerKind(t *testing.T) {
	extra := resource.Unmanaged{"category": json.RawMessage(`"billing"`), "visibility": json.RawMessage(`"internal"`)}
	live := Live{Resources: []resource.Resource{
		withUnmanaged(remote("demo", "art_1", 3, article("Refunds", "Old.")), extra),
		withUnmanaged(remote("demo", "art_2", 1, article("Shipping", "Same.")), resource.Unmanaged{"category": json.RawMessage(`"ops"`)}),
		withUnmanaged(gone("demo", "art_3", 2, article("Gone", "x")), extra), // deleted: not counted
		remote("demo", "rule_1", 1, rule("Kind", "Be kind.", true)),
	}}
	desired := Desired{Businesses: []string{"demo"}, Resources: []resource.Resource{
		file("demo", "businesses/demo/articles/refunds.md", "art_1", article("Refunds", "New.")),
		file("demo", "businesses/demo/articles/shipping.md", "art_2", article("Shipping", "Same.")),
		file("demo", "businesses/demo/bot-rules/kind.md", "rule_1", rule("Kind", "Be kind.", true)),
	}}
	p, err := Compute(desired, live, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var update *Change
	for i := range p.Changes {
		if p.Changes[i].Action == Update {
			update = &p.Changes[i]
		}
	}
	if update == nil || !reflect.DeepEqual(update.Unmanaged, extra) {
		t.Fatalf("update = %+v, want it to carry %v", update, extra)
	}
	want := []UnmanagedKind{{Kind: resource.KindArticle, Fields: []UnmanagedField{{"category", 2}, {"visibility", 1}}}}
	if !reflect.DeepEqual(p.Unmanaged, want) {
		t.Fatalf("Unmanaged = %+v, want %+v", p.Unmanaged, want)
	}
	const line = "live articles carry 2 fields octosync does not manage (category on 2, visibility on 1): kept as they are"
	if got := p.Unmanaged[0].Line(); got != line {
		t.Fatalf("Line = %q\nwant   %q", got, line)
	}

	// A saved plan keeps both, values compact as the server sent them.
	data, err := Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Unmanaged, p.Unmanaged) {
		t.Fatalf("saved plan's unmanaged = %+v", back.Unmanaged)
	}
	for _, c := range back.Changes {
		if c.Action == Update && !reflect.DeepEqual(c.Unmanaged, extra) {
			t.Fatalf("saved update's unmanaged = %v, want %v", c.Unmanaged, extra)
		}
	}
}
