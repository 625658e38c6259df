package source

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
)

// MaxFileSize is the largest resource file Load reads. Parsing costs a
// few times a file's size in memory (yaml.v3 buffers its input), so an
// absolute cap keeps validate bounded whatever a repository holds; no
// resource the server accepts comes near it (articles hold at most 50,000
// characters unless octosync.yaml raises the limit).
const MaxFileSize = 16 << 20

// ConfigFile is the configuration file at the repository root.
const ConfigFile = "octosync.yaml"

// LoadOptions modify Load.
type LoadOptions struct {
	// Parallelism bounds how many files are read and parsed at once;
	// 0 means runtime.GOMAXPROCS(0). The result does not depend on it.
	Parallelism int
}

// Load reads the repository rooted at dir: octosync.yaml, then every file
// under businesses/. Problems in files are diagnostics in Repo.Diags (all of
// them); the error is only for I/O failures (dir missing, a file unreadable).
// It is Scan, then Scanned.Read.
func Load(dir string, opts LoadOptions) (*Repo, error) {
	s, err := Scan(dir, opts)
	if err != nil {
		return nil, err
	}
	return s.Read()
}

// Scanned is a repository read as far as its layout: octosync.yaml and the
// folders under businesses/, no resource file yet. A command connects and
// fetches live state with its Layout while Read reads the files.
type Scanned struct {
	Layout
	l    *loader
	opts LoadOptions
}

// Scan reads octosync.yaml and walks businesses/, queueing the resource
// files without reading them. Its errors are Load's.
func Scan(dir string, opts LoadOptions) (*Scanned, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	fi, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, unwrapPathError(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s: not a directory: pass the repository folder with --dir", dir)
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, unwrapPathError(err))
	}

	cfg, cdiags, err := config.Load(root)
	if err != nil {
		return nil, err
	}
	if cfg == nil {
		cfg = config.Default()
	}
	l := &loader{
		repo:     &Repo{Layout: Layout{Root: root, Config: cfg}},
		root:     root,
		realRoot: realRoot,
	}
	l.repo.Diags.Add(cdiags...)
	hasConfig := exists(filepath.Join(root, ConfigFile))
	if hasConfig {
		l.repo.Files = append(l.repo.Files, ConfigFile)
		// history reads each commit's octosync.yaml (its default
		// language) from git, where a link holds no configuration.
		if fi, err := os.Lstat(filepath.Join(root, ConfigFile)); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			l.errorf(ConfigFile, "`%s` is a symbolic link, which octosync does not support (git records the link, not the configuration, so drift detection could not read it from history): replace it with a copy of the file", ConfigFile)
		}
	}
	if err := l.walkBusinesses(hasConfig); err != nil {
		return nil, err
	}
	businesses := slices.Sorted(slices.Values(l.repo.Businesses))
	return &Scanned{Layout: Layout{Root: root, Config: cfg, Businesses: businesses}, l: l, opts: opts}, nil
}

// LayoutErrors reports whether the configuration or the layout has an
// error already, before any resource file is read.
func (s *Scanned) LayoutErrors() bool { return s.l.repo.Diags.HasErrors() }

// Read reads and parses the queued resource files and returns the
// repository. Call it once.
func (s *Scanned) Read() (*Repo, error) {
	l := s.l
	if err := l.parse(s.opts.Parallelism, l.repo.Config.Defaults.Language); err != nil {
		return nil, err
	}
	l.checkProviders()
	l.repo.finish()
	return l.repo, nil
}

// loader is the state of one Load.
type loader struct {
	repo     *Repo
	root     string // absolute
	realRoot string // root with symbolic links resolved, for containment checks

	tasks     []task
	providers []string // .py files found in workflows/ folders
}

// task is one resource file to parse.
type task struct {
	path string // slash-separated, relative to root
	kind resource.Kind
}

func (l *loader) errorf(p string, format string, args ...any) {
	l.repo.Diags.Errorf(p, diag.Pos{}, format, args...)
}

// walkBusinesses visits businesses/ and queues every resource file.
func (l *loader) walkBusinesses(hasConfig bool) error {
	// A linked businesses/ would make pull write wherever it points, and
	// make the repository's content live outside it: refused, not followed.
	if fi, err := os.Lstat(filepath.Join(l.root, BusinessesDir)); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		l.errorf(BusinessesDir, "`%s` is a symbolic link, which octosync does not follow (pull would write through it): replace it with the real folder", BusinessesDir)
		return nil
	}
	if fi, err := os.Stat(filepath.Join(l.root, BusinessesDir)); err == nil && !fi.IsDir() {
		l.errorf(BusinessesDir, "`%s` is a file: it must be the folder that holds one folder per business; rename the file", BusinessesDir)
		return nil
	}
	entries, err := l.readDir(BusinessesDir)
	if errors.Is(err, fs.ErrNotExist) {
		if !hasConfig {
			l.errorf(ConfigFile, "not an octosync repository: there is no %s and no %s/ folder here; run `octosync init` to create one, or pass the repository's folder with --dir", ConfigFile, BusinessesDir)
		}
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		rel := path.Join(BusinessesDir, e.name)
		switch {
		case e.problem != "":
			l.errorf(rel, "%s", e.problem)
		case !e.dir:
			l.repo.Files = append(l.repo.Files, rel)
			l.errorf(rel, "`%s` is not synced: %s/ holds one folder per business, named after its slug; move it into a business folder", e.name, BusinessesDir)
		default:
			if k, ok := resource.KindFromDir(e.name); ok {
				l.errorf(rel, "`%s/` is not a business: kind folders go inside a business folder named after its Octocom slug; move it to %s/<slug>/%s/", e.name, BusinessesDir, k.Dir())
				continue
			}
			if !ValidSlug(e.name) {
				l.errorf(rel, "%s", slugMessage(e.name))
			}
			l.repo.Businesses = append(l.repo.Businesses, e.name)
			if err := l.walkBusiness(e.name); err != nil {
				return err
			}
		}
	}
	return nil
}

