// Package document converts between one repository file and one resource:
// Parse reads an article (Markdown with YAML front matter), a workflow or a
// bot rule (YAML) into a resource.Spec, and Render writes the canonical file
// content for a Spec.
//
// Parsing never stops at the first problem and never returns a Go error:
// every structural problem (invalid UTF-8, YAML syntax, a missing or
// unterminated front matter, unknown keys, wrong types, missing required
// keys, duplicate keys, a missing condition provider file) is a diagnostic
// with path:line:col and a sentence that says what to do. Keys are checked
// against the JSON Schemas in package schema through yamlnode; semantic
// checks (limits, duplicates across files, Markdown) belong to lint.
//
// Rendering is canonical: one byte sequence per resource, so that pull
// followed by plan is empty and re-rendering never churns a diff. The
// invariants, tested with generated hostile resources:
//
//	resource.Equal(Parse(Render(r)).Spec, r)        content survives
//	Parse(Render(r)).ID == id                       identity survives
//	Render(Parse(Render(r))) == Render(r)           canonical is a fixed point
//
// The canonical form: keys in a fixed order (id first when set); LF line
// endings and exactly one trailing newline; text with a line break as a
// literal block scalar (`|`, `|-` or `|+`, whichever keeps the text exact)
// unless it holds what a block cannot (trailing spaces, tabs, control
// characters), then double-quoted; one-line text plain unless YAML would
// read it as something else (`yes`, `null`, `1:20`, `- x`, `#`, leading
// spaces…), then quoted; lists of strings in flow style (`[a, b]`); variants
// as a block list of mappings; indentation of two spaces. `enabled`,
// `language` and `tags` (as `[]` when empty) are always written; a
// workflow's `actions` and `variants` are left out when empty. A workflow
// with a condition provider renders as two files: name.yaml with
// `conditionProvider: {file: name.py}`, and name.py holding the code.
package document
