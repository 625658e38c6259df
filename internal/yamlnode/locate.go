package yamlnode

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/internal/diag"
)

// Pos is the position of a node: yaml.v3's 1-based line and column, the
// column counted in characters.
func Pos(n *yaml.Node) diag.Pos {
	if n == nil {
		return diag.Pos{}
	}
	return diag.Pos{Line: n.Line, Col: n.Column}
}

// Get returns the key and value nodes of name in a mapping node, the first
// occurrence when the key is duplicated; nil, nil when n is not a mapping or
// has no such key.
func Get(n *yaml.Node, name string) (key, value *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == name {
			return k, n.Content[i+1]
		}
	}
	return nil, nil
}

// Find follows a JSON pointer, given as its unescaped tokens, from root.
// It returns the value node reached and, when the last token names a mapping
// key, that key's node. value is nil when the pointer leads nowhere.
func Find(root *yaml.Node, tokens []string) (key, value *yaml.Node) {
	value = root
	for _, tok := range tokens {
		if value == nil {
			return nil, nil
		}
		switch value.Kind {
		case yaml.MappingNode:
			key, value = Get(value, tok)
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(value.Content) {
				return nil, nil
			}
			key, value = nil, value.Content[i]
		default:
			return nil, nil
		}
	}
	return key, value
}

// FieldPath renders pointer tokens the way users write a field:
// ["variants", "1", "name"] → "variants[1].name".
func FieldPath(tokens []string) string {
	var b strings.Builder
	for _, tok := range tokens {
		if _, err := strconv.Atoi(tok); err == nil {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

// TextPos is where byte offset of a scalar's text lies in the file, the
// scalar's value starting at at: on at's line for a one-line text, the
// column counted in characters like Pos's (exact for a plain scalar, and
// for a quoted one without escapes before offset); a text of several lines
// is a block scalar (`|`), which starts on the line after its key, and
// there only the line is known (column 0).
func TextPos(at diag.Pos, text string, offset int) diag.Pos {
	offset = min(max(offset, 0), len(text))
	line := strings.Count(text[:offset], "\n")
	if strings.Contains(text, "\n") {
		return diag.Pos{Line: at.Line + line + 1}
	}
	return diag.Pos{Line: at.Line, Col: at.Col + utf8.RuneCountInString(text[:offset])}
}
