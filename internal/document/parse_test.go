package document

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/resource"
)

// repoFiles is a fake repository for ReadFile.
func repoFiles(files map[string]string) func(string) ([]byte, error) {
	return func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
	}
}

const (
	articlePath  = "businesses/acme/articles/return-policy.md"
	workflowPath = "businesses/acme/workflows/damaged-product.yaml"
	botRulePath  = "businesses/acme/bot-rules/greet.yaml"
	pyPath       = "businesses/acme/workflows/damaged-product.py"
)

func TestParseDiagnostics(t *testing.T) {
	files := repoFiles(map[string]string{
		pyPath:                             "def evaluate_conditions(context):\n    return {}\n",
		"businesses/acme/workflows/bad.py": "x = '\xff'\n",
	})
	tests := []struct {
		name    string
		kind    resource.Kind
		path    string // default: the kind's path above
		in      string
		read    func(string) ([]byte, error)
		want    []string // Diagnostic.String() of every diagnostic, sorted
		wantDoc bool
	}{
		// Files that cannot be read at all.
		{name: "empty article", kind: resource.KindArticle, in: "",
			want: []string{articlePath + ": error: the file is empty: an article file starts with `---`, then keys such as `title: Return policy`, then a closing `---` line, then the Markdown body"}},
		{name: "blank workflow", kind: resource.KindWorkflow, in: "\n  \n",
			want: []string{workflowPath + ": error: the file is empty: a workflow file holds keys such as `title: Damaged product`, `trigger: ...` and `instructions: ...`, one per line"}},
		{name: "comments only", kind: resource.KindBotRule, in: "# nothing yet\n",
			want: []string{botRulePath + ": error: the file holds no keys: a bot-rule file holds keys such as `title: Greet in Spanish` and `content: Always greet the customer in Spanish.`, one per line"}},
		{name: "invalid utf-8", kind: resource.KindArticle, in: "---\ntitle: Gr\xfc\xdfe\n---\n",
			want: []string{articlePath + ":2:10: error: invalid UTF-8: save the file as UTF-8"}},
		{name: "invalid utf-8 after multibyte and CRLF", kind: resource.KindBotRule, in: "title: Größe\r\ncontent: ü\x80\r\n",
			want: []string{botRulePath + ":2:11: error: invalid UTF-8: save the file as UTF-8"}},
		{name: "no front matter", kind: resource.KindArticle, in: "# Return policy\n\nYou can return...\n",
			want: []string{articlePath + ":1:1: error: missing front matter: an article file starts with `---`, then keys such as `title: Return policy`, then a closing `---` line, then the Markdown body"}},
		{name: "front matter not first", kind: resource.KindArticle, in: "\n---\ntitle: x\n---\n",
			want: []string{articlePath + ":1:1: error: missing front matter: an article file starts with `---`, then keys such as `title: Return policy`, then a closing `---` line, then the Markdown body"}},
		{name: "unterminated front matter", kind: resource.KindArticle, in: "---\ntitle: Return policy\n\nYou can return...\n",
			want: []string{articlePath + ":1:1: error: unterminated front matter: add a line `---` after the last key, before the Markdown body"}},
		{name: "front matter is a list", kind: resource.KindArticle, in: "---\n- title: x\n---\nbody\n",
			want: []string{articlePath + ":2:1: error: the front matter is a list, not a mapping of keys: an article file starts with `---`, then keys such as `title: Return policy`, then a closing `---` line, then the Markdown body"}},
		{name: "workflow is a list", kind: resource.KindWorkflow, in: "- title: x\n",
			want: []string{workflowPath + ":1:1: error: the file is a list, not a mapping of keys: a workflow file holds keys such as `title: Damaged product`, `trigger: ...` and `instructions: ...`, one per line"}},
		{name: "bot rule is a scalar", kind: resource.KindBotRule, in: "Always greet in Spanish.\n",
			want: []string{botRulePath + ":1:1: error: the file is a single value, not a mapping of keys: a bot-rule file holds keys such as `title: Greet in Spanish` and `content: Always greet the customer in Spanish.`, one per line"}},
		{name: "yaml syntax", kind: resource.KindBotRule, in: "title: x\ncontent: Note: this breaks\n",
			want: []string{botRulePath + ":2: error: invalid YAML: mapping values are not allowed in this context; quote a value that contains `: `, like `title: \"Returns: how to\"`"}},
		{name: "yaml syntax in front matter keeps file lines", kind: resource.KindArticle, in: "---\ntitle: x\ntags: [a, b\n---\nbody\n",
			want: []string{articlePath + ":3: error: invalid YAML: did not find expected ',' or ']'; check the syntax near this line"}},
		{name: "tab indentation", kind: resource.KindWorkflow, in: "title: x\nvariants:\n\t- name: y\n",
			want: []string{workflowPath + ":3: error: invalid YAML: found character that cannot start any token; indent with spaces, not tabs"}},
		{name: "second document", kind: resource.KindBotRule, in: "title: a\ncontent: b\n---\ntitle: c\ncontent: d\n",
			want: []string{botRulePath + ":3:1: error: a second YAML document starts here: a file holds one document; remove this `---` line and what follows it, or move it to a file of its own"}, wantDoc: true},

		// Files that parse, with problems.
		{name: "unknown key with suggestion", kind: resource.KindArticle, in: "---\ntitel: Return policy\n---\nbody\n",
			want: []string{
				// One mistake, one message: no "missing `title`" beside it.
				articlePath + ":2:1: error: unknown key `titel`: did you mean `title`?",
			}, wantDoc: true},
		{name: "unknown key without suggestion", kind: resource.KindBotRule, in: "title: a\ncontent: b\npriority: 3\n",
			want: []string{botRulePath + ":3:1: error: unknown key `priority`: a bot rule has only `content`, `enabled`, `id` and `title`"}, wantDoc: true},
		{name: "case-insensitive suggestion", kind: resource.KindWorkflow, in: "title: a\nTrigger: b\ninstructions: c\n",
			want: []string{
				workflowPath + ":2:1: error: unknown key `Trigger`: did you mean `trigger`?",
			}, wantDoc: true},
		{name: "wrong types", kind: resource.KindArticle, in: "---\ntitle: x\ntags: returns\nenabled: \"yes\"\n---\n",
			want: []string{
				articlePath + ":3:7: error: `tags` must be a list of strings, like `tags: [returns, policy]`",
				articlePath + ":4:10: error: `enabled` must be true or false, like `enabled: true`",
			}, wantDoc: true},
		{name: "yes is not a boolean", kind: resource.KindBotRule, in: "title: a\ncontent: b\nenabled: yes\n",
			want: []string{botRulePath + ":3:10: error: `enabled` must be true or false, like `enabled: true`"}, wantDoc: true},
		{name: "list element of wrong type", kind: resource.KindWorkflow, in: "title: a\ntrigger: b\ninstructions: c\nactions: [getOrder, {x: 1}]\n",
			want: []string{workflowPath + ":4:21: error: `actions[1]` must be a string, like `getOrderById`"}, wantDoc: true},
		{name: "null title is missing", kind: resource.KindBotRule, in: "title: ~\ncontent: b\n",
			want: []string{botRulePath + ":1:1: error: missing `title`: it has no value; every bot rule needs a title, like `title: Greet in Spanish`"}, wantDoc: true},
		{name: "empty title", kind: resource.KindBotRule, in: "title: \"\"\ncontent: b\n",
			want: []string{botRulePath + ":1:8: error: `title` must not be empty, like `title: Greet in Spanish`"}, wantDoc: true},
		{name: "duplicate key", kind: resource.KindBotRule, in: "title: a\ncontent: b\ntitle: c\n",
			want: []string{botRulePath + ":3:1: error: duplicate key `title`: it is already set on line 1; remove one of them"}, wantDoc: true},
		{name: "alias", kind: resource.KindWorkflow, in: "title: &t Damaged\ntrigger: *t\ninstructions: c\n",
			want: []string{workflowPath + ":2:10: error: alias `*t` is not supported: write the value out in full"}, wantDoc: true},
		{name: "variant problems", kind: resource.KindWorkflow, in: "title: a\ntrigger: b\ninstructions: c\nconditionProvider: {code: x}\nvariants:\n  - name: v\n    condtion: c\n    instructions: i\n  - just text\n",
			want: []string{
				// No "missing `condition`": the server allows a variant
				// without one (schema/openapi.yaml), so the schema does too.
				workflowPath + ":7:5: error: unknown key `condtion`: did you mean `condition`?",
				workflowPath + ":9:5: error: `variants[1]` must be a mapping with the keys `condition`, `instructions` or `name`, like `{condition: isRefunded, instructions: Explain that a refund was already issued., name: Already refunded}`",
			}, wantDoc: true},

		// Condition providers.
		{name: "provider file and code", kind: resource.KindWorkflow, in: "title: a\ntrigger: b\ninstructions: c\nconditionProvider: {file: damaged-product.py, code: x}\n",
			want: []string{workflowPath + ":4:20: error: `conditionProvider` has both `file` and `code`: keep one of them"}, wantDoc: true},
		{name: "provider empty", kind: resource.KindWorkflow, in: "title: a\ntrigger: b\ninstructions: c\nconditionProvider: {}\n",
			want: []string{workflowPath + ":4:20: error: `conditionProvider` is empty: write `conditionProvider: {file: damaged-product.py}` with the Python code beside this file, or remove the key"}, wantDoc: true},
		{name: "provider missing file", kind: resource.KindWorkflow, in: "title: a\ntrigger: b\ninstructions: c\nconditionProvider:\n  file: nope.py\n",
			want: []string{workflowPath + ":5:9: error: condition provider businesses/acme/workflows/nope.py does not exist: create it beside this file, or fix `file: nope.py`"}, wantDoc: true},
		{name: "provider escapes", kind: resource.KindWorkflow, in: "title: a\ntrigger: b\ninstructions: c\nconditionProvider: {file: ../../other/workflows/x.py}\n",
			want: []string{workflowPath + ":4:27: error: condition provider `../../other/workflows/x.py` is outside this workflow's folder businesses/acme/workflows: put the file beside the workflow, like `file: damaged-product.py`"}, wantDoc: true},
		{name: "provider absolute", kind: resource.KindWorkflow, in: "title: a\ntrigger: b\ninstructions: c\nconditionProvider: {file: /etc/passwd}\n",
			want: []string{workflowPath + ":4:27: error: condition provider `/etc/passwd` is an absolute path: write it relative to this workflow's folder, like `file: damaged-product.py`"}, wantDoc: true},
		{name: "provider backslash", kind: resource.KindWorkflow, in: "title: a\ntrigger: b\ninstructions: c\nconditionProvider: {file: 'py\\x.py'}\n",
			want: []string{workflowPath + ":4:27: error: condition provider `py\\x.py` contains `\\`: write paths with `/`"}, wantDoc: true},
		{name: "provider without ReadFile", kind: resource.KindWorkflow, read: nil, in: "title: a\ntrigger: b\ninstructions: c\nconditionProvider: {file: damaged-product.py}\n",
			want: []string{workflowPath + ":4:27: error: condition provider businesses/acme/workflows/damaged-product.py cannot be read: this command reads no other files; run `octosync validate` on the repository"}, wantDoc: true},
		{name: "provider not utf-8", kind: resource.KindWorkflow, path: "businesses/acme/workflows/bad.yaml", in: "title: a\ntrigger: b\ninstructions: c\nconditionProvider: {file: bad.py}\n",
			want: []string{"businesses/acme/workflows/bad.py:1:6: error: invalid UTF-8: save the condition provider as UTF-8"}, wantDoc: true},
		{name: "provider wrong type", kind: resource.KindWorkflow, in: "title: a\ntrigger: b\ninstructions: c\nconditionProvider: damaged-product.py\n",
			want: []string{workflowPath + ":4:20: error: `conditionProvider` must be a mapping with the keys `code` or `file`, like `conditionProvider: {file: damaged-product.py}`"}, wantDoc: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path
			if path == "" {
				path = map[resource.Kind]string{resource.KindArticle: articlePath, resource.KindWorkflow: workflowPath, resource.KindBotRule: botRulePath}[tt.kind]
			}
			read := tt.read
			if read == nil && !strings.Contains(tt.name, "without ReadFile") {
				read = files
			}
			doc, diags := Parse(tt.kind, path, []byte(tt.in), ParseOptions{ReadFile: read})
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("diagnostics:\n got  %q\n want %q", got, tt.want)
			}
			if (doc != nil) != tt.wantDoc {
				t.Errorf("doc = %v, want a document: %v", doc, tt.wantDoc)
			}
			if doc != nil && doc.Spec == nil {
				t.Errorf("doc.Spec is nil")
			}
		})
	}
}

