package pull

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// reasonIDRecorded is the Reason of a rewrite that only adds the live id.
const reasonIDRecorded = "id recorded"

// OpKind says what happens to one file.
type OpKind string

const (
	Write  OpKind = "write"  // a file is created or rewritten
	Remove OpKind = "remove" // a file is removed
	Skip   OpKind = "skip"   // nothing is done; Reason says why (reported only)
)

// Op is one file operation, with a slash path relative to the repository.
type Op struct {
	Kind OpKind
	Path string
	Data []byte // for Write
	// New is set when the file does not exist yet.
	New bool
	// Subject is the resource the operation is for, for the report.
	Subject resource.Key
	Reason  string
}

// Options shape a pull.
type Options struct {
	Businesses []string
	Kinds      []resource.Kind
	Paths      []string
	// Ignore reports resources octosync never touches (octosync.yaml ignore).
	Ignore func(kind resource.Kind, title string) bool
	// Force overwrites or removes files with uncommitted changes.
	Force bool
	// Dirty lists the repository-relative paths with uncommitted changes
	// (from git status). Outside git the caller lists every existing file
	// and sets NoGit: nothing tells edits from stale files there.
	Dirty map[string]bool
	NoGit bool
	// History loads the repository's git history (nil func, or a nil
	// result: none). With it pull tells drift (live content no commit held)
	// from live resources merely behind the repository, and labels each.
	// It is called only when a difference needs classifying.
	History func() (plan.Bases, error)
	// DriftOnly imports drift alone: live content no commit ever held,
	// and resources created or deleted in the dashboard. Live resources
	// behind the repository keep their files (apply will update them).
	// It needs History.
	DriftOnly bool
}

// DirtyError lists files pull refused to touch because they have
// uncommitted changes (or, outside git, because nothing can tell).
type DirtyError struct {
	Paths []string
	NoGit bool
}

func (e *DirtyError) Error() string {
	if e.NoGit {
		return fmt.Sprintf("not a git repository, so pull cannot tell your edits from outdated files: it will not overwrite or remove %s; put the folder under git (git init && git add -A && git commit) and pull again, or pass --force to overwrite",
			strings.Join(e.Paths, ", "))
	}
	return fmt.Sprintf("refusing to overwrite or remove %d file(s) with uncommitted changes: %s; commit or stash them, or pass --force to overwrite",
		len(e.Paths), strings.Join(e.Paths, ", "))
}

