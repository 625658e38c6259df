package source

import (
	"regexp"
	"strings"
	"unicode"

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

// Slugify suggests the slug closest to s: accents dropped, letters
// lower-cased, every run of other characters made one dash ("Acme EU" →
// "acme-eu", "Café_Zürich" → "cafe-zurich"). It returns "" when nothing
// usable is left.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining accent of the previous letter
		case r == 'ß':
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
