package yamlnode

import (
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Most front matter is a flat mapping of one-line words: an article's id,
// title, language, tags and enabled flag. yaml.v3's encoder spends about
// 25 µs and 25 KB on each such document (it sets up an emitter, resolves
// every scalar's type, analyses every character), which is most of a bulk
// export's rendering. encodeFlat writes the same bytes directly, for the
// trees whose every scalar is one yaml.v3 would write plain: a conservative
// subset of what yaml.v3 itself writes plain, checked byte for byte against
// yaml.v3 by TestEncodeFlatIsYAMLv3 and FuzzEncodeFlat. Any other tree is
// left to yaml.v3.

// encodeFlat returns n encoded as yaml.v3 (two-space indentation, no
// wrapping) encodes it, and ok; ok is false, and nothing is returned, when
// n is not a mapping of keys to plain strings, booleans and flow lists of
// plain strings.
func encodeFlat(n *yaml.Node) (out []byte, ok bool) {
	if n.Kind != yaml.MappingNode || n.Tag != "!!map" || n.Style != 0 || !bare(n) || len(n.Content) == 0 || len(n.Content)%2 != 0 {
		return nil, false // yaml.v3 writes an empty mapping as {}
	}
	size := 0
	for i := 0; i < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !plainStr(k, false) || len(k.Value) > maxSimpleKey {
			return nil, false
		}
		switch {
		case plainStr(v, false), plainBool(v):
			size += len(k.Value) + len(v.Value) + 3
		case v.Kind == yaml.SequenceNode && v.Tag == "!!seq" && v.Style == yaml.FlowStyle && bare(v):
			for _, item := range v.Content {
				if !plainStr(item, true) {
					return nil, false
				}
				size += len(item.Value) + 2
			}
			size += len(k.Value) + 5
		default:
			return nil, false
		}
	}
	out = make([]byte, 0, size)
	for i := 0; i < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		out = append(out, k.Value...)
		out = append(out, ':', ' ')
		if v.Kind == yaml.ScalarNode {
			out = append(out, v.Value...)
		} else {
			out = append(out, '[')
			for j, item := range v.Content {
				if j > 0 {
					out = append(out, ',', ' ')
				}
				out = append(out, item.Value...)
			}
			out = append(out, ']')
		}
		out = append(out, '\n')
	}
	return out, true
}

// maxSimpleKey is the longest key yaml.v3 writes as `key:`; a longer one
// becomes an explicit `? key`.
const maxSimpleKey = 128

// bare reports whether n carries nothing but its kind, tag, style and
// content: no anchor, comment or alias.
func bare(n *yaml.Node) bool {
	return n.Anchor == "" && n.Alias == nil && n.HeadComment == "" && n.LineComment == "" && n.FootComment == ""
}

// plainBool reports whether n is a boolean yaml.v3 writes as is.
func plainBool(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!bool" && n.Style == 0 && bare(n) && (n.Value == "true" || n.Value == "false")
}

// plainStr reports whether n is a string scalar that yaml.v3 writes plain,
// exactly as its value, in a block mapping (inFlow false) or in a flow
// list. The test is stricter than yaml.v3's: the value starts with an ASCII
// letter (no indicator, number, sign or dot), is not a word yaml.v3 reads
// as a boolean or null (nor one YAML 1.1 does), holds no ':' or '#' (nor ','
// '[' ']' '{' '}' '?' in a flow list), no space at either end, and no
// character the emitter escapes, breaks a line at or that Encode's astral
// stand-ins use: only printable ASCII and U+00A0–U+D7FF other than the
// line and paragraph separators.
func plainStr(n *yaml.Node, inFlow bool) bool {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" || n.Style != 0 || !bare(n) {
		return false
	}
	s := n.Value
	if s == "" || !('a' <= s[0] && s[0] <= 'z' || 'A' <= s[0] && s[0] <= 'Z') || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c < 0x20 || c == 0x7f, c == ':', c == '#':
				return false
			case inFlow && (c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == '?'):
				return false
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r < 0xA0 || r > 0xD7FF || r == '\u2028' || r == '\u2029' {
			return false // also utf8.RuneError: invalid UTF-8
		}
		i += w
	}
	return !resolvesOther(s)
}

// resolvesOther reports whether a plain s that starts with a letter is
// read as something other than a string: a boolean or null to yaml.v3
// (which it would then quote), or a YAML 1.1 boolean (which String quotes).
func resolvesOther(s string) bool {
	if len(s) > 5 {
		return false
	}
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL":
		return true
	}
	return yaml11Special(s)
}
