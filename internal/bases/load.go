package bases

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/resource"
)

// Options modify Load.
type Options struct {
	// DefaultLanguage is the language of articles without one in commits
	// that have no octosync.yaml in the octosync directory (today's
	// defaults.language is the best guess for a configuration that was
	// never committed); "" means config.Default's. A commit with an
	// octosync.yaml is parsed with its own defaults.language.
	DefaultLanguage string
	// Parallelism bounds how many files are parsed at once; 0 means
	// runtime.GOMAXPROCS(0). The result does not depend on it.
	Parallelism int
	// Render, when set, turns each file version's content into what it
	// stands for before it becomes a base (an environment's rendering of
	// its placeholders, see package environment); a version it reports
	// not ok is left out. It must be safe for concurrent use.
	Render func(resource.Spec) (resource.Spec, bool)
}

// businessesDir is the folder, relative to the octosync directory, whose
// history Load reads.
const businessesDir = "businesses"

// Load builds the bases of the repository holding dir (the octosync
// directory, possibly a subfolder of the worktree): the canonical content of
// every version of every resource file under businesses/<slug>/<kind>/ in
// every commit reachable from HEAD. Files that fail to parse are skipped:
// apply refuses them, so their content never reached the API. An article
// without `language:` takes the defaults.language of the octosync.yaml of
// the same commit, as a plan at that commit did: a repository that switched
// its default language does not see its own earlier writes as drift.
//
// Errors: ErrNoHistory when dir is not in a git repository or it has no
// commit, ErrShallow in a shallow clone (Unavailable reports both), else a
// failure to read the repository.
func Load(ctx context.Context, dir string, opts Options) (*Bases, error) {
	repo, err := gitrepo.Open(dir)
	if errors.Is(err, gitrepo.ErrNotRepository) {
		return nil, fmt.Errorf("%s: %w: %w; run `git init` and commit the files to enable drift detection", dir, ErrNoHistory, gitrepo.ErrNotRepository)
	}
	if err != nil {
		return nil, err
	}
	defer repo.Close()
	if _, err := repo.Head(); errors.Is(err, gitrepo.ErrNoCommits) {
		return nil, fmt.Errorf("%s: %w: %w; commit the files to enable drift detection", dir, ErrNoHistory, gitrepo.ErrNoCommits)
	} else if err != nil {
		return nil, err
	}
	shallow, err := repo.IsShallow()
	if err != nil {
		return nil, err
	}
	if shallow {
		return nil, fmt.Errorf("%s: %w (in GitHub Actions, give actions/checkout `fetch-depth: 0`)", dir, ErrShallow)
	}
	return load(ctx, repo, opts)
}

// pathBlob is one version of one file; for an article, read with one
// default language.
type pathBlob struct{ path, hash, lang string }

// kindBlob is one content parsed as one kind (for an article, with one
// default language): articles and bot rules do not depend on their path,
// so each content is parsed once.
type kindBlob struct {
	kind resource.Kind
	hash string
	lang string
}

// parsed is the outcome of parsing one content; fp is valid when ok.
type parsed struct {
	fp    fingerprint
	title string
	ok    bool
}

// occurrence is a (business, kind, content) seen first at commit order.
type occurrence struct {
	business string
	path     string
	kb       kindBlob
	origin   origin
}

// pairing is one parse of a workflow version: the provider files it read
// (path → blob sha, "" when missing) and the outcome. It holds for every
// commit in which those files have those versions.
type pairing struct {
	deps   map[string]string
	result parsed
}

type loader struct {
	repo  *gitrepo.Repo
	popts document.ParseOptions
	// render is Options.Render.
	render func(resource.Spec) (resource.Spec, bool)
	bases  *Bases

	order      int    // walk position of the current commit
	lastCommit string // sha of the current commit
	lang       string // default article language of the current commit

	fallbackLang string            // for commits without octosync.yaml
	langs        map[string]string // octosync.yaml blob sha → defaults.language

	seen        map[pathBlob]bool
	results     map[kindBlob]*parsed
	occurrences []occurrence
	pairings    map[pathBlob][]pairing
	contents    map[string][]byte // workflow inputs by blob sha

	jobs chan job
}

type job struct {
	kind    resource.Kind
	path    string
	lang    string
	content []byte
	out     *parsed
}

