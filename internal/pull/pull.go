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

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/environment"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
	"github.com/octosync/octosync/internal/values"
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
	// Force overwrites or removes files with uncommitted changes.
	Force bool
	// Dirty lists the repository-relative paths with uncommitted changes
	// (from git status). Outside git the caller lists every existing file
	// and sets NoGit: nothing tells edits from stale files there (see
	// DirtyFiles).
	Dirty map[string]bool
	NoGit bool
	// DriftOnly imports drift alone: live content no commit ever held,
	// and resources created or deleted in the dashboard. Live resources
	// behind the repository keep their files (apply will update them).
	// The plan must have been built with its history read.
	DriftOnly bool
	// Export makes the pull a bulk export into a folder with no
	// repository yet: it also writes a default octosync.yaml, and a
	// .gitkeep for each of Businesses that has no content, so it stays
	// managed.
	Export     bool
	Businesses []string
	// Env is the environment pulled from, nil without environments: live
	// content is written in the files' terms (package environment), under
	// business folders, keeping placeholders; ids are recorded only from
	// the environment whose ids the files hold. Businesses are folders.
	Env *config.Environment

	// rendered, when set, renders each document once across Computes (a
	// bulk export's staging and the export's own; see renderCache).
	rendered *renderCache
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

// Compute decides every file operation that makes repo match live: it is
// the inverse of p, the finished plan of repo against live (built with
// prune on and no mass-delete limit, so every live-only resource is in it,
// and with the same filters). It writes nothing. repo.Documents and
// repo.Resources describe the files as they are.
//
//	plan change                 pull
//	update (or drift)           rewrite the file from the live content
//	delete (live only)          a new file for the live resource
//	restore (deleted live)      remove the file (and its provider)
//	create (file only)          nothing: the file was never pushed
//	bound by title, unchanged   record the live id in the file
func Compute(repo *source.Repo, p *plan.Plan, opts Options) ([]Op, error) {
	for _, b := range opts.Businesses {
		if !source.ValidSlug(b) {
			return nil, fmt.Errorf("business %q: not a safe folder name (expected lower-case letters, digits and dashes); refusing to write it", b)
		}
	}
	if opts.DriftOnly && p.History != plan.HistoryRead {
		return nil, errors.New("--drift-only needs the repository's git history")
	}
	ops, changed, err := changeOps(repo, p, opts)
	if err != nil {
		return nil, err
	}
	if !opts.DriftOnly && (opts.Env == nil || opts.Env.IDs) {
		idOps, err := recordIDs(repo, p, changed)
		if err != nil {
			return nil, err
		}
		ops = append(ops, idOps...)
	}
	ops = dropRemovesOfWritten(ops)
	// The documents this pull renders, even when their bytes do not change:
	// after it they refer to the provider their rendering names.
	rendered := map[resource.Key][]string{}
	for _, o := range ops {
		rendered[o.Subject] = append(rendered[o.Subject], o.Path)
	}
	if ops, err = dropUnchanged(repo.Root, ops); err != nil {
		return nil, err
	}
	ops, skipped := skipDirtyIDRecords(ops, opts)
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
	if err := refuseDirty(ops, opts); err != nil {
		return nil, err
	}
	if opts.Export {
		extra, err := exportOps(repo.Root, ops, opts.Businesses)
		if err != nil {
			return nil, err
		}
		ops = append(ops, extra...)
	}
	slices.SortStableFunc(ops, func(a, b Op) int { return strings.Compare(a.Path, b.Path) })
	return ops, nil
}

