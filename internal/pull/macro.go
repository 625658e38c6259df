package pull

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"

	"golang.org/x/sync/errgroup"
	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/source"
	"github.com/octosync/octosync/internal/yamlnode"
)

// Macros are read-only in the API: pull exports them so that the nightly
// pull keeps a reviewed history of agents' response templates, and nothing
// ever pushes them. A macro file (businesses/<slug>/macros/<name>.yaml) is
// rendered canonically from the live macro; a file whose id names no live
// macro is removed; a file keeps its name while its id stays live.

// macroHeader is the comment at the top of every macro file.
const macroHeader = "Macro (read-only in Octocom): written by `octosync pull`. Edits here are never applied;\nchange the macro in the Octocom dashboard and pull again."

// RenderMacro is the canonical file content of a live macro.
func RenderMacro(m provider.Macro) ([]byte, error) {
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", HeadComment: macroHeader}
	yamlnode.Set(root, "id", yamlnode.String(m.ID))
	yamlnode.Set(root, "title", yamlnode.String(m.Title))
	yamlnode.Set(root, "content", yamlnode.String(m.Content))
	return yamlnode.Encode(root)
}

// macroID reads the id of an existing macro file; "" when it has none or
// cannot be read.
func macroID(data []byte) string {
	var v struct {
		ID string `yaml:"id"`
	}
	if err := yaml.Unmarshal(data, &v); err != nil {
		return ""
	}
	return v.ID
}

// MacroOps computes the file operations that make the macros/ folders of
// businesses match live (the macros of those businesses, from
// provider.Macros). Dirty and Force work as in Options: a file with
// uncommitted changes is not overwritten or removed without Force.
func MacroOps(repo *source.Repo, businesses []string, live []provider.Macro, dirty map[string]bool, noGit, force bool) ([]Op, error) {
	existing, files, err := readMacroFiles(repo)
	if err != nil {
		return nil, err
	}
	// Files bound to no live macro (no readable id, or a stale one) may be
	// taken over by the macro whose name they have, instead of being
	// removed beside a new "-2" file.
	liveIDs := map[string]bool{}
	for _, m := range live {
		liveIDs[m.Business+"/"+m.ID] = true
	}
	unbound := map[string]bool{}
	for _, p := range repo.Macros {
		if !liveIDs[source.BusinessOf(p)+"/"+macroID(existing[p])] {
			unbound[p] = true
		}
	}
	taken := existingNames(repo, len(live))
	var ops []Op
	kept := map[string]bool{}
	for _, m := range live {
		if !slices.Contains(businesses, m.Business) {
			continue
		}
		data, err := RenderMacro(m)
		if err != nil {
			return nil, fmt.Errorf("macro %s: %w", m.ID, err)
		}
		p, ok := files[m.Business][m.ID]
		if !ok {
			dir := path.Join(source.BusinessesDir, m.Business, source.MacrosDir)
			if own := path.Join(dir, BaseName(m.Title)+".yaml"); unbound[own] {
				p, ok = own, true
				delete(unbound, own)
			} else {
				name := uniqueName(BaseName(m.Title), func(n string) bool { return taken[path.Join(dir, n)] })
				taken[path.Join(dir, name)] = true
				p = path.Join(dir, name+".yaml")
			}
		}
		kept[p] = true
		if cur, ok := existing[p]; ok && bytes.Equal(cur, data) {
			continue
		}
		ops = append(ops, Op{Kind: Write, Path: p, Data: data, New: !ok, Reason: "macro, read-only"})
	}
	for _, p := range repo.Macros {
		if !kept[p] && slices.Contains(businesses, source.BusinessOf(p)) {
			ops = append(ops, Op{Kind: Remove, Path: p, Reason: "macro deleted live, or not a live macro's file"})
		}
	}
	if !force && dirty != nil {
		var refused []string
		for _, o := range ops {
			if !o.New && dirty[o.Path] {
				refused = append(refused, o.Path)
			}
		}
		if len(refused) > 0 {
			return nil, &DirtyError{Paths: refused, NoGit: noGit}
		}
	}
	return ops, nil
}

// readMacroFiles reads the repository's macro files: their content by path,
// and the path of each id per business (the first file, when two claim it).
func readMacroFiles(repo *source.Repo) (map[string][]byte, map[string]map[string]string, error) {
	existing := map[string][]byte{}
	files := map[string]map[string]string{} // business → id → path
	for _, p := range repo.Macros {
		data, err := os.ReadFile(filepath.Join(repo.Root, filepath.FromSlash(p)))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
		existing[p] = data
		b := source.BusinessOf(p)
		if files[b] == nil {
			files[b] = map[string]string{}
		}
		if id := macroID(data); id != "" && files[b][id] == "" {
			files[b][id] = p
		}
	}
	return existing, files, nil
}

// MacroWarnings compares the macro files of businesses with live and warns
// about each local edit: macros are read-only, so plan and apply never send
// one, and the next pull overwrites it.
func MacroWarnings(repo *source.Repo, businesses []string, live []provider.Macro) []string {
	existing, _, err := readMacroFiles(repo)
	if err != nil {
		return []string{err.Error() + ": macro files could not be compared with live"}
	}
	byID := map[string]provider.Macro{}
	for _, m := range live {
		byID[m.Business+"/"+m.ID] = m
	}
	var out []string
	for _, p := range repo.Macros {
		b := source.BusinessOf(p)
		if !slices.Contains(businesses, b) {
			continue
		}
		data := existing[p]
		id := macroID(data)
		if id == "" {
			out = append(out, p+": has no readable `id`, so it is no live macro's file; macros are read-only in Octocom and come only from `octosync pull`: delete it, or pull to rewrite it")
			continue
		}
		m, ok := byID[b+"/"+id]
		if !ok {
			out = append(out, p+": names no live macro of "+b+"; macros are read-only in Octocom, so octosync cannot create one: create it in the dashboard, or delete this file")
			continue
		}
		want, err := RenderMacro(m)
		if err == nil && !bytes.Equal(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), want) {
			out = append(out, p+": edited locally, but macros are read-only in Octocom: plan and apply never send this edit, and the next pull overwrites it; change the macro in the dashboard instead")
		}
	}
	slices.Sort(out)
	return out
}

// FetchMacros lists the macros of every business, the businesses at the
// same time (as many as the lister's parallelism, when it reports one), and
// returns them in the order of businesses. The first error ends it.
func FetchMacros(ctx context.Context, lister provider.Macros, businesses []string) ([]provider.Macro, error) {
	per := make([][]provider.Macro, len(businesses))
	g, gctx := errgroup.WithContext(ctx)
	limit := provider.DefaultParallelism
	if p, ok := lister.(provider.Parallel); ok && p.Parallelism() > 0 {
		limit = p.Parallelism()
	}
	g.SetLimit(limit)
	for i, b := range businesses {
		g.Go(func() error {
			ms, err := lister.Macros(gctx, b)
			if err != nil {
				return fmt.Errorf("macros of %s: %w", b, err)
			}
			per[i] = ms
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return slices.Concat(per...), nil
}
