package octocom

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// A bulk export decodes tens of thousands of field values, each already
// checked as JSON by the page's own decoding (readList). json.Unmarshal
// would check each again and go through reflection; decodeValue reads the
// common shapes (strings, integers, booleans, timestamps) directly, with
// exactly json.Unmarshal's result (TestDecodeValueIsUnmarshal,
// FuzzUnquote), and leaves every other value to json.Unmarshal.

// timeType is the type of a timestamp field.
var timeType = reflect.TypeFor[time.Time]()

// direct reports whether decodeValue may read values of type t itself:
// json.Unmarshal reads them as decodeValue does, with no method of the
// type's own, no ",string" option in the field's tag.
func direct(t reflect.Type, tag string) bool {
	if strings.Contains(tag, ",string") {
		return false
	}
	if t == timeType {
		return true
	}
	p := reflect.PointerTo(t)
	if p.Implements(jsonUnmarshaler) || p.Implements(textUnmarshaler) {
		return false
	}
	switch t.Kind() {
	case reflect.String, reflect.Int, reflect.Bool:
		return true
	case reflect.Pointer:
		return t.Elem().Kind() == reflect.Bool && direct(t.Elem(), tag)
	}
	return false
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// decodeValue decodes raw, a valid JSON value, into dst, a settable value
// of a type direct accepts, when it can do so directly, and reports
// whether it did; when it did not, dst is untouched and json.Unmarshal
// has the value to read.
func decodeValue(raw json.RawMessage, dst reflect.Value) (bool, error) {
	if len(raw) == 0 {
		return false, nil
	}
	switch {
	case dst.Type() == timeType:
		if raw[0] != '"' {
			return false, nil
		}
		// What json.Unmarshal calls for a value other than null.
		return true, dst.Addr().Interface().(*time.Time).UnmarshalJSON(raw)
	case dst.Kind() == reflect.String:
		s, ok := unquote(raw)
		if ok {
			dst.SetString(s)
		}
		return ok, nil
	case dst.Kind() == reflect.Int:
		n, ok := plainInt(raw)
		if ok {
			dst.SetInt(n)
		}
		return ok, nil
	case dst.Kind() == reflect.Bool:
		b, ok := literalBool(raw)
		if ok {
			dst.SetBool(b)
		}
		return ok, nil
	case dst.Kind() == reflect.Pointer:
		b, ok := literalBool(raw)
		if ok {
			p := reflect.New(dst.Type().Elem())
			p.Elem().SetBool(b)
			dst.Set(p)
		}
		return ok, nil
	}
	return false, nil
}

// literalBool reads true or false.
func literalBool(raw []byte) (v, ok bool) {
	switch string(raw) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// plainInt reads an integer written with digits only (and a sign) that
// fits an int64; anything else (an exponent, a fraction, a larger
// number) is not read.
func plainInt(raw []byte) (int64, bool) {
	digits := raw
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 {
		return 0, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	return n, err == nil
}

// unquote reads a JSON string as json.Unmarshal does: escapes decoded, an
// escaped surrogate that is not half of a pair and every byte that is not
// UTF-8 read as U+FFFD. It reports false for anything that is not a
// string.
func unquote(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	s := raw[1 : len(raw)-1]
	clean := 0 // s[:clean] needs no decoding
	for clean < len(s) {
		c := s[clean]
		if c == '\\' || c == '"' || c < ' ' {
			break
		}
		if c < utf8.RuneSelf {
			clean++
			continue
		}
		r, size := utf8.DecodeRune(s[clean:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		clean += size
	}
	if clean == len(s) {
		return string(s), true
	}
	out := make([]byte, clean, len(s)+utf8.UTFMax)
	copy(out, s[:clean])
	for i := clean; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c < ' ':
			return "", false
		case c < utf8.RuneSelf && c != '\\':
			out = append(out, c)
			i++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(s[i:])
			out = utf8.AppendRune(out, r)
			i += size
		case i+1 == len(s):
			return "", false
		default:
			if e := escaped(s[i+1]); e != 0 {
				out = append(out, e)
				i += 2
				continue
			}
			r := hex4(s[i:])
			if r < 0 {
				return "", false
			}
			i += 6
			if utf16.IsSurrogate(r) {
				if pair := utf16.DecodeRune(r, hex4(s[i:])); pair != unicode.ReplacementChar {
					r = pair
					i += 6
				} else {
					r = unicode.ReplacementChar
				}
			}
			out = utf8.AppendRune(out, r)
		}
	}
	return string(out), true
}

// escaped is the byte a one-letter escape (\n, \") stands for; 0 for any
// other letter.
func escaped(c byte) byte {
	switch c {
	case '"', '\\', '/', '\'':
		return c
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	}
	return 0
}

// hex4 reads the escape \uXXXX at the start of s; -1 when there is none.
func hex4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return -1
		}
	}
	return r
}
