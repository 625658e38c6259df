package source

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

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

// slugifyBefore is Slugify as first written, rune by rune through the
// unicode tables: the oracle of FuzzSlugify.
func slugifyBefore(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’', r == 'ʼ':
		case r == 'ß':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteString("ss")
			dash = false
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(unicode.ToLower(r))
			dash = false
		default:
			dash = true
		}
	}
	return b.String()
}

// FuzzSlugify checks Slugify's ASCII-first loop against the rune-by-rune
// original.
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"Acme EU", "Café_Zürich", "Größentabelle", "the customer's language", "Don’t promise ʼem", "日本 9", "\xff-A\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Slugify(s), slugifyBefore(s); got != want {
			t.Fatalf("Slugify(%q) = %q, want %q", s, got, want)
		}
	})
}
