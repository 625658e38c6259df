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

// apostrophes are the characters Slugify drops inside a word: ASCII's and
// typography's (’, ʼ).
var apostrophes = map[rune]bool{'\'': true, '’': true, 'ʼ': true}

// Slugify suggests the slug closest to s, by the one rule for business
// slugs and for the file names pull gives resources: accents dropped, ß
// spelled ss, apostrophes dropped, letters lower-cased, every run of other
// characters made one dash ("Acme EU" → "acme-eu", "Café_Zürich" →
// "cafe-zurich", "Größentabelle" → "grossentabelle", "the customer's
// language" → "the-customers-language"). It returns "" when nothing usable
// is left.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), apostrophes[r]:
			// a combining accent of the previous letter; an apostrophe
			// joins its word ("customer's" → "customers")
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
