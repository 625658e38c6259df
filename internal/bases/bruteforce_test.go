package bases

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/gitrepo/gitrepotest"
	"github.com/octosync/octosync/internal/resource"
)

// TestLoadMatchesBruteForce checks the shortcuts Load takes (skipping
// folders already seen, parsing each content once, re-pairing workflows
// with their providers only when their folder changes) against the
// definition: parse every file of every commit. Random histories revert
// files to old versions and change workflows and providers separately, so
// pairs that never co-existed are likely and must not become bases; they
// also switch octosync.yaml's default language, which articles without
// `language:` take from their own commit.
func TestLoadMatchesBruteForce(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			dir := t.TempDir()
			commits, universe := randomHistory(t, seed, 40)
			shas, err := gitrepotest.Build(dir, commits, gitrepotest.Options{Pack: seed%2 == 1})
			if err != nil {
				t.Fatal(err)
			}
			b, err := Load(t.Context(), dir, Options{Parallelism: 1 + int(seed%3)})
			if err != nil {
				t.Fatal(err)
			}
			want := bruteForce(t, dir, shas, universe)
			got := map[baseKey]string{}
			for k, o := range b.set {
				got[k] = o.commit
			}
			if !maps.Equal(got, want) {
				t.Errorf("Load found %d bases, brute force %d", len(got), len(want))
				for k, c := range want {
					if got[k] != c {
						t.Errorf("  %s %s %x: Load says first in %.7q, brute force %.7s", k.business, k.kind, k.fp[:4], got[k], c)
					}
				}
				for k := range got {
					if _, ok := want[k]; !ok {
						t.Errorf("  %s %s %x: Load has a base no commit held", k.business, k.kind, k.fp[:4])
					}
				}
			}
		})
	}
}

// randomHistory makes a linear history over a few files per kind in two
// businesses, drawing each edit from a small set of versions so that
// contents recur. It returns the commits and every path ever written.
func randomHistory(t *testing.T, seed uint64, n int) ([]gitrepotest.Commit, []string) {
	rng := rand.New(rand.NewPCG(seed, 99))
	universe := map[string]bool{}
	var commits []gitrepotest.Commit
	when := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	render := func(files map[string][]byte, folder, name string, spec resource.Spec) {
		out, err := document.Render(spec, "", name)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range out {
			p := path.Join(folder, f.Name)
			files[p] = f.Data
			universe[p] = true
		}
	}
	for i := range n {
		c := gitrepotest.Commit{Files: map[string][]byte{}, Message: fmt.Sprintf("commit %d", i), When: when.Add(time.Duration(i) * time.Minute)}
		edits := 1 + rng.IntN(3)
		if i == 0 {
			edits = 12
		}
		for range edits {
			business := fmt.Sprintf("businesses/b%d/", rng.IntN(2))
			name := fmt.Sprintf("f%d", rng.IntN(3))
			v := rng.IntN(3)
			switch rng.IntN(5) {
			case 0:
				render(c.Files, business+"articles", name, article("Article "+name, fmt.Sprintf("Version %d.", v)))
				if v == 2 { // no language: octosync.yaml's default applies
					p := business + "articles/" + name + ".md"
					c.Files[p] = bytes.Replace(c.Files[p], []byte("language: en\n"), nil, 1)
				}
			case 1:
				render(c.Files, business+"bot-rules", name, botRule(fmt.Sprintf("Rule %s version %d.", name, v)))
			case 2: // a workflow, with or without provider
				py := ""
				if name != "f0" {
					py = fmt.Sprintf("def evaluate_conditions(context):\n    return {\"isRefunded\": %d}\n", rng.IntN(3))
				}
				render(c.Files, business+"workflows", name, workflow(fmt.Sprintf("Step %d.", v), py))
			case 3: // the provider alone
				if name != "f0" {
					p := business + "workflows/" + name + ".py"
					c.Files[p] = fmt.Appendf(nil, "def evaluate_conditions(context):\n    return {\"isRefunded\": %d}\n", v)
					universe[p] = true
				}
			case 4: // delete something
				kinds := []string{"articles/" + name + ".md", "bot-rules/" + name + ".yaml", "workflows/" + name + ".yaml", "workflows/" + name + ".py"}
				c.Files[business+kinds[rng.IntN(len(kinds))]] = nil
			}
		}
		if i == 0 || rng.IntN(6) == 0 { // switch the default language
			c.Files["octosync.yaml"] = fmt.Appendf(nil, "version: 1\ndefaults:\n  language: %s\n", []string{"en", "de", "fr"}[rng.IntN(3)])
		}
		commits = append(commits, c)
	}
	return commits, slices.Sorted(maps.Keys(universe))
}

// bruteForce parses every resource file of every commit, reading providers
// from the same commit, and returns each base with the first commit that
// held it.
func bruteForce(t *testing.T, dir string, shas, universe []string) map[baseKey]string {
	repo, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	want := map[baseKey]string{}
	for _, sha := range shas {
		lang := "en"
		if data, err := repo.ReadFileAt(sha, "octosync.yaml"); err == nil {
			c, _ := config.Parse("octosync.yaml", data)
			lang = c.Defaults.Language
		}
		for _, p := range universe {
			parts := strings.Split(p, "/")
			kind, _ := resource.KindFromDir(parts[2])
			if !isResourceFile(kind, parts[3]) {
				continue
			}
			data, err := repo.ReadFileAt(sha, p)
			if errors.Is(err, gitrepo.ErrFileNotFound) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			doc, diags := document.Parse(kind, p, data, document.ParseOptions{DefaultLanguage: lang, ReadFile: func(p string) ([]byte, error) {
				data, err := repo.ReadFileAt(sha, p)
				if errors.Is(err, gitrepo.ErrFileNotFound) {
					return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
				}
				return data, err
			}})
			if doc == nil || diags.HasErrors() {
				continue
			}
			k := baseKey{business: parts[1], kind: kind, fp: Fingerprint(doc.Spec)}
			if _, ok := want[k]; !ok {
				want[k] = sha
			}
		}
	}
	return want
}
