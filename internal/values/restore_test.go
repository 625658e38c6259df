package values

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

var northwind = map[string]string{
	"email": "support@northwind.example",
	"shop":  "https://shop.northwind.example",
	"empty": "",
}

func TestRestoreKeepsUntouchedPlaceholders(t *testing.T) {
	tests := []struct {
		name, template, edited, want string
		lost                         []Lost
	}{
		{
			name:     "unchanged",
			template: "Write to ${{ values.email }} or visit ${{values.shop}}.",
			edited:   "Write to support@northwind.example or visit https://shop.northwind.example.",
			want:     "Write to ${{ values.email }} or visit ${{values.shop}}.",
		},
		{
			name:     "edit elsewhere",
			template: "Write to ${{ values.email }}.\nWe answer within a day.",
			edited:   "Please write to support@northwind.example.\nWe answer within two hours.",
			want:     "Please write to ${{ values.email }}.\nWe answer within two hours.",
		},
		{
			name:     "text typed right next to a value",
			template: "Mail ${{ values.email }}",
			edited:   "Mail: support@northwind.example!",
			want:     "Mail: ${{ values.email }}!",
		},
		{
			name:     "the value itself edited",
			template: "Intro.\nMail ${{ values.email }} today.",
			edited:   "Intro.\nMail help@northwind.example today.",
			want:     "Intro.\nMail help@northwind.example today.",
			lost:     []Lost{{Name: "email", Offset: 12}},
		},
		{
			name:     "the value deleted",
			template: "Mail ${{ values.email }} or ${{ values.shop }}.",
			edited:   "Mail us or https://shop.northwind.example.",
			want:     "Mail us or ${{ values.shop }}.",
			lost:     []Lost{{Name: "email", Offset: 5}},
		},
		{
			name:     "an empty value survives edits around it",
			template: "A${{ values.empty }}B",
			edited:   "A B",
			want:     "A ${{ values.empty }}B",
		},
		{
			name:     "typed text that looks like a placeholder stays literal",
			template: "Mail ${{ values.email }}.",
			edited:   "Mail support@northwind.example. Use ${{ values.email }} in templates.",
			want:     "Mail ${{ values.email }}. Use $${{ values.email }} in templates.",
		},
		{
			name:     "a dollar typed right before a value",
			template: "Price: ${{ values.shop }}",
			edited:   "Price: $https://shop.northwind.example",
			want:     "Price: $https://shop.northwind.example",
			lost:     []Lost{{Name: "shop", Offset: 8}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, errs := Parse(tt.template)
			if errs != nil {
				t.Fatal(errs[0])
			}
			got, lost, err := tmpl.Restore(northwind, tt.edited)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || !reflect.DeepEqual(lost, tt.lost) {
				t.Errorf("Restore = %q, lost %+v\nwant      %q, lost %+v", got, lost, tt.want, tt.lost)
			}
			assertRendersTo(t, got, tt.edited)
		})
	}
}

// assertRendersTo checks the one property pull relies on: the restored
// template renders to exactly the live text.
func assertRendersTo(t *testing.T, template, want string) {
	t.Helper()
	tmpl, errs := Parse(template)
	if errs != nil {
		t.Fatalf("restored template %q does not parse: %v", template, errs[0])
	}
	got, err := tmpl.Render(northwind)
	if err != nil || got != want {
		t.Fatalf("restored template %q renders %q (%v), want %q", template, got, err, want)
	}
}

func TestRestoreProperty(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	pieces := []string{"a", "b", " ", "\n", "$", "{", "}", "ß", "${{ values.email }}", "${{values.shop}}", "${{ values.empty }}", "$${{", "support@"}
	for i := range 3000 {
		var b strings.Builder
		for range r.Intn(12) {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		tmpl, errs := Parse(b.String())
		if errs != nil {
			continue
		}
		rendered, err := tmpl.Render(northwind)
		if err != nil {
			t.Fatal(err)
		}
		same, lost, err := tmpl.Restore(northwind, rendered)
		if err != nil || same != b.String() || lost != nil {
			t.Fatalf("case %d: Restore(Render(%q)) = %q, lost %v, %v", i, b.String(), same, lost, err)
		}
		edited := mutate(r, rendered, pieces)
		restored, _, err := tmpl.Restore(northwind, edited)
		if err != nil {
			t.Fatal(err)
		}
		assertRendersTo(t, restored, edited)
	}
}

// mutate inserts, deletes or replaces a few random runs of s's runes
// (texts from YAML files are valid UTF-8).
func mutate(r *rand.Rand, s string, pieces []string) string {
	b := []rune(s)
	for range 1 + r.Intn(3) {
		at := r.Intn(len(b) + 1)
		end := min(len(b), at+r.Intn(6))
		ins := ""
		if r.Intn(2) == 0 {
			ins = pieces[r.Intn(len(pieces))]
		}
		b = append(b[:at:at], append([]rune(ins), b[end:]...)...)
	}
	return string(b)
}