// Compute decides every file operation that makes repo match live. It
// writes nothing. repo.Documents and repo.Resources describe the files as
// they are; live holds the live resources of the businesses to pull
// (soft-deleted ones included).
func Compute(repo *source.Repo, businesses []string, live []resource.Resource, opts Options) ([]Op, error) {
	for _, b := range businesses {
		if !source.ValidSlug(b) {
			return nil, fmt.Errorf("business %q: not a safe folder name (expected lower-case letters, digits and dashes); refusing to write it", b)
		}
	}
	desired := plan.Desired{Businesses: businesses, Resources: repo.Resources}
	popts := plan.Options{Prune: true, AllowMassDelete: true, Businesses: opts.Businesses, Kinds: opts.Kinds, Paths: opts.Paths, Ignore: opts.Ignore}
	p, err := plan.Compute(desired, plan.Live{Resources: live}, popts)
	if err != nil {
		return nil, err
	}
	// History only tells updates and live-only resources apart (drift or
	// not); read it only when there is one, as plan does.
	if opts.History != nil && (opts.DriftOnly || hasDifference(p)) {
		bases, err := opts.History()
		if err != nil {
			return nil, err
		}
		if bases != nil {
			popts.Bases = bases
			if p, err = plan.Compute(desired, plan.Live{Resources: live}, popts); err != nil {
				return nil, err
			}
		}
	}
	if opts.DriftOnly && popts.Bases == nil {
		return nil, errors.New("--drift-only needs the repository's git history")
	}
	labelled := popts.Bases != nil
	liveByID := map[string]resource.Resource{}
	for _, r := range live {
		liveByID[r.ID] = r
	}
	taken := existingNames(repo)
	var ops []Op
	changed := map[string]bool{}
	for _, c := range p.Changes {
		if opts.DriftOnly && c.Drift == nil && c.Action != plan.Restore {
			// The repository is ahead (or deleted the file): not drift.
			continue
		}
		switch c.Action {
		case plan.Update:
			doc := repo.Document(c.Path)
			if doc == nil {
				return nil, fmt.Errorf("%s: no such document", c.Path)
			}
			lr := liveByID[c.Key.ID]
			reason := "differs live"
			switch {
			case c.Drift != nil:
				reason = "edited live"
			case labelled:
				reason = "live is behind the repository: this reverts changes not applied yet"
			}
			o, err := writeOps(doc.Path, lr, doc.ProviderPath, c.Key, reason)
			if err != nil {
				return nil, err
			}
			ops = append(ops, o...)
			changed[c.Path] = true
		case plan.Delete:
			lr := liveByID[c.Key.ID]
			dir := path.Join("businesses", lr.Business, lr.Kind().Dir())
			name := uniqueName(BaseName(lr.Title()), func(n string) bool { return taken[path.Join(dir, n)] })
			taken[path.Join(dir, name)] = true
			reason := "new live"
			if labelled && c.Drift == nil {
				reason = "live only, its file was deleted from the repository: this brings it back"
			}
			o, err := writeOps(path.Join(dir, name+document.Ext(lr.Kind())), lr, "", c.Key, reason)
			if err != nil {
				return nil, err
			}
			for i := range o {
				o[i].New = true
			}
			ops = append(ops, o...)
		case plan.Restore:
			doc := repo.Document(c.Path)
			ops = append(ops, Op{Kind: Remove, Path: c.Path, Subject: c.Key, Reason: "deleted live"})
			if doc != nil && doc.ProviderPath != "" {
				ops = append(ops, Op{Kind: Remove, Path: doc.ProviderPath, Subject: c.Key, Reason: "deleted live"})
			}
			changed[c.Path] = true
		}
	}
	// Unchanged files bound by title get the live id, so they stay bound
	// when the title changes; so do files whose id names nothing live. A
	// live resource another file claims by id is never bound by title.
	claimed := map[string]bool{}
	for _, r := range repo.Resources {
		if lr, ok := liveByID[r.ID]; r.ID != "" && ok && lr.Business == r.Business && lr.Kind() == r.Kind() {
			claimed[r.ID] = true
		}
	}
	for _, r := range repo.Resources {
		if opts.DriftOnly || changed[r.Path] || !selected(r, opts) || (opts.Ignore != nil && opts.Ignore(r.Kind(), r.Title())) {
			continue
		}
		if lr, ok := liveByID[r.ID]; r.ID != "" && ok && lr.Business == r.Business && lr.Kind() == r.Kind() {
			continue
		}
		lr, ok := boundByTitle(r, live, claimed)
		if !ok || !resource.Equal(lr.Spec, r.Spec) {
			continue
		}
		doc := repo.Document(r.Path)
		if data, ok := withID(repo.Root, doc, lr); ok {
			// Only the id line is added: comments and layout stay.
			ops = append(ops, Op{Kind: Write, Path: r.Path, Data: data, Subject: r.Key(), Reason: reasonIDRecorded})
			continue
		}
		o, err := writeOps(r.Path, lr, doc.ProviderPath, r.Key(), reasonIDRecorded)
		if err != nil {
			return nil, err
		}
		ops = append(ops, o...)
	}
	ops = dropRemovesOfWritten(ops)
	// The documents this pull renders, even when their bytes do not change:
	// after it they refer to the provider their rendering names.
	rendered := map[resource.Key][]string{}
	for _, o := range ops {
		rendered[o.Subject] = append(rendered[o.Subject], o.Path)
	}
	ops, err = dropUnchanged(repo.Root, ops)
	if err != nil {
		return nil, err
	}
	skipped := map[resource.Key]bool{}
	if !opts.Force && opts.Dirty != nil {
		for _, o := range ops {
			if !o.New && opts.Dirty[o.Path] && o.Reason == reasonIDRecorded {
				skipped[o.Subject] = true
			}
		}
		kept := ops[:0]
		for _, o := range ops {
			if o.Reason == reasonIDRecorded && skipped[o.Subject] {
				if opts.Dirty[o.Path] {
					kept = append(kept, Op{Kind: Skip, Path: o.Path, Subject: o.Subject, Reason: "has uncommitted changes; its id is not recorded this time"})
				}
				continue
			}
			kept = append(kept, o)
		}
		ops = kept
	}
	touched := map[string]bool{}
	for subj, paths := range rendered {
		if skipped[subj] {
			continue
		}
		for _, p := range paths {
			touched[p] = true
		}
	}
	if ops, err = protectSharedProviders(repo, ops, touched); err != nil {
		return nil, err
	}
	if !opts.Force && opts.Dirty != nil {
		var dirty []string
		for _, o := range ops {
			if o.Kind != Skip && !o.New && opts.Dirty[o.Path] {
				dirty = append(dirty, o.Path)
			}
		}
		if len(dirty) > 0 {
			slices.Sort(dirty)
			return nil, &DirtyError{Paths: slices.Compact(dirty), NoGit: opts.NoGit}
		}
	}
	slices.SortStableFunc(ops, func(a, b Op) int { return strings.Compare(a.Path, b.Path) })
	return ops, nil
}