// changeOps turns the plan's changes into file operations; changed holds
// the files they rewrite or remove.
func changeOps(repo *source.Repo, p *plan.Plan, opts Options) (ops []Op, changed map[string]bool, err error) {
	labelled := p.History == plan.HistoryRead
	taken := existingNames(repo, len(p.Changes)) // room for a new name a change
	changed = map[string]bool{}
	// The folder of the last new file, of dirBusiness's dirKind: changes
	// come by business and kind, so it is joined once for each.
	var dir, dirBusiness string
	var dirKind resource.Kind
	for _, c := range p.Changes {
		if opts.DriftOnly && c.Drift == nil {
			// The repository is ahead (or deleted the file): not drift.
			continue
		}
		var o []Op
		switch c.Action {
		case plan.Update:
			doc := repo.Document(c.Path)
			if doc == nil {
				return nil, nil, fmt.Errorf("%s: no such document", c.Path)
			}
			reason := "differs live"
			switch {
			case c.Drift != nil:
				reason = "edited live"
			case labelled:
				reason = "live is behind the repository: this reverts changes not applied yet"
			}
			var lr resource.Resource
			if lr, reason, err = inFileTerms(doc, liveOf(c), opts.Env, reason); err != nil {
				return nil, nil, err
			}
			o, err = writeOps(opts.rendered, doc.Path, lr, doc.ProviderPath, c.Key, reason)
			changed[c.Path] = true
		case plan.Delete:
			lr, _, rerr := environment.Restore(nil, liveOf(c), opts.Env)
			if rerr != nil {
				return nil, nil, rerr
			}
			if dir == "" || lr.Business != dirBusiness || c.Key.Kind != dirKind {
				dir, dirBusiness, dirKind = path.Join("businesses", lr.Business, c.Key.Kind.Dir()), lr.Business, c.Key.Kind
			}
			// dir is clean and a base name has no slash or dot: joined
			// as path.Join would, without its cleaning.
			file := dir + "/" + uniqueName(BaseName(c.Key.Title), func(n string) bool { return taken[dir+"/"+n] })
			taken[file] = true
			reason := "new live"
			if labelled && c.Drift == nil {
				reason = "live only, its file was deleted from the repository: this brings it back"
			}
			o, err = writeOps(opts.rendered, file+document.Ext(c.Key.Kind), lr, "", c.Key, reason)
			for i := range o {
				o[i].New = true
			}
		case plan.Restore:
			o = append(o, Op{Kind: Remove, Path: c.Path, Subject: c.Key, Reason: "deleted live"})
			if doc := repo.Document(c.Path); doc != nil && doc.ProviderPath != "" {
				o = append(o, Op{Kind: Remove, Path: doc.ProviderPath, Subject: c.Key, Reason: "deleted live"})
			}
			changed[c.Path] = true
		}
		if err != nil {
			return nil, nil, err
		}
		if ops == nil && len(o) > 0 {
			ops = make([]Op, 0, len(p.Changes)) // about one a change; nil while none
		}
		ops = append(ops, o...)
	}
	return ops, changed, nil
}

// inFileTerms is live, the resource bound to doc, as doc should hold it in
// env (environment.Restore): placeholders kept where live still holds
// their values, the file's own id outside the id environment. Each
// placeholder an edit replaced is named in the reason, at its line.
func inFileTerms(doc *document.Document, live resource.Resource, env *config.Environment, reason string) (resource.Resource, string, error) {
	if env == nil {
		return live, reason, nil
	}
	file := resource.Resource{Business: source.BusinessOf(doc.Path), ID: doc.ID, Spec: doc.Spec, Path: doc.Path}
	lr, lost, err := environment.Restore(&file, live, env)
	if err != nil || len(lost) == 0 {
		return lr, reason, err
	}
	// The lines are those of the file as written: render it, read it back.
	name := strings.TrimSuffix(path.Base(doc.Path), path.Ext(doc.Path))
	written := doc
	if files, rerr := document.Render(lr.Spec, lr.ID, name); rerr == nil {
		if d, _ := document.Parse(doc.Kind, doc.Path, files[0].Data, document.ParseOptions{DefaultLanguage: languageOf(doc)}); d != nil {
			written = d
		}
	}
	texts := map[string]string{}
	for _, f := range values.Fields(lr.Spec) {
		texts[f.Name] = f.Text
	}
	for _, l := range lost {
		at := written.TextPos(l.Field, texts[l.Field], l.Offset)
		reason += fmt.Sprintf("; ${{ values.%s }} at line %d: the edit replaced its value, so the file holds the edited text", l.Name, at.Line)
	}
	return lr, reason, nil
}

