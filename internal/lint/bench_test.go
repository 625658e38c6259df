package lint_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/lint"
	"github.com/octosync/octosync/internal/source"
)

// BenchmarkValidate10k measures validate's work, source.Load plus
// lint.Check, over a generated repository of 10,000 files: 20 businesses of
// 350 articles (0.8 to 30 KB of Markdown, 3.3 KB on average, with headings,
// lists, tables and links), 80 workflows (half with a condition provider
// file and variants) and 30 bot rules. Generating it is not timed.
func BenchmarkValidate10k(b *testing.B) {
	dir := b.TempDir()
	files := generateRepo(b, dir, 20)
	if files != 10_000 {
		b.Fatalf("generated %d files, want 10000", files)
	}
	for b.Loop() {
		repo, err := source.Load(dir, source.LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		diags := append(repo.Diags, lint.Check(repo)...)
		if len(diags) != 0 {
			b.Fatalf("the generated repository has problems, first: %s", diags[0])
		}
	}
	b.ReportMetric(float64(files)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// generateRepo writes a repository of businesses × 500 files into dir and
// returns the number of files under businesses/.
func generateRepo(tb testing.TB, dir string, businesses int) int {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	n := 0
	put := func(rel, data string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
		n++
	}
	put("octosync.yaml", "version: 1\ndefaults:\n  language: en\n")
	n--
	for bi := range businesses {
		biz := fmt.Sprintf("businesses/shop-%02d", bi)
		for i := range 350 {
			put(fmt.Sprintf("%s/articles/article-%03d.md", biz, i), article(rng, i))
		}
		for i := range 80 {
			name := fmt.Sprintf("workflow-%02d", i)
			withProvider := i%2 == 0
			put(fmt.Sprintf("%s/workflows/%s.yaml", biz, name), workflow(rng, name, i, withProvider))
			if withProvider {
				put(fmt.Sprintf("%s/workflows/%s.py", biz, name), provider(i))
			}
		}
		for i := range 30 {
			put(fmt.Sprintf("%s/bot-rules/rule-%02d.yaml", biz, i), fmt.Sprintf(
				"title: Rule %d\ncontent: %s\nenabled: %v\n", i, sentence(rng, 12+rng.IntN(30)), i < 20))
		}
	}
	return n
}

var words = strings.Fields(`order return refund parcel shipping delivery size exchange warranty
	customer account payment card invoice address label carrier tracking damaged item colour
	jacket boots tent fleece store days business within free express standard please contact`)

func sentence(rng *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[rng.IntN(len(words))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func article(rng *rand.Rand, i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Article %d about %s\nlanguage: en\ntags: [%s, %s]\nenabled: true\n---\n",
		i, words[i%len(words)], words[rng.IntN(len(words))], fmt.Sprintf("topic-%d", i%17))
	// Most help-centre articles are short: 800 bytes plus an exponential
	// tail averaging 2.5 KB, capped at 30 KB.
	size := 800 + min(int(rng.ExpFloat64()*2500), 29_000)
	for b.Len() < size {
		switch rng.IntN(6) {
		case 0:
			fmt.Fprintf(&b, "## %s\n\n", sentence(rng, 4))
		case 1:
			for range 4 {
				fmt.Fprintf(&b, "- **%s** %s\n", words[rng.IntN(len(words))], sentence(rng, 10))
			}
			b.WriteString("\n")
		case 2:
			b.WriteString("| Size | Chest | Waist |\n|---|---|---|\n| S | 35–37 | 30–32 |\n| M | 38–40 | 33–35 |\n\n")
		case 3:
			fmt.Fprintf(&b, "See [article %d](article-%03d.md) and [our site](https://example.com/%d).\n\n", (i+1)%350, (i+1)%350, i)
		default:
			fmt.Fprintf(&b, "%s %s\n\n", sentence(rng, 25), sentence(rng, 20))
		}
	}
	return b.String()
}

func workflow(rng *rand.Rand, name string, i int, withProvider bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: Workflow %d\ntrigger: %s\nactions: [getOrderById, createReplacementOrder, issueRefund]\n", i, sentence(rng, 15))
	if withProvider {
		fmt.Fprintf(&b, "conditionProvider: {file: %s.py}\n", name)
	}
	b.WriteString("instructions: |\n")
	for s := range 6 {
		fmt.Fprintf(&b, "  %d. %s Call `getOrderById`, then `issueRefund`.\n", s+1, sentence(rng, 20))
	}
	if withProvider {
		b.WriteString("variants:\n")
		for v := range 3 {
			fmt.Fprintf(&b, "  - name: Variant %d\n    condition: isCase%d\n    instructions: |\n      %s Do not call `createReplacementOrder`.\n", v, v, sentence(rng, 20))
		}
	}
	b.WriteString("enabled: true\n")
	return b.String()
}

func provider(i int) string {
	return fmt.Sprintf(`"""Conditions of workflow %d."""


def evaluate_conditions(context):
    order = context.get("order") or {}
    return {
        "isCase0": order.get("status") == "refunded",
        "isCase1": order.get("total", 0) > 300,
        "isCase2": order.get("status") == "shipped",
    }
`, i)
}
