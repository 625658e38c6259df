package resource

import "strings"

// NormalizeText is the form in which free text is compared and sent: a
// leading byte-order mark dropped, CRLF and lone CR made LF, and newlines at
// the very end removed. Nothing else is touched: trailing spaces (a Markdown
// hard line break), tabs, leading blank lines and indentation are content
// (docs/design.md, "Exact content").
func NormalizeText(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	if strings.ContainsRune(s, '\r') {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return strings.TrimRight(s, "\n")
}

// NormalizeLine is the form of a one-line value (title, language, tag,
// variant name, action): the same as NormalizeText, so a quoted value with
// surrounding spaces is sent and compared as written.
func NormalizeLine(s string) string { return NormalizeText(s) }

// TitleKey is the one title normalization used to bind a file to a live
// resource that has no id in common with it: surrounding whitespace is
// ignored, so "Greet " in a file finds the live rule "Greet" (and then plans
// an update of its title, since comparison is exact).
func TitleKey(title string) string { return strings.TrimSpace(NormalizeText(title)) }

// Blank reports whether text holds nothing but whitespace: the server
// treats such a required field as missing.
func Blank(s string) bool { return strings.TrimSpace(NormalizeText(s)) == "" }
