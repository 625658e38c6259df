package yamlnode

import (
	"bytes"
	"unicode/utf8"

	"github.com/octosync/octosync/internal/diag"
)

// Text prepares file content for parsing: it drops a leading UTF-8
// byte-order mark and turns CRLF and lone CR line endings into LF, so a line
// number means the same thing before and after. When the content is not
// valid UTF-8, ok is false and bad is the line:col of the first bad byte
// (columns count characters, as editors do).
func Text(data []byte) (text string, bad diag.Pos, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	if utf8.Valid(data) {
		return string(data), diag.Pos{}, true
	}
	return "", invalidUTF8(data), false
}

// invalidUTF8 is the position of the first byte that does not start a
// valid UTF-8 sequence.
func invalidUTF8(data []byte) diag.Pos {
	pos := diag.Pos{Line: 1, Col: 1}
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return pos
		}
		if r == '\n' {
			pos.Line++
			pos.Col = 1
		} else {
			pos.Col++
		}
		data = data[size:]
	}
	return pos
}