func TestParseArticle(t *testing.T) {
	in := "\ufeff---\r\nid: art_7f3k2   # bound by pull\r\ntitle: Return policy\r\ntags: [returns, 2024, yes]\r\n---\r\nYou can return any item.\r\n---\r\nNot front matter.\r\n"
	doc, diags := Parse(resource.KindArticle, articlePath, []byte(in), ParseOptions{DefaultLanguage: "de"})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	want := resource.Article{
		Title:    "Return policy",
		Language: "de",
		Tags:     []string{"returns", "2024", "yes"},
		Enabled:  true,
		Content:  "You can return any item.\n---\nNot front matter.\n",
	}
	if !reflect.DeepEqual(doc.Spec, want) {
		t.Errorf("spec = %#v, want %#v", doc.Spec, want)
	}
	if doc.ID != "art_7f3k2" || doc.Path != articlePath || doc.Kind != resource.KindArticle || doc.ProviderPath != "" {
		t.Errorf("doc = %+v", doc)
	}
	for field, want := range map[string]diag.Pos{
		"id":      {Line: 2, Col: 5},
		"title":   {Line: 3, Col: 8},
		"tags":    {Line: 4, Col: 7},
		"tags[2]": {Line: 4, Col: 23},
		"content": {Line: 6, Col: 1},
		"body":    {Line: 6, Col: 1},
		"nothing": {Line: 1, Col: 1},
	} {
		if got := doc.Pos(field); got != want {
			t.Errorf("Pos(%q) = %v, want %v", field, got, want)
		}
	}
}