// writeOps renders a live resource into the file at p (and its condition
// provider beside it). providerPath, when set, keeps an existing provider
// file's name.
func writeOps(p string, lr resource.Resource, providerPath string, key resource.Key, reason string) ([]Op, error) {
	name := strings.TrimSuffix(path.Base(p), path.Ext(p))
	files, err := document.Render(lr.Spec, lr.ID, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	var ops []Op
	for _, f := range files {
		fp := path.Join(path.Dir(p), f.Name)
		if path.Ext(f.Name) == path.Ext(p) {
			fp = p
		}
		ops = append(ops, Op{Kind: Write, Path: fp, Data: f.Data, Subject: key, Reason: reason})
	}
	if providerPath != "" && !slices.ContainsFunc(ops, func(o Op) bool { return o.Path == providerPath }) {
		// The live workflow lost its condition provider, or the provider
		// gets the canonical name beside its YAML.
		ops = append(ops, Op{Kind: Remove, Path: providerPath, Subject: key, Reason: reason})
	}
	return ops, nil
}

// dropRemovesOfWritten drops the removal of any path the same pull writes:
// a provider renamed by one change may be another's new file.
func dropRemovesOfWritten(ops []Op) []Op {
	written := map[string]bool{}
	for _, o := range ops {
		if o.Kind == Write {
			written[o.Path] = true
		}
	}
	out := ops[:0]
	for _, o := range ops {
		if o.Kind == Remove && written[o.Path] {
			continue
		}
		out = append(out, o)
	}
	return out
}

// SharedProviderError is a condition provider file that several workflows
// use, which live now wants different for one of them.
type SharedProviderError struct {
	Provider string
	Users    []string // the workflow files that keep using it
}

func (e *SharedProviderError) Error() string {
	return fmt.Sprintf("%s is shared by %s, and live changed it for another workflow: give each workflow its own provider file (copy it and point conditionProvider at the copy), then pull again",
		e.Provider, strings.Join(e.Users, ", "))
}

// protectSharedProviders keeps a condition provider that a workflow this
// pull does not rewrite still uses: its removal is dropped, and a write of
// other content to it is refused, since it would silently change that
// workflow too.
func protectSharedProviders(repo *source.Repo, ops []Op, touched map[string]bool) ([]Op, error) {
	usedBy := map[string][]string{}
	for _, d := range repo.Documents {
		if d.ProviderPath != "" && !touched[d.Path] {
			usedBy[d.ProviderPath] = append(usedBy[d.ProviderPath], d.Path)
		}
	}
	out := ops[:0]
	for _, o := range ops {
		users := usedBy[o.Path]
		switch {
		case len(users) == 0:
		case o.Kind == Remove:
			continue
		case o.Kind == Write:
			return nil, &SharedProviderError{Provider: o.Path, Users: users}
		}
		out = append(out, o)
	}
	return out, nil
}

// dropUnchanged removes writes whose file already holds exactly those bytes
// and removals of files already gone, so untouched files keep their mtime.
func dropUnchanged(root string, ops []Op) ([]Op, error) {
	out := ops[:0]
	for _, o := range ops {
		cur, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(o.Path)))
		exists := err == nil
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		switch {
		case o.Kind == Write && exists && bytes.Equal(cur, o.Data):
			continue
		case o.Kind == Remove && !exists:
			continue
		}
		o.New = o.Kind == Write && !exists
		out = append(out, o)
	}
	return out, nil
}

