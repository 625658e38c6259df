package document

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/yamlnode"
)

// ParseOptions are the inputs Parse needs beyond the file itself.
type ParseOptions struct {
	// DefaultLanguage is applied when an article has no language ("en" if
	// empty).
	DefaultLanguage string
	// ReadFile reads another repository file by its slash-separated path
	// relative to the repository root: a workflow's condition provider. When
	// nil, provider files cannot be read and a workflow naming one gets a
	// diagnostic.
	ReadFile func(path string) ([]byte, error)
}

// expected shapes of YAML files, quoted by diagnostics about the whole file.
var yamlShapes = map[resource.Kind]string{
	resource.KindWorkflow: "keys such as `title: Damaged product`, `trigger: ...` and `instructions: ...`, one per line",
	resource.KindBotRule:  "keys such as `title: Greet in Spanish` and `content: Always greet the customer in Spanish.`, one per line",
}

// Parse reads one file of the given kind. path is slash-separated and
// relative to the repository root: diagnostics name it, and a workflow's
// `conditionProvider: {file: …}` is resolved against its folder.
//
// Structural problems are diagnostics, all of them, never a Go error. The
// returned Document is nil only when nothing usable could be read (invalid
// UTF-8, a YAML syntax error, an empty file, no front matter, a file that is
// not a mapping); otherwise it is returned even when the list holds errors,
// with defaults in place of what was missing or invalid.
func Parse(kind resource.Kind, path string, data []byte, opts ParseOptions) (*Document, diag.List) {
	p := &parser{kind: kind, path: path, opts: opts, pos: map[string]diag.Pos{}}
	doc := p.parse(data)
	return doc, p.diags.Sort()
}

// parser holds the state of one Parse call.
type parser struct {
	kind  resource.Kind
	path  string
	opts  ParseOptions
	diags diag.List
	pos   map[string]diag.Pos
}

// parse runs the phases of one Parse: the text, its YAML mapping (from the
// front matter for an article), the schema, then the resource of the kind.
// Each phase records its diagnostics; nil when nothing usable was read.
func (p *parser) parse(data []byte) *Document {
	if !p.kind.Valid() {
		p.diags.Errorf(p.path, diag.Pos{}, "unknown kind %q: use article, workflow or bot-rule", p.kind)
		return nil
	}
	text, ok := p.text(data)
	if !ok {
		return nil
	}
	yamlText, fm, ok := p.split(text)
	if !ok {
		return nil
	}
	root := p.mapping(yamlText)
	if root == nil || !p.validate(root) {
		return nil
	}
	doc := &Document{Path: p.path, Kind: p.kind, pos: p.pos}
	doc.ID = p.str(root, "id")
	switch p.kind {
	case resource.KindArticle:
		doc.Spec = p.article(root, fm.body)
	case resource.KindWorkflow:
		doc.Spec, doc.ProviderPath = p.workflow(root)
	case resource.KindBotRule:
		doc.Spec = resource.BotRule{
			Title:   p.str(root, "title"),
			Content: p.str(root, "content"),
			Enabled: p.enabled(root),
		}
	}
	return doc
}

// text is data as UTF-8 text with something in it.
func (p *parser) text(data []byte) (string, bool) {
	text, bad, ok := yamlnode.Text(data)
	if !ok {
		p.diags.Errorf(p.path, bad, "invalid UTF-8: save the file as UTF-8")
		return "", false
	}
	if strings.TrimSpace(text) == "" {
		p.diags.Errorf(p.path, diag.Pos{}, "the file is empty: %s", p.shape())
		return "", false
	}
	return text, true
}

// split is the YAML to decode: an article's front matter (its body kept
// in fm), any other file whole.
func (p *parser) split(text string) (string, frontMatter, bool) {
	if p.kind != resource.KindArticle {
		return text, frontMatter{}, true
	}
	fm, d := splitFrontMatter(p.path, text)
	if d != nil {
		p.diags.Add(*d)
		return "", fm, false
	}
	p.pos["content"] = diag.Pos{Line: fm.bodyLine, Col: 1}
	return fm.yaml, fm, true
}

// mapping decodes the YAML into its top-level mapping; nil when it is not
// one. An article's empty front matter is an empty mapping: the schema
// says which keys are missing.
func (p *parser) mapping(yamlText string) *yaml.Node {
	root, diags := yamlnode.Decode(p.path, yamlText)
	p.diags.Add(diags...)
	if root == nil && diags.HasErrors() {
		return nil
	}
	switch {
	case root == nil || (root.Kind == yaml.ScalarNode && yamlnode.IsNull(root)):
		if p.kind != resource.KindArticle {
			p.diags.Errorf(p.path, diag.Pos{}, "the file holds no keys: %s", p.shape())
			return nil
		}
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}
	case root.Kind != yaml.MappingNode:
		what := "front matter"
		if p.kind != resource.KindArticle {
			what = "file"
		}
		p.diags.Errorf(p.path, yamlnode.Pos(root), "the %s is %s, not a mapping of keys: %s", what, nodeKind(root), p.shape())
		return nil
	}
	return root
}