// liveOf is the live resource an update or delete was planned against.
func liveOf(c plan.Change) resource.Resource {
	return resource.Resource{Business: c.Key.Business, ID: c.Key.ID, Spec: c.Before}
}

// recordIDs gives every unchanged file the plan bound by title the live
// id, so it stays bound when the title changes (a stale id is replaced).
func recordIDs(repo *source.Repo, p *plan.Plan, changed map[string]bool) ([]Op, error) {
	var ops []Op
	for _, b := range p.Bindings {
		if b.By == plan.ByID || changed[b.Path] {
			continue
		}
		doc := repo.Document(b.Path)
		if doc == nil {
			return nil, fmt.Errorf("%s: no such document", b.Path)
		}
		key := resource.Key{Business: b.Live.Business, Kind: b.Live.Kind, Title: doc.Spec.GetTitle(), ID: b.Live.ID}
		if data, ok := withID(repo.Root, doc, b.Live.ID); ok {
			// Only the id line is added: comments and layout stay.
			ops = append(ops, Op{Kind: Write, Path: b.Path, Data: data, Subject: key, Reason: reasonIDRecorded})
			continue
		}
		lr := resource.Resource{Business: b.Live.Business, ID: b.Live.ID, Spec: doc.Spec}
		o, err := writeOps(nil, b.Path, lr, doc.ProviderPath, key, reasonIDRecorded)
		if err != nil {
			return nil, err
		}
		ops = append(ops, o...)
	}
	return ops, nil
}

// writeOps renders a live resource into the file at p (and its condition
// provider beside it). providerPath, when set, keeps an existing provider
// file's name. rc (nil: none) renders each document once.
func writeOps(rc *renderCache, p string, lr resource.Resource, providerPath string, key resource.Key, reason string) ([]Op, error) {
	name := strings.TrimSuffix(path.Base(p), path.Ext(p))
	files, err := rc.render(lr.Spec, lr.ID, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	var ops []Op
	for _, f := range files {
		fp := p
		if path.Ext(f.Name) != path.Ext(p) {
			fp = path.Join(path.Dir(p), f.Name)
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
	if !slices.ContainsFunc(ops, func(o Op) bool { return o.Kind == Remove }) {
		return ops // a bulk export: ten thousand writes, nothing to drop
	}
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
	missing := map[string]bool{} // folders that do not exist: a bulk export's are all new
	for _, o := range ops {
		dir := path.Dir(o.Path)
		gone, known := missing[dir]
		if !known {
			_, err := os.Stat(filepath.Join(root, filepath.FromSlash(dir)))
			gone = errors.Is(err, os.ErrNotExist)
			missing[dir] = gone
		}
		var cur []byte
		err := os.ErrNotExist
		if !gone {
			cur, err = os.ReadFile(filepath.Join(root, filepath.FromSlash(o.Path)))
		}
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
func existingNames(repo *source.Repo, more int) map[string]bool {
	taken := make(map[string]bool, len(repo.Files)+len(repo.Documents)+more)
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

// withID returns the file of doc with an `id:` line for lr added (or its
// stale id replaced), keeping everything else byte for byte, when the
// result provably parses to the same content with that id.
func withID(root string, doc *document.Document, id string) ([]byte, bool) {
	cur, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(doc.Path)))
	if err != nil {
		return nil, false
	}
	text := string(cur)
	text = strings.TrimPrefix(text, "\ufeff")
	lines := strings.SplitAfter(text, "\n")
	idLine := "id: " + id + "\n"
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
	if diags.HasErrors() || parsed == nil || parsed.ID != id || !resource.Equal(parsed.Spec, doc.Spec) {
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
