// Package values holds the placeholders that let one repository serve
// several environments: `${{ values.NAME }}` in any text field of a resource
// file stands for the value NAME of the environment a command runs against
// (octosync.yaml's `environments.<env>.values`, see docs/environments.md).
//
// The syntax belongs to decK's family and can never be confused with
// Octocom's own `{{business.name}}` placeholders, which have no `$` and
// reach Octocom untouched. `$${{` writes a literal `${{`. Spaces inside the
// braces are optional; NAME is a letter or underscore followed by letters,
// digits, `_` or `-`.
//
// The pieces:
//
//   - Parse reads a field's text into a Template: literal runs and
//     placeholders with their byte offsets, or syntax errors with theirs.
//   - Template.Render replaces every placeholder with its value; a missing
//     value is a *MissingError naming the placeholder.
//   - Restore is Render run backwards for pull: given the template a file
//     holds, the values it was rendered with and the text now live (perhaps
//     edited in the dashboard), it returns the new template, keeping every
//     placeholder whose rendered text is still there, unchanged, and writing
//     literal text where an edit touched it (reported as Lost). This is what
//     keeps an export from an environment from replacing placeholders with
//     literal values. Restore(t, v, Render(t, v)) == t, byte for byte.
//
// RenderText is Parse and Render in one step, for a single text (a
// conversation test's, a title compared against one).
//
// Offsets are bytes into the field's text; document.TextPos turns one into
// a file position for path:line:col messages, and Located.Pos does for a
// text outside resource files (a conversation test's).
package values