// validate checks root against the kind's JSON Schema; false only when
// the schemas themselves cannot be loaded.
func (p *parser) validate(root *yaml.Node) bool {
	all, err := schemas()
	if err != nil {
		p.diags.Errorf(p.path, diag.Pos{}, "internal error: %v", err)
		return false
	}
	_, diags := all[p.kind].Validate(p.path, root)
	p.diags.Add(diags...)
	return true
}

// article reads an article's front matter; body is its content.
func (p *parser) article(root *yaml.Node, body string) resource.Article {
	lang := p.opts.DefaultLanguage
	if lang == "" {
		lang = "en"
	}
	// Only a missing or null language takes the default: `language: ""`
	// is kept, so that whatever Render writes reads back.
	if _, v := yamlnode.Get(root, "language"); v != nil {
		p.pos["language"] = yamlnode.Pos(v)
		if l, ok := yamlnode.Str(v); ok {
			lang = l
		}
	}
	return resource.Article{
		Title:    p.str(root, "title"),
		Language: lang,
		Tags:     p.strs(root, "tags"),
		Enabled:  p.enabled(root),
		Content:  body,
	}
}

// workflow reads a workflow, its condition provider inline or from the
// file it names (returned).
func (p *parser) workflow(root *yaml.Node) (resource.Workflow, string) {
	_, cp := yamlnode.Get(root, "conditionProvider")
	if cp != nil {
		p.pos["conditionProvider"] = yamlnode.Pos(cp)
	}
	code, file := p.conditionProvider(cp)
	return resource.Workflow{
		Title:             p.str(root, "title"),
		Trigger:           p.str(root, "trigger"),
		Actions:           p.strs(root, "actions"),
		ConditionProvider: code,
		Instructions:      p.str(root, "instructions"),
		Variants:          p.variants(root),
		Enabled:           p.enabled(root),
	}, file
}

// shape describes the expected content of a file of p's kind.
func (p *parser) shape() string {
	if p.kind == resource.KindArticle {
		return "an article file starts with " + articleShape
	}
	return "a " + string(p.kind) + " file holds " + yamlShapes[p.kind]
}

// str reads the string value of key in mapping m (recording its position
// under field) and "" when it is missing, null or not a scalar. Scalars of
// other types read as their literal text (see yamlnode).
func (p *parser) str(m *yaml.Node, key string) string {
	return p.strAt(m, key, key)
}

func (p *parser) strAt(m *yaml.Node, key, field string) string {
	_, v := yamlnode.Get(m, key)
	if v == nil {
		return ""
	}
	p.pos[field] = yamlnode.Pos(v)
	s, _ := yamlnode.Str(v)
	return s
}

// strs reads a list of strings, skipping elements that are not scalars
// (the schema reports them). It never returns nil.
func (p *parser) strs(m *yaml.Node, key string) []string {
	_, v := yamlnode.Get(m, key)
	out := []string{}
	if v == nil {
		return out
	}
	p.pos[key] = yamlnode.Pos(v)
	if v.Kind != yaml.SequenceNode {
		return out
	}
	for i, e := range v.Content {
		if s, ok := yamlnode.Str(e); ok {
			p.pos[key+"["+strconv.Itoa(i)+"]"] = yamlnode.Pos(e)
			out = append(out, s)
		}
	}
	return out
}

// enabled reads `enabled`, true when missing, null or invalid.
func (p *parser) enabled(m *yaml.Node) bool {
	_, v := yamlnode.Get(m, "enabled")
	if v == nil {
		return true
	}
	p.pos["enabled"] = yamlnode.Pos(v)
	if b, ok := yamlnode.Bool(v); ok {
		return b
	}
	return true
}

// variants reads a workflow's variants, skipping elements that are not
// mappings. It never returns nil.
func (p *parser) variants(m *yaml.Node) []resource.Variant {
	_, v := yamlnode.Get(m, "variants")
	out := []resource.Variant{}
	if v == nil {
		return out
	}
	p.pos["variants"] = yamlnode.Pos(v)
	if v.Kind != yaml.SequenceNode {
		return out
	}
	for i, e := range v.Content {
		if e.Kind != yaml.MappingNode {
			continue
		}
		f := "variants[" + strconv.Itoa(i) + "]"
		p.pos[f] = yamlnode.Pos(e)
		out = append(out, resource.Variant{
			Name:         p.strAt(e, "name", f+".name"),
			Condition:    p.strAt(e, "condition", f+".condition"),
			Instructions: p.strAt(e, "instructions", f+".instructions"),
		})
	}
	return out
}

// nodeKind names a node's kind for messages.
func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a single value"
	case yaml.AliasNode:
		return "an alias"
	}
	return "a mapping"
}
