package yamlnode

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/internal/diag"
)

// ToJSON converts a node tree into the JSON value JSON Schema validates:
// map[string]any, []any, string, int64, float64, bool or nil. Scalars take
// the type of their resolved YAML 1.2 tag (`enabled: true` is a bool, `title:
// 2024` an int64, `title: "2024"` a string); timestamps, binary and unknown
// tags become their literal text. Problems the JSON value cannot show are
// diagnostics: a key given twice (the first value is kept), an alias, and a
// key that is not a scalar.
func ToJSON(path string, n *yaml.Node) (any, diag.List) {
	var diags diag.List
	v := toJSON(path, n, &diags)
	return v, diags
}

func toJSON(path string, n *yaml.Node, diags *diag.List) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return toJSON(path, n.Content[0], diags)
	case yaml.AliasNode:
		diags.Errorf(path, Pos(n), "alias `*%s` is not supported: write the value out in full", n.Value)
		return nil
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			out[i] = toJSON(path, c, diags)
		}
		return out
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		first := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				diags.Errorf(path, Pos(k), "a key must be a plain name like `title`, not a list or mapping")
				continue
			}
			if prev, dup := first[k.Value]; dup {
				diags.Errorf(path, Pos(k), "duplicate key `%s`: it is already set on line %d; remove one of them", k.Value, prev.Line)
				continue
			}
			first[k.Value] = k
			out[k.Value] = toJSON(path, v, diags)
		}
		return out
	case yaml.ScalarNode:
		return scalar(n)
	}
	return nil
}

// scalar is the JSON value of a scalar node.
func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		if b, err := strconv.ParseBool(strings.ToLower(n.Value)); err == nil {
			return b
		}
	case "!!int":
		s := strings.ReplaceAll(n.Value, "_", "")
		if i, err := strconv.ParseInt(s, 0, 64); err == nil {
			return i
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	case "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	case "!!binary":
		// The text is what the user wrote; decoding would only lose it.
		if _, err := base64.StdEncoding.DecodeString(n.Value); err == nil {
			return n.Value
		}
	}
	return n.Value
}

// IsNull reports whether n is absent or a null scalar (`key:`, `key: ~`,
// `key: null`): a value that means "not set".
func IsNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// Str is the text of a scalar node: its literal Value, so that `title: yes`
// reads as "yes" and `title: 0x1F` as "0x1F". ok is false for null, for a
// non-scalar and for nil.
func Str(n *yaml.Node) (s string, ok bool) {
	if n == nil || n.Kind != yaml.ScalarNode || IsNull(n) {
		return "", false
	}
	return n.Value, true
}

// Bool is the value of a boolean scalar; ok is false for anything else.
func Bool(n *yaml.Node) (b bool, ok bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		return false, false
	}
	v, ok := scalar(n).(bool)
	return v, ok
}