// walkBusiness visits businesses/<business>/.
func (l *loader) walkBusiness(business string) error {
	dir := path.Join(BusinessesDir, business)
	entries, err := l.readDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		rel := path.Join(dir, e.name)
		switch {
		case e.problem != "":
			l.errorf(rel, "%s", e.problem)
		case !e.dir:
			l.repo.Files = append(l.repo.Files, rel)
			l.errorf(rel, "%s", businessFileMessage(e.name))
		case e.name == TestsDir || e.name == MacrosDir:
			if err := l.walkExtra(business, e.name); err != nil {
				return err
			}
		default:
			k, ok := resource.KindFromDir(e.name)
			if !ok {
				l.errorf(rel, "%s", unknownFolderMessage(e.name))
				continue
			}
			if err := l.walkKind(business, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// walkKind visits one kind folder.
func (l *loader) walkKind(business string, k resource.Kind) error {
	return l.walkFolder(business, k, KindDir(business, k), false)
}

// walkFolder visits dir, a kind folder or (nested) a sub-folder of one:
// resources and providers count only at the top; below it assets are fine
// and resource-looking files are reported because they are not synced.
func (l *loader) walkFolder(business string, k resource.Kind, dir string, nested bool) error {
	entries, err := l.readDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		rel := path.Join(dir, e.name)
		switch {
		case e.problem != "":
			l.errorf(rel, "%s", e.problem)
		case e.dir:
			if err := l.walkFolder(business, k, rel, true); err != nil {
				return err
			}
		case nested:
			l.repo.Files = append(l.repo.Files, rel)
			if p := classifyNested(business, k, rel); p.role == roleMisplaced {
				l.repo.Diags.Add(diag.Diagnostic{Path: rel, Severity: p.severity, Message: p.message})
			}
		default:
			l.repo.Files = append(l.repo.Files, rel)
			p := classifyFile(k, e.name)
			if e.link && (p.role == roleResource || p.role == roleProvider) {
				l.errorf(rel, "%s", linkMessage(e.name))
				continue
			}
			switch p.role {
			case roleResource:
				l.tasks = append(l.tasks, task{path: rel, kind: k})
			case roleProvider:
				l.providers = append(l.providers, rel)
			case roleMisplaced:
				l.repo.Diags.Add(diag.Diagnostic{Path: rel, Severity: p.severity, Message: p.message})
			}
		}
	}
	return nil
}

// parse reads and parses every queued file, parallel bounded by n, and
// records documents and diagnostics in task order.
func (l *loader) parse(n int, defaultLanguage string) error {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	type result struct {
		doc   *document.Document
		diags diag.List
		err   error
	}
	results := make([]result, len(l.tasks))
	popts := document.ParseOptions{DefaultLanguage: defaultLanguage, ReadFile: l.ReadFile}
	var g errgroup.Group
	g.SetLimit(max(n, 1))
	for i, t := range l.tasks {
		g.Go(func() error {
			// The walk resolved links already: a plain read is safe
			// and spares ReadFile's per-component link checks.
			abs := filepath.Join(l.root, filepath.FromSlash(t.path))
			if fi, err := os.Stat(abs); err == nil && fi.Size() > MaxFileSize {
				results[i].diags.Errorf(t.path, diag.Pos{}, "the file is %.1f MiB, more than the %d MiB octosync reads: no resource the server accepts is that large; split it, or remove what does not belong in it", float64(fi.Size())/(1<<20), MaxFileSize>>20)
				return nil
			}
			data, err := os.ReadFile(abs)
			if err != nil {
				results[i].err = fmt.Errorf("%s: %w", t.path, unwrapPathError(err))
				return nil
			}
			results[i].doc, results[i].diags = document.Parse(t.kind, t.path, data, popts)
			return nil
		})
	}
	_ = g.Wait() // per-file errors are kept in results, in file order

	for _, r := range results {
		if r.err != nil {
			return r.err
		}
		l.repo.Diags.Add(r.diags...)
		if r.doc != nil {
			l.repo.Documents = append(l.repo.Documents, r.doc)
		}
	}
	return nil
}

// checkProviders warns about condition providers no workflow uses. A
// workflow that failed to parse may have been the user, so a folder with
// such a workflow gets no warnings: better silent than wrong.
func (l *loader) checkProviders() {
	used := map[string]bool{}
	for _, d := range l.repo.Documents {
		if d.ProviderPath != "" {
			used[path.Clean(d.ProviderPath)] = true
		}
	}
	workflows := map[string]bool{}
	for _, t := range l.tasks {
		if t.kind == resource.KindWorkflow {
			workflows[t.path] = true
		}
	}
	failed := map[string]bool{}
	for _, d := range l.repo.Diags {
		if d.Severity == diag.Error && workflows[d.Path] {
			failed[path.Dir(d.Path)] = true
		}
	}
	for _, p := range l.providers {
		if used[p] || failed[path.Dir(p)] {
			continue
		}
		name := path.Base(p)
		l.repo.Diags.Warningf(p, diag.Pos{}, "condition provider `%s` is not used by any workflow: reference it with `conditionProvider: {file: %s}` or delete it", name, name)
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// unwrapPathError drops the *fs.PathError wrapper whose path the caller
// already names.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
