package document

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/resource"
)

// BenchmarkParse parses realistic files: every article, workflow and bot
// rule of the example repository (articles of 2–5 KB), one per iteration
// in turn. validate reads 10,000 files in under 2 s on 2 cores, so one
// Parse must stay far below 100 µs.
func BenchmarkParse(b *testing.B) {
	type file struct {
		kind resource.Kind
		path string
		data []byte
	}
	root := filepath.Join("..", "..", "example-repo")
	paths, _ := filepath.Glob(filepath.Join(root, "businesses", "*", "*", "*"))
	var files []file
	for _, p := range paths {
		kind, ok := resource.KindFromDir(filepath.Base(filepath.Dir(p)))
		if !ok || filepath.Ext(p) == ProviderExt {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		files = append(files, file{kind, filepath.ToSlash(rel), data})
	}
	if len(files) == 0 {
		b.Skip("no example repository")
	}
	read := func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(root, filepath.FromSlash(p))) }
	for _, kind := range resource.Kinds {
		b.Run(string(kind), func(b *testing.B) {
			var set []file
			size := 0
			for _, f := range files {
				if f.kind == kind {
					set = append(set, f)
					size += len(f.data)
				}
			}
			b.SetBytes(int64(size / len(set)))
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				f := set[i%len(set)]
				if doc, diags := Parse(f.kind, f.path, f.data, ParseOptions{ReadFile: read}); doc == nil || len(diags) > 0 {
					b.Fatalf("%s: %v", f.path, diags)
				}
			}
		})
	}
}

// BenchmarkRender renders a typical article.
func BenchmarkRender(b *testing.B) {
	a := resource.Article{Title: "Return policy", Language: "en", Tags: []string{"returns", "policy"}, Enabled: true,
		Content: strings.Repeat("You can return any item within **30 days** of delivery.\n\n", 60)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(a, "art_1", "return-policy"); err != nil {
			b.Fatal(err)
		}
	}
}
