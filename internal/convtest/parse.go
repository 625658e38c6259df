package convtest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/source"
	"github.com/octosync/octosync/internal/values"
	"github.com/octosync/octosync/internal/yamlnode"
	"github.com/octosync/octosync/schema"
)

// testSchema compiles schema/test.schema.json once.
var testSchema = sync.OnceValues(func() (*yamlnode.Schema, error) {
	return yamlnode.Compile(schema.TestSchema, schema.JSONSchemas()[schema.TestSchema])
})

// Load parses every test file of repo (repo.Tests) and checks the names of
// workflows and articles against the repository's files. Problems are
// diagnostics; the error is only for a file that cannot be read. A file
// with errors contributes no tests. env is the environment the tests run
// against, whose values render their texts (see Parse); nil reads them as
// written.
func Load(repo *source.Repo, env *config.Environment) ([]*Test, diag.List, error) {
	var (
		tests []*Test
		diags diag.List
	)
	for _, p := range repo.Tests {
		data, err := os.ReadFile(filepath.Join(repo.Root, filepath.FromSlash(p)))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
		ts, ds := Parse(p, data, env)
		diags.Add(ds...)
		diags.Add(checkNames(repo, ts, env)...)
		tests = append(tests, ts...)
	}
	return tests, diags.Sort(), nil
}

// Parse reads one test file; path (slash-separated, relative to the
// repository root, businesses/<slug>/tests/<name>.yaml) names the business.
// It returns no tests when the file has errors.
//
// With an environment, every customer message and expectation text is
// rendered with its values before an expectation is compiled (a value in a
// regex matches its text literally); a malformed `${{` or a placeholder
// without a value is an error at its line. Without one (nil: a repository
// without environments, or validate, which checks every environment's
// values itself) `${{` is plain text. Either way Test.Texts keeps the texts
// as written.
func Parse(path string, data []byte, env *config.Environment) ([]*Test, diag.List) {
	var diags diag.List
	text, bad, ok := yamlnode.Text(data)
	if !ok {
		diags.Errorf(path, bad, "invalid UTF-8: save the file as UTF-8")
		return nil, diags
	}
	root, ds := yamlnode.Decode(path, text)
	diags.Add(ds...)
	if root == nil {
		if !diags.HasErrors() {
			diags.Errorf(path, diag.Pos{}, "the file is empty: a test file holds `tests:`, a list of tests with a `name` and `turns`")
		}
		return nil, diags
	}
	s, err := testSchema()
	if err != nil {
		diags.Errorf(path, diag.Pos{}, "internal error: %v", err)
		return nil, diags
	}
	_, ds = s.Validate(path, root)
	diags.Add(ds...)
	if diags.HasErrors() {
		return nil, diags.Sort()
	}
	p := &parser{path: path, business: source.BusinessOf(path), env: env}
	_, list := yamlnode.Get(root, "tests")
	names := map[string]int{}
	for _, n := range list.Content {
		t := p.test(n)
		if t == nil {
			continue
		}
		if prev, dup := names[t.Name]; dup {
			p.diags.Errorf(path, diag.Pos{Line: t.Line, Col: t.col}, "test name %s is used twice (first on line %d): give each test of a file its own name", quote(t.Name), prev)
			continue
		}
		names[t.Name] = t.Line
		p.tests = append(p.tests, t)
	}
	diags.Add(p.diags...)
	if diags.HasErrors() {
		return nil, diags.Sort()
	}
	return p.tests, diags.Sort()
}

// parser holds the state of one Parse of a schema-valid file.
type parser struct {
	path, business string
	env            *config.Environment
	quoted         map[string]string // env's values quoted for a regex, once needed
	tests          []*Test
	diags          diag.List
}

