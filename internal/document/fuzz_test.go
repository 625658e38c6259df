package document

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/octosync/octosync/internal/resource"
)

// fuzzParse is the property every fuzz target checks: Parse never panics,
// and a file that parses without errors renders to files that parse to an
// equal spec with the same id, and that Render reproduces byte for byte.
func fuzzParse(f *testing.F, kind resource.Kind, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	// One example file as a realistic seed; more large seeds only slow the
	// fuzzer down (TestExampleRepoIsCanonical covers them all).
	examples, _ := filepath.Glob(filepath.Join("..", "..", "example-repo", "businesses", "*", kind.Dir(), "*"+Ext(kind)))
	if len(examples) > 0 {
		if data, err := os.ReadFile(examples[0]); err == nil {
			f.Add(data)
		}
	}
	dir := "businesses/acme/" + kind.Dir() + "/"
	read := repoFiles(map[string]string{dir + "p.py": "def evaluate_conditions(context):\n    return {}\n"})
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, diags := Parse(kind, dir+"f"+Ext(kind), data, ParseOptions{ReadFile: read})
		if doc == nil || diags.HasErrors() {
			return
		}
		files, err := Render(doc.Spec, doc.ID, "f")
		if err != nil {
			t.Fatalf("render: %v", err)
		}
		back := parseFiles(t, kind, files)
		if !resource.Equal(back.Spec, doc.Spec) || back.ID != doc.ID {
			t.Fatalf("parse(render(parse(data))) != parse(data): %s\n%s", describeDiff(back.Spec, doc.Spec), truncate(joinFiles(files)))
		}
		again, err := Render(back.Spec, back.ID, "f")
		if err != nil || !sameFiles(files, again) {
			t.Fatalf("render is not a fixed point (%v):\n%s\n----\n%s", err, truncate(joinFiles(files)), truncate(joinFiles(again)))
		}
	})
}

func FuzzParseArticle(f *testing.F) {
	fuzzParse(f, resource.KindArticle,
		"---\ntitle: Return policy\ntags: [a, b]\n---\nbody\n",
		"\ufeff---\r\nid: 1\r\ntitle: yes\r\nenabled: false\r\n...\r\n---\r\n",
		"---\ntitle: \"a\\tb\"\nlanguage: ''\n---\n---\n",
		"---\ntitle: |\n  two\n  lines\n---\n",
	)
}

func FuzzParseWorkflow(f *testing.F) {
	fuzzParse(f, resource.KindWorkflow,
		"title: a\ntrigger: b\ninstructions: |\n  c\n",
		"title: a\ntrigger: b\ninstructions: c\nconditionProvider: {file: p.py}\nvariants:\n  - {name: n, condition: c, instructions: i}\n",
		"title: a\ntrigger: b\ninstructions: c\nconditionProvider: {code: \"x\\ny\"}\nactions: [x, 'y z']\n",
	)
}

func FuzzParseBotRule(f *testing.F) {
	fuzzParse(f, resource.KindBotRule,
		"title: a\ncontent: b\n",
		"id: 0x1F\ntitle: ~x\ncontent: \"\\u2028\"\nenabled: false\n",
		"title: 'a: b'\ncontent: |+\n  x\n\n",
	)
}
