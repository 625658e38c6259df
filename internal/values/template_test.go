package values

import (
	"errors"
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		text  string
		names []string
		errs  []int // offsets of syntax errors
	}{
		{"Write to ${{ values.supportEmail }}.", []string{"supportEmail"}, nil},
		{"${{values.a}}${{ values.b_2-x }}", []string{"a", "b_2-x"}, nil},
		{"Hello {{business.name}}, {{ customer.firstName }}", nil, nil},
		{"$${{ values.a }} is literal", nil, nil},
		{"${{ value.a }} ${{ values. }} ${{ values.a }", nil, []int{0, 15, 30}},
		{"${{ values.9a }}", nil, []int{0}},
		{"a $ {{ b }} $x", nil, nil},
	}
	for _, tt := range tests {
		tmpl, errs := Parse(tt.text)
		var names []string
		for _, p := range tmpl.Placeholders() {
			names = append(names, p.Name)
		}
		if !reflect.DeepEqual(names, tt.names) {
			t.Errorf("Parse(%q) placeholders %q, want %q", tt.text, names, tt.names)
		}
		var offsets []int
		for _, e := range errs {
			offsets = append(offsets, e.Offset)
		}
		if !reflect.DeepEqual(offsets, tt.errs) {
			t.Errorf("Parse(%q) syntax errors at %v, want %v", tt.text, offsets, tt.errs)
		}
	}
}

func TestRender(t *testing.T) {
	vals := map[string]string{"email": "support@northwind.example", "empty": ""}
	tests := []struct{ text, want string }{
		{"Write to ${{ values.email }}.", "Write to support@northwind.example."},
		{"Hi {{business.name}}${{values.empty}}!", "Hi {{business.name}}!"},
		{"$${{ values.email }} and $$${{ values.email }}", "${{ values.email }} and $${{ values.email }}"},
	}
	for _, tt := range tests {
		tmpl, errs := Parse(tt.text)
		if errs != nil {
			t.Fatalf("Parse(%q): %v", tt.text, errs[0])
		}
		got, err := tmpl.Render(vals)
		if err != nil || got != tt.want {
			t.Errorf("Render(%q) = %q, %v; want %q", tt.text, got, err, tt.want)
		}
	}
	tmpl, _ := Parse("line one\nsee ${{ values.phone }}")
	_, err := tmpl.Render(vals)
	var missing *MissingError
	if !errors.As(err, &missing) || missing.Name != "phone" || missing.Offset != 13 {
		t.Fatalf("Render without phone: %v, want a *MissingError for phone at 13", err)
	}
}

func TestEscapeRoundTrips(t *testing.T) {
	for _, s := range []string{"", "${{", "$${{ values.a }}", "a$", "${{${{", "$$$"} {
		tmpl, errs := Parse(Escape(s))
		got, err := tmpl.Render(nil)
		if errs != nil || err != nil || got != s {
			t.Errorf("Parse(Escape(%q)) renders %q (%v %v)", s, got, errs, err)
		}
	}
}
