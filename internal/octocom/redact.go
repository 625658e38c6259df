package octocom

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// redactor removes the API key from text that came from elsewhere (the
// server, a transport error) before it goes into an error or a log line.
type redactor struct {
	key string
}

// text returns s with the API key replaced by [redacted], and nothing else
// changed: for text the caller shows as it is (a bot's reply), escaped on
// output like all server text.
func (r *redactor) text(s string) string {
	if r.key == "" {
		return s
	}
	return strings.ReplaceAll(s, r.key, redacted)
}

// line returns s as one printable line: the API key replaced by [redacted],
// invalid UTF-8 and control characters replaced, runs of whitespace folded
// into one space, and the ends trimmed.
func (r *redactor) line(s string) string {
	return r.linePrefix(s, -1)
}

// linePrefix is line(s) cut to at most n bytes at a rune boundary (n < 0:
// no limit). The key is replaced in the whole of s before anything is cut
// or folded, so no part of it can survive at the cut, however much
// whitespace precedes it; the folding then stops once n bytes are written.
func (r *redactor) linePrefix(s string, n int) string {
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
		sep := space && b.Len() > 0
		if n >= 0 {
			need := utf8.RuneLen(c)
			if sep {
				need++
			}
			if b.Len()+need > n {
				break
			}
		}
		if sep {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(c)
	}
	return b.String()
}

// safeURL is raw without anything that may carry a credential: user info,
// query and fragment are dropped. A URL that does not parse is not repeated
// at all. Every URL in a message or a formatted Options goes through it.
func safeURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "(not a valid URL)"
	}
	u.User = nil
	u.RawQuery, u.ForceQuery = "", false
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// controlChar returns the position (1-based) of the first control character
// of s, 0 when it has none. A key holding one cannot be sent as a header.
func controlChar(s string) int {
	for i, c := range []byte(s) {
		if c < 0x20 || c == 0x7f {
			return i + 1
		}
	}
	return 0
}
