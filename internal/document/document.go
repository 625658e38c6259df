package document

import (
	"strings"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/yamlnode"
)

// Document is one parsed repository file.
type Document struct {
	// Path is the file, slash-separated and relative to the repository root.
	Path string
	Kind resource.Kind
	// ID is the optional `id:` key: the live resource the file is bound to.
	ID string
	// Spec is the resource content: an Article, Workflow or BotRule value,
	// never nil. Fields whose keys were missing or invalid hold their
	// defaults; the diagnostics say which.
	Spec resource.Spec
	// ProviderPath is, for a workflow with `conditionProvider: {file: …}`,
	// the provider file's path relative to the repository root; "" otherwise.
	ProviderPath string

	// pos maps field names ("title", "tags[2]", "variants[1].condition",
	// "conditionProvider.file", "content") to their value's position.
	pos map[string]diag.Pos
}

// Pos returns where a field's value starts in the file. field is a key
// ("title", "id", "trigger"), an element ("tags[2]", "variants[1]") or an
// element's key ("variants[1].condition"); "content" and "body" are the
// first line of an article's Markdown body, and "content" of a bot rule is
// its key's value. Unknown or absent fields give the start of the document,
// line 1 column 1, so a diagnostic always has a position.
func (d *Document) Pos(field string) diag.Pos {
	if p, ok := d.pos[field]; ok {
		return p
	}
	if field == "body" {
		if p, ok := d.pos["content"]; ok {
			return p
		}
	}
	return diag.Pos{Line: 1, Col: 1}
}

// TextPos is where byte offset of a field's text lies in the file: text is
// the field's value, field its name as Pos takes it. An article's body and
// a text on its key's line (a plain scalar) are exact; a block scalar
// (`|`) starts on the line after its key, and there only the line is
// known (column 0).
func (d *Document) TextPos(field, text string, offset int) diag.Pos {
	at := d.Pos(field)
	if field == "content" && d.Kind == resource.KindArticle {
		offset = min(max(offset, 0), len(text))
		line := strings.Count(text[:offset], "\n")
		return diag.Pos{Line: at.Line + line, Col: offset - strings.LastIndexByte(text[:offset], '\n')}
	}
	return yamlnode.TextPos(at, text, offset)
}

// File is one rendered file.
type File struct {
	// Name is a base name: "return-policy.md", "damaged-product.yaml",
	// "damaged-product.py".
	Name string
	Data []byte
}

// Ext is the main file extension for a kind: ".md" for articles, ".yaml"
// for workflows and bot rules.
func Ext(kind resource.Kind) string {
	if kind == resource.KindArticle {
		return ".md"
	}
	return ".yaml"
}

// ProviderExt is the extension of a workflow's condition provider file.
const ProviderExt = ".py"
