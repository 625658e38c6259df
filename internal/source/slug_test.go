package source

import "testing"

func TestSlug(t *testing.T) {
	tests := []struct {
		in    string
		valid bool
		slug  string
	}{
		{"acme", true, "acme"},
		{"acme-eu", true, "acme-eu"},
		{"shop2-de-ch", true, "shop2-de-ch"},
		{"Acme EU", false, "acme-eu"},
		{"acme_eu", false, "acme-eu"},
		{"acme--eu", true, "acme-eu"}, // the server's pattern allows it
		{"a", true, "a"},
		{"-", false, ""},
		{"-acme", false, "acme"},
		{"acme-", false, "acme"},
		{"Café Zürich", false, "cafe-zurich"},
		{"Straße", false, "strasse"},
		{"Größentabelle", false, "grossentabelle"},
		{"Fuß ßpitze", false, "fuss-sspitze"}, // ß after a gap keeps the dash
		{"Reply in the customer's language", false, "reply-in-the-customers-language"},
		{"Don’t promise ʼem", false, "dont-promise-em"},
		{"日本", false, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		if got := ValidSlug(tt.in); got != tt.valid {
			t.Errorf("ValidSlug(%q) = %v, want %v", tt.in, got, tt.valid)
		}
		if got := Slugify(tt.in); got != tt.slug {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.slug)
		}
		if s := Slugify(tt.in); s != "" && !ValidSlug(s) {
			t.Errorf("Slugify(%q) = %q is not a valid slug", tt.in, s)
		}
	}
}
