package values

import (
	"errors"
	"reflect"
	"testing"

	"github.com/octosync/octosync/internal/resource"
)

var damaged = resource.Workflow{
	Title:        "Damaged product",
	Trigger:      "When a customer writes to ${{ values.email }}.",
	Instructions: "Ask {{customer.firstName}} for a photo; send it to ${{ values.email }}.",
	Actions:      []string{"getOrderById"},
	Variants: []resource.Variant{
		{Name: "${{ values.email }}", Condition: "isRefunded", Instructions: "Refund at ${{values.shop}}."},
	},
	Enabled: true,
}

func TestRenderSpec(t *testing.T) {
	got, err := RenderSpec(damaged, northwind)
	if err != nil {
		t.Fatal(err)
	}
	want := damaged
	want.Trigger = "When a customer writes to support@northwind.example."
	want.Instructions = "Ask {{customer.firstName}} for a photo; send it to support@northwind.example."
	want.Variants = []resource.Variant{{Name: "${{ values.email }}", Condition: "isRefunded", Instructions: "Refund at https://shop.northwind.example."}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("RenderSpec =\n%+v\nwant\n%+v", got, want)
	}
	if damaged.Variants[0].Instructions != "Refund at ${{values.shop}}." {
		t.Error("RenderSpec changed its argument's variants")
	}

	_, err = RenderSpec(resource.BotRule{Title: "x", Content: "Mail ${{ values.mail }}"}, northwind)
	var fe *FieldError
	var missing *MissingError
	if !errors.As(err, &fe) || fe.Field != "content" || !errors.As(err, &missing) || missing.Name != "mail" {
		t.Errorf("RenderSpec with an unknown value: %v", err)
	}
}

func TestRestoreSpecKeepsPlaceholders(t *testing.T) {
	live, _ := RenderSpec(damaged, northwind)
	lw := live.(resource.Workflow)
	lw.Instructions = "Ask {{customer.firstName}} for two photos; send them to support@northwind.example."
	lw.Trigger = "When a customer writes to help@northwind.example."
	lw.Variants = append(lw.Variants, resource.Variant{Name: "New", Condition: "isNew", Instructions: "Say ${{ hi"})
	got, lost, err := RestoreSpec(damaged, lw, northwind)
	if err != nil {
		t.Fatal(err)
	}
	gw := got.(resource.Workflow)
	if gw.Instructions != "Ask {{customer.firstName}} for two photos; send them to ${{ values.email }}." {
		t.Errorf("instructions %q", gw.Instructions)
	}
	if gw.Trigger != "When a customer writes to help@northwind.example." {
		t.Errorf("trigger %q", gw.Trigger)
	}
	if gw.Variants[0].Instructions != "Refund at ${{values.shop}}." || gw.Variants[1].Instructions != "Say $${{ hi" {
		t.Errorf("variants %+v", gw.Variants)
	}
	if want := []FieldLost{{Field: "trigger", Lost: Lost{Name: "email", Offset: 26}}}; !reflect.DeepEqual(lost, want) {
		t.Errorf("lost %+v, want %+v", lost, want)
	}
	again, err := RenderSpec(got, northwind)
	if err != nil || !reflect.DeepEqual(again, resource.Spec(lw)) {
		t.Errorf("the restored spec renders to %+v (%v), want the live one", again, err)
	}
}
