package yamlnode

import (
	"bytes"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// String returns the scalar node for a string, with the style that writes
// it most readably while reading back exactly:
//
//   - text with a line break: a literal block (`|`, `|-`, `|+`, chosen by
//     the emitter from the trailing newlines), unless it starts with a line
//     break or a tab or holds NEL or a Unicode line or paragraph separator,
//     which yaml.v3 cannot write in a block faithfully; then double quotes;
//   - one-line text: plain, and quoted when YAML 1.1 readers (editors,
//     other tools) would take it for a boolean or number (`yes`, `off`,
//     `1:20`).
//
// The style is a request: yaml.v3 itself falls back from a literal block to
// double quotes when a block cannot hold the text (trailing spaces, control
// characters), and quotes a plain scalar that YAML 1.2 would read as
// another type (`null`, `123`) or as syntax (`- x`, `a: b`, `#`, leading
// spaces). Line endings must already be LF.
func String(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	switch {
	case strings.HasPrefix(s, "\n"), strings.HasPrefix(s, "\t"), strings.ContainsAny(s, "\u0085\u2028\u2029"):
		// yaml.v3 drops the first line break of a literal block that
		// starts with one, writes a block whose first line starts with a
		// tab that it cannot read back, and treats NEL and the Unicode
		// separators as line breaks. Double quotes escape all of them.
		n.Style = yaml.DoubleQuotedStyle
	case strings.Contains(s, "\n"):
		n.Style = yaml.LiteralStyle
	case yaml11Special(s):
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// BoolNode returns the scalar node for a boolean.
func BoolNode(b bool) *yaml.Node {
	v := "false"
	if b {
		v = "true"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: v}
}

// Set appends key: value to a mapping node.
func Set(m *yaml.Node, key string, value *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, value)
}

// sexagesimal matches YAML 1.1 base-60 numbers such as 1:20 or 190:20:30.
var sexagesimal = regexp.MustCompile(`^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`)

// yaml11Special reports whether a YAML 1.1 reader would take the plain
// scalar s for a boolean or a number although YAML 1.2 (yaml.v3) reads a
// string.
func yaml11Special(s string) bool {
	switch strings.ToLower(s) {
	case "y", "yes", "n", "no", "on", "off":
		return true
	}
	return sexagesimal.MatchString(s)
}

// Encode writes a node tree as YAML: two-space indentation, no line
// wrapping, LF line endings, and characters outside the Basic Multilingual
// Plane (emoji) written as themselves rather than escaped. A flat mapping
// of plain words (most front matter) is written directly (flat.go), the
// same bytes as yaml.v3's.
func Encode(n *yaml.Node) ([]byte, error) {
	if out, ok := encodeFlat(n); ok {
		return out, nil
	}
	return encodeV3(n)
}

// encodeV3 is Encode by yaml.v3's encoder.
func encodeV3(n *yaml.Node) ([]byte, error) {
	hidden := hideAstral(n)
	defer hidden.unhide(n)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	err := enc.Encode(n)
	if cerr := enc.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return hidden.restore(b.Bytes()), nil
}