// test reads one test; nil (with a diagnostic) when it lacks what the
// schema cannot insist on: null values pass the schema as "not set".
func (p *parser) test(n *yaml.Node) *Test {
	k, v := yamlnode.Get(n, "name")
	_, turns := yamlnode.Get(n, "turns")
	if n.Kind != yaml.MappingNode || k == nil || yamlnode.IsNull(v) || turns == nil || turns.Kind != yaml.SequenceNode {
		p.diags.Errorf(p.path, yamlnode.Pos(n), "a test needs a `name` and `turns`, a list of customer messages, like `- name: Return window` followed by `turns: [{customer: How long can I return things?}]`")
		return nil
	}
	t := &Test{File: p.path, Business: p.business, Line: k.Line, col: k.Column, Repeat: 1, PassRate: 1}
	t.Name, _ = yamlnode.Str(v)
	if _, v := yamlnode.Get(n, "tags"); v != nil {
		for _, c := range v.Content {
			s, _ := yamlnode.Str(c)
			t.Tags = append(t.Tags, s)
		}
	}
	if _, v := yamlnode.Get(n, "repeat"); v != nil && !yamlnode.IsNull(v) {
		fmt.Sscan(v.Value, &t.Repeat)
	}
	if _, v := yamlnode.Get(n, "passRate"); v != nil && !yamlnode.IsNull(v) {
		fmt.Sscan(v.Value, &t.PassRate)
	}
	for _, tn := range turns.Content {
		k, v := yamlnode.Get(tn, "customer")
		if k == nil || yamlnode.IsNull(v) {
			p.diags.Errorf(p.path, yamlnode.Pos(tn), "a turn needs `customer:`, the customer's message")
			continue
		}
		turn := Turn{Line: k.Line}
		turn.Customer = p.text(t, v, false)
		if _, ex := yamlnode.Get(tn, "expect"); ex != nil && ex.Kind == yaml.MappingNode {
			turn.Expect = p.expectations(t, ex)
		}
		t.Turns = append(t.Turns, turn)
	}
	return t
}

// expectations reads an expect: mapping, in the file's order.
func (p *parser) expectations(t *Test, m *yaml.Node) []Expectation {
	var out []Expectation
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		kind := Kind(k.Value)
		if yamlnode.IsNull(v) {
			continue
		}
		if kind == HandedOff {
			b, _ := yamlnode.Bool(v)
			out = append(out, Expectation{Kind: kind, Pos: yamlnode.Pos(k), Bool: b, check: checker(kind, "", b, nil)})
			continue
		}
		items := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			items = v.Content
		}
		for _, it := range items {
			s := p.text(t, it, kind == Regex)
			var re *regexp.Regexp
			if kind == Regex {
				var err error
				if re, err = regexp.Compile(s); err != nil {
					p.diags.Errorf(p.path, yamlnode.Pos(it), "regex %s does not compile: %v; patterns use Go's RE2 syntax (no lookaround or backreferences)", quote(s), unwrapRegexp(err))
					continue
				}
			}
			out = append(out, Expectation{Kind: kind, Pos: yamlnode.Pos(it), Value: s, check: checker(kind, s, false, re)})
		}
	}
	return out
}

func unwrapRegexp(err error) string {
	if re, ok := err.(*syntax.Error); ok {
		return fmt.Sprintf("%s: `%s`", re.Code, re.Expr)
	}
	return err.Error()
}

// text is a scalar that placeholders may stand in, recorded as written in
// t.Texts and returned rendered with the environment's values (as written
// without an environment). For a regex, values are quoted so that they
// match their text literally. A malformed placeholder or a missing value
// is an error at its position; the text is then returned as written.
func (p *parser) text(t *Test, n *yaml.Node, regex bool) string {
	s, _ := yamlnode.Str(n)
	at := yamlnode.Pos(n)
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		at.Col++ // the value starts after the quote
	}
	written := values.Located{Text: s, At: at}
	t.Texts = append(t.Texts, written)
	if p.env == nil {
		return s
	}
	vals := p.env.Values
	if regex {
		if p.quoted == nil {
			p.quoted = make(map[string]string, len(vals))
			for k, v := range vals {
				p.quoted[k] = regexp.QuoteMeta(v)
			}
		}
		vals = p.quoted
	}
	r, err := values.RenderText(s, vals)
	var syn *values.SyntaxError
	var missing *values.MissingError
	switch {
	case errors.As(err, &syn):
		p.diags.Errorf(p.path, written.Pos(syn.Offset), "%v", syn)
	case errors.As(err, &missing):
		p.diags.Errorf(p.path, written.Pos(missing.Offset),
			"${{ values.%s }} has no value in the environment %s: add `%s: TEXT` under environments.%s.values in %s (octosync validate checks every environment)",
			missing.Name, p.env.Name, missing.Name, p.env.Name, config.FileName)
	default:
		return r
	}
	return s
}
