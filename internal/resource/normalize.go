package resource

import "strings"

// NormalizeText is the canonical form of free text for comparison: a leading
// byte-order mark dropped, CRLF and lone CR made LF, trailing spaces and tabs
// removed from every line, and trailing blank lines removed. Leading
// whitespace and blank lines inside the text are kept: they carry meaning in
// Markdown and Python.
func NormalizeText(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	if strings.ContainsRune(s, '\r') {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	if !needsLineTrim(s) {
		return strings.TrimRight(s, "\n")
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// needsLineTrim reports whether any line ends in a space or tab, so the
// common case costs one scan and no allocation.
func needsLineTrim(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] == ' ' || s[i] == '\t') && (i+1 == len(s) || s[i+1] == '\n') {
			return true
		}
	}
	return false
}

// NormalizeLine is the canonical form of a one-line value (title, language,
// tag, variant name): NormalizeText, then surrounding whitespace trimmed.
func NormalizeLine(s string) string {
	return strings.TrimSpace(NormalizeText(s))
}