// existingNames reserves the name (without extension) of every file in the
// repository, condition providers and stray files included, so a new file
// and its provider never land on someone else's.
func existingNames(repo *source.Repo) map[string]bool {
	taken := map[string]bool{}
	for _, f := range repo.Files {
		taken[strings.TrimSuffix(f, path.Ext(f))] = true
	}
	for _, d := range repo.Documents {
		taken[strings.TrimSuffix(d.Path, path.Ext(d.Path))] = true
		if d.ProviderPath != "" {
			taken[strings.TrimSuffix(d.ProviderPath, path.Ext(d.ProviderPath))] = true
		}
	}
	return taken
}

func selected(r resource.Resource, opts Options) bool {
	if len(opts.Businesses) > 0 && !slices.Contains(opts.Businesses, r.Business) {
		return false
	}
	if len(opts.Kinds) > 0 && !slices.Contains(opts.Kinds, r.Kind()) {
		return false
	}
	if len(opts.Paths) > 0 && !slices.ContainsFunc(opts.Paths, func(p string) bool {
		return r.Path == p || strings.HasPrefix(r.Path, strings.TrimSuffix(p, "/")+"/")
	}) {
		return false
	}
	return true
}

// boundByTitle finds the one live resource a file without id binds to.
func boundByTitle(r resource.Resource, live []resource.Resource, claimed map[string]bool) (resource.Resource, bool) {
	var found []resource.Resource
	for _, lr := range live {
		if !lr.Deleted() && !claimed[lr.ID] && lr.Business == r.Business && lr.Kind() == r.Kind() && lr.Title() == r.Title() {
			found = append(found, lr)
		}
	}
	if len(found) != 1 {
		return resource.Resource{}, false
	}
	return found[0], true
}

// withID returns the file of doc with an `id:` line for lr added (or its
// stale id replaced), keeping everything else byte for byte, when the
// result provably parses to the same content with that id.
func withID(root string, doc *document.Document, lr resource.Resource) ([]byte, bool) {
	cur, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(doc.Path)))
	if err != nil {
		return nil, false
	}
	text := string(cur)
	text = strings.TrimPrefix(text, "\ufeff")
	lines := strings.SplitAfter(text, "\n")
	idLine := "id: " + lr.ID + "\n"
	at := 0
	if doc.Kind == resource.KindArticle || strings.TrimRight(lines[0], "\r\n") == "---" {
		at = 1 // after the opening --- of the front matter or document
	}
	var out []string
	out = append(out, lines[:at]...)
	out = append(out, idLine)
	for _, l := range lines[at:] {
		if doc.ID != "" && strings.HasPrefix(l, "id:") {
			continue // the stale id
		}
		out = append(out, l)
	}
	data := []byte(strings.Join(out, ""))
	parsed, diags := document.Parse(doc.Kind, doc.Path, data, document.ParseOptions{
		DefaultLanguage: languageOf(doc),
		ReadFile: func(p string) ([]byte, error) {
			return os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		},
	})
	if diags.HasErrors() || parsed == nil || parsed.ID != lr.ID || !resource.Equal(parsed.Spec, doc.Spec) {
		return nil, false
	}
	return data, true
}

// languageOf is the language doc's article resolved to, so a file that
// relies on the default keeps parsing the same.
func languageOf(doc *document.Document) string {
	if a, ok := doc.Spec.(resource.Article); ok {
		return a.Language
	}
	return ""
}

// hasDifference reports whether p has a change drift could explain.
func hasDifference(p *plan.Plan) bool {
	for _, c := range p.Changes {
		if c.Action == plan.Update || c.Action == plan.Delete {
			return true
		}
	}
	return false
}
