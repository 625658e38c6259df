package octocom

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// redactor removes the API key from text that came from elsewhere (the
// server, a transport error) before it goes into an error or a log line.
type redactor struct {
	key string
}

// line returns s as one printable line: the API key replaced by [redacted],
// invalid UTF-8 and control characters replaced, runs of whitespace folded
// into one space, and the ends trimmed.
func (r *redactor) line(s string) string {
	if r.key != "" {
		s = strings.ReplaceAll(s, r.key, redacted)
	}
	var b strings.Builder
	space := false
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case c == utf8.RuneError && size <= 1:
			c = '\uFFFD'
		case unicode.IsSpace(c):
			space = true
			continue
		case !unicode.IsPrint(c):
			c = '\uFFFD'
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(c)
	}
	return b.String()
}

// prefix returns at most n bytes of s, cut at a rune boundary.
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