func load(ctx context.Context, repo *gitrepo.Repo, opts Options) (*Bases, error) {
	fallback := opts.DefaultLanguage
	if fallback == "" {
		fallback = config.Default().Defaults.Language
	}
	l := &loader{
		repo:         repo,
		popts:        document.ParseOptions{DefaultLanguage: fallback},
		render:       opts.Render,
		fallbackLang: fallback,
		langs:        map[string]string{},
		bases:        &Bases{set: map[baseKey]origin{}},
		order:        -1,
		seen:         map[pathBlob]bool{},
		results:      map[kindBlob]*parsed{},
		pairings:     map[pathBlob][]pairing{},
		contents:     map[string][]byte{},
		jobs:         make(chan job, 64),
	}
	n := opts.Parallelism
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for j := range l.jobs {
				popts := l.popts
				popts.DefaultLanguage = j.lang
				*j.out = parse(j.kind, j.path, j.content, popts, l.render)
			}
		})
	}
	err := repo.DirsEpoch(ctx, businessesDir, l.language, l.dir)
	close(l.jobs)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	for _, o := range l.occurrences {
		if r := l.results[o.kb]; r.ok {
			l.bases.add(baseKey{business: o.business, kind: o.kb.kind, fp: r.fp}, o.origin)
			l.bases.addTitle(o.path, r.title, o.origin.order)
		}
	}
	for _, r := range l.results {
		l.bases.stats.Parsed++
		if !r.ok {
			l.bases.stats.Skipped++
		}
	}
	return l.bases, nil
}

// language is the epoch of a commit's walk: the defaults.language of its
// octosync.yaml. Folders are visited again when it changes, since their
// articles may then read differently.
func (l *loader) language(s gitrepo.Snapshot) (string, error) {
	h, err := s.Lookup(config.FileName)
	if errors.Is(err, gitrepo.ErrFileNotFound) {
		l.lang = l.fallbackLang
		return l.lang, nil
	}
	if err != nil {
		return "", err
	}
	lang, ok := l.langs[h]
	if !ok {
		data, err := l.repo.ReadBlob(h)
		if err != nil && !errors.Is(err, gitrepo.ErrBlobTooLarge) {
			return "", fmt.Errorf("%s at %s: %w", config.FileName, s.Commit.Short(), err)
		}
		// A configuration with errors keeps the default for what it got
		// wrong, as config.Load does; apply refused to run with it anyway.
		c, _ := config.Parse(config.FileName, data)
		lang = c.Defaults.Language
		l.langs[h] = lang
	}
	l.lang = lang
	return lang, nil
}

// dir handles one new folder version.
func (l *loader) dir(d gitrepo.Dir) error {
	if d.Commit.Hash != l.lastCommit {
		l.lastCommit = d.Commit.Hash
		l.order++
		l.bases.stats.Commits++
	}
	l.bases.stats.Folders++
	business, kind, ok := resourceFolder(d.Path)
	if !ok {
		return nil
	}
	o := origin{order: l.order, commit: d.Commit.Hash, when: d.Commit.When}
	for _, f := range d.Files {
		if !isResourceFile(kind, f.Name) {
			continue
		}
		pb := pathBlob{path: d.Path + "/" + f.Name, hash: f.Hash}
		lang := ""
		if kind == resource.KindArticle {
			lang = l.lang
			pb.lang = lang
		}
		if kind == resource.KindWorkflow {
			if err := l.workflow(d, business, pb, o); err != nil {
				return err
			}
			continue
		}
		if l.seen[pb] {
			continue
		}
		l.seen[pb] = true
		l.bases.stats.Files++
		kb := kindBlob{kind: kind, hash: f.Hash, lang: lang}
		l.occurrences = append(l.occurrences, occurrence{business: business, path: pb.path, kb: kb, origin: o})
		if _, ok := l.results[kb]; ok {
			continue
		}
		content, err := l.repo.ReadBlob(f.Hash)
		out := &parsed{}
		l.results[kb] = out
		if errors.Is(err, gitrepo.ErrBlobTooLarge) {
			// Never a resource the server accepts, so never a base;
			// left unread (counted skipped with the other failed parses).
			continue
		}
		if err != nil {
			return fmt.Errorf("%s at %s: %w", pb.path, d.Commit.Short(), err)
		}
		l.jobs <- job{kind: kind, path: pb.path, lang: lang, content: content, out: out}
	}
	return nil
}

