package source

import (
	"regexp"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// slugRE is the shape of an Octocom business slug and therefore of a
// business folder name: exactly the server's pattern (schema/openapi.yaml,
// internal/sandbox/seed.go), so that every business `octosync pull` can
// write a folder for is one validate accepts.
var slugRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

// ValidSlug reports whether s is a valid business slug: lower-case ASCII
// letters, digits and dashes, starting and ending with a letter or digit
// ("acme-eu", also "acme--eu"). Slugify suggests the tidiest one.
func ValidSlug(s string) bool { return slugRE.MatchString(s) }

// Slugify suggests the slug closest to s, by the one rule for business
// slugs and for the file names pull gives resources: accents dropped, ß
// spelled ss, apostrophes dropped, letters lower-cased, every run of other
// characters made one dash ("Acme EU" → "acme-eu", "Café_Zürich" →
// "cafe-zurich", "Größentabelle" → "grossentabelle", "the customer's
// language" → "the-customers-language"). It returns "" when nothing usable
// is left. ASCII letters and digits, most of any title, are looked at
// first: a bulk export names ten thousand files with it.
func Slugify(s string) string {
	b := make([]byte, 0, len(s))
	dash := false
	add := func(part ...byte) {
		if dash && len(b) > 0 {
			b = append(b, '-')
		}
		b = append(b, part...)
		dash = false
	}
	for _, r := range norm.NFD.String(s) {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			add(byte(r))
		case 'A' <= r && r <= 'Z':
			add(byte(r - 'A' + 'a'))
		case r == '\'', r == '’', r == 'ʼ', r >= utf8.RuneSelf && unicode.Is(unicode.Mn, r):
			// an apostrophe joins its word ("customer's" → "customers"),
			// a combining accent belongs to the previous letter
		case r == 'ß':
			add('s', 's')
		default:
			dash = true
		}
	}
	return string(b)
}
