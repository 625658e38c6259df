// Package yamlnode is the YAML layer shared by document and config: it turns
// bytes into a yaml.v3 node tree whose every value keeps its line and column,
// and checks that tree against a JSON Schema, reporting each problem as a
// diagnostic positioned at the offending key or value.
//
// The pipeline is:
//
//	Text      bytes → string: BOM dropped, CRLF and lone CR made LF (lines
//	          keep their numbers), invalid UTF-8 reported at its line:col
//	Decode    string → exactly one YAML document's root node; syntax errors,
//	          extra documents become diagnostics
//	ToJSON    node → JSON value (map[string]any, []any, string, int64,
//	          float64, bool, nil); duplicate keys, aliases and complex keys
//	          become diagnostics
//	Validate  JSON value against a compiled Schema; each error's instance
//	          location (a JSON pointer) is mapped back to its node, and the
//	          error is translated into a sentence that says what to do
//	          ("unknown key `titel`: did you mean `title`?")
//
// In the other direction, String picks the style of a string scalar and
// Encode writes a node tree (two-space indentation, no wrapping, emoji
// written as themselves), so that every octosync file is rendered alike.
//
// Two policies make hand-written YAML friendlier than the schema's letter:
//
//   - A plain scalar of another type where a string is expected is accepted
//     by its literal text: `title: 2024` is the title "2024" and `language:
//     no` is the language "no". Callers read strings with Str, which returns
//     the node's literal Value.
//   - null (`title:`, `title: ~`) means "not set": a required key that is
//     null is reported as missing, an optional one takes its default.
//
// Anchors are allowed but aliases (`*name`) are rejected: they make a file
// harder to read than writing the value out, and expanding them invites
// quadratic blow-ups.
//
// Compiled schemas are meant to be built once (sync.OnceValues) and shared:
// Schema is safe for concurrent use.
package yamlnode