func TestParseArticleDelimiters(t *testing.T) {
	tests := []struct {
		name, in, body string
	}{
		{"dots close", "---\ntitle: a\n...\nbody\n", "body\n"},
		{"trailing spaces on delimiters", "---  \ntitle: a\n--- \t\nbody\n", "body\n"},
		{"no body", "---\ntitle: a\n---\n", ""},
		{"no newline after closing", "---\ntitle: a\n---", ""},
		{"body kept exactly", "---\ntitle: a\n---\n\n  indented\n\n", "\n  indented\n\n"},
		{"body that looks like front matter", "---\ntitle: a\n---\n---\ntitle: b\n---\n", "---\ntitle: b\n---\n"},
		{"empty front matter", "---\n---\nbody\n", "body\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _ := Parse(resource.KindArticle, "a.md", []byte(tt.in), ParseOptions{})
			if doc == nil {
				t.Fatal("no document")
			}
			if got := doc.Spec.(resource.Article).Content; got != tt.body {
				t.Errorf("body = %q, want %q", got, tt.body)
			}
		})
	}
}

func TestParseScalarsAsStrings(t *testing.T) {
	tests := []struct{ value, want string }{
		{"yes", "yes"},
		{"no", "no"},
		{"on", "on"},
		{"2024", "2024"},
		{"0x1F", "0x1F"},
		{"1.50", "1.50"},
		{"true", "true"},
		{"2024-01-01", "2024-01-01"},
		{"'null'", "null"},
		{"\"~\"", "~"},
		{"!!str 12", "12"},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			in := "title: " + tt.value + "\ncontent: c\n"
			doc, diags := Parse(resource.KindBotRule, botRulePath, []byte(in), ParseOptions{})
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %v", diags)
			}
			if got := doc.Spec.GetTitle(); got != tt.want {
				t.Errorf("title = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseWorkflow(t *testing.T) {
	in := `id: wf_91x0
title: Damaged product
trigger: When a customer reports receiving a damaged product.
actions: [getOrderById, createReplacementOrder]
conditionProvider: {file: damaged-product.py}
instructions: |
  1. Apologise.
  2. Replace.
variants:
  - name: Already refunded
    condition: isRefunded
    instructions: |
      Explain that a refund was already issued.
enabled: false
`
	code := "def evaluate_conditions(context):\r\n    return {}\r\n"
	doc, diags := Parse(resource.KindWorkflow, workflowPath, []byte(in), ParseOptions{ReadFile: repoFiles(map[string]string{pyPath: code})})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	lf := "def evaluate_conditions(context):\n    return {}\n"
	want := resource.Workflow{
		Title:             "Damaged product",
		Trigger:           "When a customer reports receiving a damaged product.",
		Actions:           []string{"getOrderById", "createReplacementOrder"},
		ConditionProvider: &lf,
		Instructions:      "1. Apologise.\n2. Replace.\n",
		Variants:          []resource.Variant{{Name: "Already refunded", Condition: "isRefunded", Instructions: "Explain that a refund was already issued.\n"}},
		Enabled:           false,
	}
	if !reflect.DeepEqual(doc.Spec, want) {
		t.Errorf("spec = %#v, want %#v", doc.Spec, want)
	}
	if doc.ID != "wf_91x0" || doc.ProviderPath != pyPath {
		t.Errorf("id %q, provider path %q", doc.ID, doc.ProviderPath)
	}
	for field, want := range map[string]diag.Pos{
		"conditionProvider.file": {Line: 5, Col: 27},
		"instructions":           {Line: 6, Col: 15},
		"variants[0]":            {Line: 10, Col: 5},
		"variants[0].condition":  {Line: 11, Col: 16},
		"enabled":                {Line: 14, Col: 10},
	} {
		if got := doc.Pos(field); got != want {
			t.Errorf("Pos(%q) = %v, want %v", field, got, want)
		}
	}

	// Defaults: no actions, variants or provider; inline code.
	doc, diags = Parse(resource.KindWorkflow, workflowPath, []byte("title: a\ntrigger: b\ninstructions: c\nconditionProvider: {code: \"x = 1\"}\n"), ParseOptions{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	w := doc.Spec.(resource.Workflow)
	if w.Actions == nil || len(w.Actions) != 0 || w.Variants == nil || len(w.Variants) != 0 || !w.Enabled || w.ConditionProvider == nil || *w.ConditionProvider != "x = 1" || doc.ProviderPath != "" {
		t.Errorf("defaults: %#v, provider path %q", w, doc.ProviderPath)
	}
}

func TestParseReadFileError(t *testing.T) {
	read := func(string) ([]byte, error) { return nil, errors.New("permission denied") }
	_, diags := Parse(resource.KindWorkflow, workflowPath, []byte("title: a\ntrigger: b\ninstructions: c\nconditionProvider: {file: damaged-product.py}\n"), ParseOptions{ReadFile: read})
	want := workflowPath + ":4:27: error: condition provider " + pyPath + " cannot be read: permission denied"
	if len(diags) != 1 || diags[0].String() != want {
		t.Errorf("diagnostics = %v, want %s", diags, want)
	}
}

func TestParseUnknownKind(t *testing.T) {
	doc, diags := Parse("page", "x.md", []byte("---\ntitle: x\n---\n"), ParseOptions{})
	if doc != nil || len(diags) != 1 || diags[0].Message != `unknown kind "page": use article, workflow or bot-rule` {
		t.Errorf("doc %v, diagnostics %v", doc, diags)
	}
}