// workflow handles one workflow file of a new folder version: unless an
// earlier parse read the same provider versions, it is parsed again with the
// providers of this commit.
func (l *loader) workflow(d gitrepo.Dir, business string, pb pathBlob, o origin) error {
	if !l.seen[pb] {
		l.seen[pb] = true
		l.bases.stats.Files++
	}
	for _, p := range l.pairings[pb] {
		if l.coexist(d, p.deps) {
			return nil // same files, same business: already recorded
		}
	}
	content, err := l.content(pb.hash)
	if errors.Is(err, gitrepo.ErrBlobTooLarge) {
		l.bases.stats.Skipped++
		return nil // never a base (see dir)
	}
	if err != nil {
		return fmt.Errorf("%s at %s: %w", pb.path, d.Commit.Short(), err)
	}
	deps := map[string]string{}
	var readErr error
	popts := l.popts
	popts.ReadFile = func(rel string) ([]byte, error) {
		h, err := d.Lookup(rel)
		if errors.Is(err, gitrepo.ErrFileNotFound) {
			deps[rel] = ""
			return nil, fmt.Errorf("%s: %w", rel, fs.ErrNotExist)
		}
		if err != nil {
			return nil, err
		}
		deps[rel] = h
		data, err := l.content(h)
		if err != nil && !errors.Is(err, gitrepo.ErrBlobTooLarge) {
			readErr = err
		}
		// A provider too large to read makes the workflow unparsable.
		return data, err
	}
	r := parse(resource.KindWorkflow, pb.path, content, popts, l.render)
	if readErr != nil {
		return fmt.Errorf("%s at %s: %w", pb.path, d.Commit.Short(), readErr)
	}
	l.pairings[pb] = append(l.pairings[pb], pairing{deps: deps, result: r})
	l.bases.stats.Parsed++
	if !r.ok {
		l.bases.stats.Skipped++
		return nil
	}
	l.bases.add(baseKey{business: business, kind: resource.KindWorkflow, fp: r.fp}, o)
	l.bases.addTitle(pb.path, r.title, o.order)
	return nil
}

// coexist reports whether every file in deps has that version in d's commit.
func (l *loader) coexist(d gitrepo.Dir, deps map[string]string) bool {
	for rel, want := range deps {
		got, err := d.Lookup(rel)
		if err != nil {
			got = ""
		}
		if got != want {
			return false
		}
	}
	return true
}

func (l *loader) content(hash string) ([]byte, error) {
	if c, ok := l.contents[hash]; ok {
		return c, nil
	}
	c, err := l.repo.ReadBlob(hash)
	if err != nil {
		return nil, err
	}
	l.contents[hash] = c
	return c, nil
}

// parse fingerprints one file version; a version with error diagnostics
// is not ok.
func parse(kind resource.Kind, p string, content []byte, opts document.ParseOptions, render func(resource.Spec) (resource.Spec, bool)) parsed {
	doc, diags := document.Parse(kind, p, content, opts)
	if doc == nil || diags.HasErrors() {
		return parsed{}
	}
	spec := doc.Spec
	if render != nil {
		var ok bool
		if spec, ok = render(spec); !ok {
			return parsed{}
		}
	}
	return parsed{fp: Fingerprint(spec), title: spec.GetTitle(), ok: true}
}

// resourceFolder recognises businesses/<business>/<kind folder>.
func resourceFolder(p string) (business string, kind resource.Kind, ok bool) {
	parts := strings.Split(p, "/")
	if len(parts) != 3 || parts[0] != businessesDir || strings.HasPrefix(parts[1], ".") {
		return "", "", false
	}
	kind, ok = resource.KindFromDir(parts[2])
	return parts[1], kind, ok
}

// isResourceFile mirrors what the source loader reads: lower-case resource
// extensions, no dotfiles.
func isResourceFile(kind resource.Kind, name string) bool {
	if strings.HasPrefix(name, ".") {
		return false
	}
	switch ext := path.Ext(name); kind {
	case resource.KindArticle:
		return ext == ".md"
	default:
		return ext == ".yaml" || ext == ".yml"
	}
}
