package bases

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/gitrepo/gitrepotest"
	"github.com/octosync/octosync/internal/resource"
)

// benchRepoVersion keys the cached benchmark repository: bump it whenever
// synthHistory changes so a stale cache is never measured.
const benchRepoVersion = 2

// synthHistory is a history of commits commits over files files: five
// businesses, each with articles, workflows (half with a .py condition
// provider) and bot rules; the first commit adds everything, every later
// one edits three files (sometimes a provider alone) and every 50th renames
// an article.
func synthHistory(commits, files int) ([]gitrepotest.Commit, error) {
	const businesses = 5
	perBusiness := files / businesses
	nArticles, nWorkflows := perBusiness*6/10, perBusiness/10*2 // 60 %, 20 % (+10 % providers)
	nRules := perBusiness - nArticles - nWorkflows - nWorkflows/2
	rng := rand.New(rand.NewPCG(1, 2))
	when := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

	type slot struct {
		folder, name string
		kind         resource.Kind
		rev          int
	}
	var slots []*slot
	for b := range businesses {
		base := fmt.Sprintf("businesses/shop-%d/", b)
		for i := range nArticles {
			slots = append(slots, &slot{folder: base + "articles", name: fmt.Sprintf("article-%03d", i), kind: resource.KindArticle})
		}
		for i := range nWorkflows {
			slots = append(slots, &slot{folder: base + "workflows", name: fmt.Sprintf("workflow-%03d", i), kind: resource.KindWorkflow})
		}
		for i := range nRules {
			slots = append(slots, &slot{folder: base + "bot-rules", name: fmt.Sprintf("rule-%03d", i), kind: resource.KindBotRule})
		}
	}
	render := func(s *slot, files map[string][]byte, providerOnly bool) error {
		var spec resource.Spec
		n := fmt.Sprintf("%s/%s rev %d", s.folder, s.name, s.rev)
		switch s.kind {
		case resource.KindArticle:
			spec = resource.Article{Title: "Article " + s.name, Language: "en", Tags: []string{"bench", s.name}, Enabled: true,
				Content: fmt.Sprintf("# %s\n\nThis is %s.\n\nIt has a few paragraphs of **Markdown** so parsing costs what it costs.\n\n- one\n- two\n- three\n", s.name, n)}
		case resource.KindWorkflow:
			w := resource.Workflow{Title: "Workflow " + s.name, Trigger: "When the customer asks about " + s.name + ".",
				Instructions: "1. Look up the order.\n2. Answer: " + n + ".\n", Actions: []string{"getOrderById"}, Enabled: true}
			if i := len(s.name); s.name[i-1]%2 == 0 {
				code := fmt.Sprintf("def evaluate_conditions(context):\n    # %s\n    return {\"vip\": context.get(\"vip\", False)}\n", n)
				w.ConditionProvider = &code
				w.Variants = []resource.Variant{{Name: "VIP", Condition: "vip", Instructions: "Offer express shipping."}}
				if providerOnly {
					files[path.Join(s.folder, s.name+".py")] = []byte(code)
					return nil
				}
			}
			spec = w
		case resource.KindBotRule:
			spec = resource.BotRule{Title: "Rule " + s.name, Content: "Always " + n + ".", Enabled: true}
		}
		out, err := document.Render(spec, "", s.name)
		if err != nil {
			return err
		}
		for _, f := range out {
			files[path.Join(s.folder, f.Name)] = f.Data
		}
		return nil
	}

	first := gitrepotest.Commit{Files: map[string][]byte{"octosync.yaml": []byte("defaultLanguage: en\n")}, Message: "Initial import\n", When: when}
	for _, s := range slots {
		if err := render(s, first.Files, false); err != nil {
			return nil, err
		}
	}
	history := []gitrepotest.Commit{first}
	for i := 1; i < commits; i++ {
		c := gitrepotest.Commit{Files: map[string][]byte{}, Message: fmt.Sprintf("Change %d\n", i), When: when.Add(time.Duration(i) * time.Hour)}
		for range 3 {
			s := slots[rng.IntN(len(slots))]
			s.rev++
			if err := render(s, c.Files, s.kind == resource.KindWorkflow && rng.IntN(3) == 0); err != nil {
				return nil, err
			}
		}
		if i%50 == 0 {
			s := slots[rng.IntN(nArticles)]
			c.Files[path.Join(s.folder, s.name+".md")] = nil
			s.name += "-renamed"
			if err := render(s, c.Files, false); err != nil {
				return nil, err
			}
		}
		history = append(history, c)
	}
	return history, nil
}

// benchRepos holds the generated repositories by layout, built once per
// test binary.
var benchRepos = map[bool]*benchRepo{false: {}, true: {}}

type benchRepo struct {
	once sync.Once
	dir  string
	err  error
}

// cachedBenchRepo builds the 1,000 × 500 repository once per machine, layout
// and version under os.TempDir(), atomically (built aside, then renamed).
func cachedBenchRepo(b *testing.B, packed bool) string {
	r := benchRepos[packed]
	r.once.Do(func() {
		layout := "loose"
		if packed {
			layout = "packed"
		}
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("octosync-bench-history-v%d-%s", benchRepoVersion, layout))
		if _, err := os.Stat(filepath.Join(dir, ".git", "octosync-complete")); err == nil {
			r.dir = dir
			return
		}
		start := time.Now()
		r.err = func() error {
			commits, err := synthHistory(1000, 500)
			if err != nil {
				return err
			}
			tmp, err := os.MkdirTemp(os.TempDir(), "octosync-bench-build-")
			if err != nil {
				return err
			}
			if _, err := gitrepotest.Build(tmp, commits, gitrepotest.Options{Pack: packed}); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(tmp, ".git", "octosync-complete"), nil, 0o644); err != nil {
				return err
			}
			os.RemoveAll(dir)
			return os.Rename(tmp, dir)
		}()
		b.Logf("built %s in %v", dir, time.Since(start).Round(time.Millisecond))
		r.dir = dir
	})
	if r.err != nil {
		b.Fatal(r.err)
	}
	return r.dir
}

// BenchmarkHistory1000x500 loads the bases of 1,000 commits over 500 files,
// from a packed repository (as cloned) and from loose objects (the worst
// case: one file per object).
func BenchmarkHistory1000x500(b *testing.B) {
	for _, packed := range []bool{true, false} {
		name := "packed"
		if !packed {
			name = "loose"
		}
		b.Run(name, func(b *testing.B) {
			dir := cachedBenchRepo(b, packed)
			var st Stats
			var n int
			for b.Loop() {
				bases, err := Load(b.Context(), dir, Options{DefaultLanguage: "en"})
				if err != nil {
					b.Fatal(err)
				}
				st, n = bases.Stats(), bases.Len()
			}
			b.ReportMetric(float64(st.Parsed), "parsed/op")
			b.ReportMetric(float64(n), "bases")
			b.ReportMetric(float64(st.Folders), "folders/op")
		})
	}
}
