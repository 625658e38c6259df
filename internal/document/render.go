package document

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/yamlnode"
)

// Render returns the canonical file content for a resource (see the package
// comment for the rules). id is written first when not empty. name is the
// base name without extension ("return-policy"); the first File is always
// the main one (name + Ext(kind)), followed by name.py for a workflow with a
// condition provider. Render fails only on input no file can hold: a nil or
// unknown spec, a bad name, or text that is not valid UTF-8.
func Render(spec resource.Spec, id string, name string) ([]File, error) {
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return nil, fmt.Errorf("render: invalid file name %q: use a base name without folder or extension", name)
	}
	var r renderer
	var files []File
	switch s := spec.(type) {
	case resource.Article:
		files = r.article(s, id, name)
	case resource.Workflow:
		files = r.workflow(s, id, name)
	case resource.BotRule:
		files = r.botRule(s, id, name)
	default:
		return nil, fmt.Errorf("render %s: unsupported spec %T", name, spec)
	}
	if r.err != nil {
		return nil, fmt.Errorf("render %s: %w", name, r.err)
	}
	return files, nil
}

// renderer builds YAML node trees; the first problem found is kept in err.
type renderer struct{ err error }

func (r *renderer) article(a resource.Article, id, name string) []File {
	m := r.mapping(id)
	yamlnode.Set(m, "title", r.str("title", a.Title))
	yamlnode.Set(m, "language", r.str("language", a.Language))
	yamlnode.Set(m, "tags", r.list("tags", a.Tags))
	yamlnode.Set(m, "enabled", yamlnode.BoolNode(a.Enabled))
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(r.encode(m))
	b.WriteString("---\n")
	b.WriteString(fileText(r.text("content", a.Content)))
	return []File{{Name: name + Ext(resource.KindArticle), Data: b.Bytes()}}
}

func (r *renderer) workflow(w resource.Workflow, id, name string) []File {
	m := r.mapping(id)
	yamlnode.Set(m, "title", r.str("title", w.Title))
	yamlnode.Set(m, "trigger", r.str("trigger", w.Trigger))
	if len(w.Actions) > 0 {
		yamlnode.Set(m, "actions", r.list("actions", w.Actions))
	}
	var code string
	if w.ConditionProvider != nil {
		// A leading byte-order mark would be dropped when the file is
		// read back (it means nothing in the code either).
		code = fileText(strings.TrimPrefix(r.text("conditionProvider", *w.ConditionProvider), "\ufeff"))
	}
	// A provider that normalizes to nothing is no provider (see
	// resource.Workflow.Normalize).
	hasCode := !resource.Blank(code)
	if hasCode {
		cp := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
		yamlnode.Set(cp, "file", r.str("conditionProvider", name+ProviderExt))
		yamlnode.Set(m, "conditionProvider", cp)
	}
	yamlnode.Set(m, "instructions", r.str("instructions", w.Instructions))
	if len(w.Variants) > 0 {
		vs := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for i, v := range w.Variants {
			vm := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			f := fmt.Sprintf("variants[%d].", i)
			yamlnode.Set(vm, "name", r.str(f+"name", v.Name))
			yamlnode.Set(vm, "condition", r.str(f+"condition", v.Condition))
			yamlnode.Set(vm, "instructions", r.str(f+"instructions", v.Instructions))
			vs.Content = append(vs.Content, vm)
		}
		yamlnode.Set(m, "variants", vs)
	}
	yamlnode.Set(m, "enabled", yamlnode.BoolNode(w.Enabled))
	files := []File{{Name: name + Ext(resource.KindWorkflow), Data: r.encode(m)}}
	if hasCode {
		files = append(files, File{Name: name + ProviderExt, Data: []byte(code)})
	}
	return files
}

func (r *renderer) botRule(br resource.BotRule, id, name string) []File {
	m := r.mapping(id)
	yamlnode.Set(m, "title", r.str("title", br.Title))
	yamlnode.Set(m, "content", r.str("content", br.Content))
	yamlnode.Set(m, "enabled", yamlnode.BoolNode(br.Enabled))
	return []File{{Name: name + Ext(resource.KindBotRule), Data: r.encode(m)}}
}

// mapping starts a document's top-level mapping, with `id` first when set.
func (r *renderer) mapping(id string) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	if id != "" {
		yamlnode.Set(m, "id", r.str("id", id))
	}
	return m
}

// encode writes a node tree as YAML (see yamlnode.Encode).
func (r *renderer) encode(n *yaml.Node) []byte {
	data, err := yamlnode.Encode(n)
	if err != nil && r.err == nil {
		r.err = err
	}
	return data
}

// text returns s with LF line endings, recording an error when it is not
// valid UTF-8 (no file can hold it faithfully).
func (r *renderer) text(field, s string) string {
	if !utf8.ValidString(s) && r.err == nil {
		r.err = fmt.Errorf("%s is not valid UTF-8", field)
	}
	if strings.ContainsRune(s, '\r') {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return s
}

// str is the scalar node for a string (see yamlnode.String).
func (r *renderer) str(field, s string) *yaml.Node {
	return yamlnode.String(r.text(field, s))
}

// list is a flow-style sequence of strings: `[a, b]`, `[]` when empty.
func (r *renderer) list(field string, items []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for i, s := range items {
		n.Content = append(n.Content, r.str(fmt.Sprintf("%s[%d]", field, i), s))
	}
	return n
}

// fileText is text as a file's content: LF line endings, trailing newlines
// collapsed into exactly one, and nothing at all for empty text.
func fileText(s string) string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return ""
	}
	return s + "\n"
}
