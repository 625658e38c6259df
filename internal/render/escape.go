package render

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// quote is a one-line value as users see it: Go-quoted, so control
// characters, bidi overrides and line breaks show as escapes.
func quote(s string) string {
	return strconv.Quote(s)
}

// Visible is visible for every command: the one escape for any message
// that may carry text from the server or a file (errors, warnings,
// progress, pull and validate output), not only for plans.
func Visible(s string) string { return visible(s) }

// visible makes free text safe to print on a terminal without quoting it:
// tabs and printable characters pass, every other control character, the
// bidi controls (which can make code read differently than it runs) and
// invalid UTF-8 become escapes like \x1b.
func visible(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' || c >= 0x7f {
			// Slow path only when a byte might be unsafe.
			for _, r := range s {
				if r == utf8.RuneError || unsafeRune(r) {
					return true
				}
			}
			return false
		}
	}
	return false
}

func unsafeRune(r rune) bool {
	switch {
	case r == '\t':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f:
		return true
	}
	return false
}

// MarkdownText is text from a repository or a server made safe in
// GitHub-flavoured Markdown and HTML (a pull-request comment or body, a
// step summary): see htmlText.
func MarkdownText(s string) string { return htmlText(s) }

// htmlText escapes s for HTML and for Markdown alike: every character that
// either could read as markup becomes a numeric entity, and control
// characters are made visible first. An '@' that could start a mention
// is followed by a zero-width space, so a title holding "@someone" pings
// nobody (GitHub finds mentions in the rendered text, where an entity
// would be "@" again); one right after a letter or digit, as in an e-mail
// address, starts none and is kept as it is, so the address can be copied.
func htmlText(s string) string {
	s = visible(s)
	var b strings.Builder
	prev := rune(0)
	for _, r := range s {
		mention := r == '@' && !isASCIIAlnum(prev)
		prev = r
		if mention {
			b.WriteString("@\u200b")
			continue
		}
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'', '`', '|', '*', '_', '[', ']', '\\', '~', '#', '!', '$':
			fmt.Fprintf(&b, "&#%d;", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isASCIIAlnum reports whether r is an ASCII letter or digit: after one,
// GitHub reads no mention.
func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// fence is a code fence longer than any run of backticks in text, so the
// text cannot close it.
func fence(text string) string {
	longest, run := 0, 0
	for i := 0; i < len(text); i++ {
		if text[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

// thousands formats n with comma separators: 60000 → "60,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
