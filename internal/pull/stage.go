package pull

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"strings"
	"sync"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/safewrite"
	"github.com/octosync/octosync/internal/source"
)

// StagingPrefix starts the name of a bulk export's staging folder in the
// export root: a dot folder, which the repository walk skips.
const StagingPrefix = ".octosync-export-"

// stagingWriters bounds the businesses written into the staging folder at
// once, so that writing leaves the fetch a core to decode its pages.
const stagingWriters = 2

// Staging writes a bulk export's businesses while live state is still
// fetched, so that creating eleven thousand files hides behind the network
// instead of following it. As each business's lists complete (Fetched),
// its files are rendered, by the same plan.Compute and Compute as the
// whole export's, and created in a private folder inside the export root
// (safewrite.MkdirTemp, no link followed). Nothing appears in businesses/
// until Execute has computed and checked every operation of the whole
// export: then each staged business whose files are exactly the
// operations' for it is moved into place, in the batch that writes the
// rest (octosync.yaml, tooling, anything not staged) and pays durability
// once (safewrite.MoveAndWriteFiles); each staged business's files start
// going to disk as soon as it is staged (flush), so that this last flush
// has little left to write. A business staged differently (a
// filter or rule only the whole plan sees) is discarded and written as
// any other file: the staging only ever saves time, the operations decide.
// Discard removes the staging folder, whatever happened; a root the
// staging created is removed too when the export did not finish.
type Staging struct {
	root    string
	dir     *safewrite.Dir
	name    string // the staging folder, relative to root
	created bool   // root did not exist before
	opts    plan.Options
	ctx     context.Context
	lister  provider.Macros // nil: no macros exported
	renders *renderCache

	wg      sync.WaitGroup
	writers chan struct{}

	mu      sync.Mutex
	staged  map[string]map[string][]byte // business → path → content (shared with the operations: never modified)
	macros  map[string][]provider.Macro  // business → its live macros, as staged
	noMacro error                        // provider.ErrNoMacros from a business's listing
	listing map[string]*macroListing     // business → the listing Reading started
	err     error
	stopped bool

	flushFS    func() error // the Dir's Flush; tests replace it
	flushing   bool         // a flush of the staged files runs (flushes)
	flushAgain bool         // a business was staged while it ran
	flushes    sync.WaitGroup
	done       bool // the export is in place
	discard    sync.Once
}

// NewStaging creates the staging folder of a bulk export into root (made
// when missing), for a plan built with opts (the pull's plan options).
// With lister (MacroLister: nil when the export has no macros), each
// business's macros are listed and staged with it, and Execute takes them
// from here rather than list them again. ctx ends the listing.
func NewStaging(ctx context.Context, root string, opts plan.Options, lister provider.Macros) (*Staging, error) {
	_, statErr := os.Stat(root)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	d, err := safewrite.Open(root)
	if err != nil {
		return nil, err
	}
	name, err := d.MkdirTemp(StagingPrefix)
	if err != nil {
		d.Close()
		return nil, err
	}
	return &Staging{
		root: root, dir: d, name: name, created: errors.Is(statErr, os.ErrNotExist), opts: opts,
		ctx: ctx, lister: lister, renders: newRenderCache(),
		writers: make(chan struct{}, stagingWriters), flushFS: d.Flush,
		staged:  map[string]map[string][]byte{},
		macros:  map[string][]provider.Macro{},
		listing: map[string]*macroListing{},
	}, nil
}

// Reading starts listing the macros of every business about to be read
// (live.Observer), at once, each with its business's order (the n-th
// business's requests carry provider.WithOrder(n)): a business's macros
// are read with its lists, so that no business waits for its macros once
// its lists are in, and none holds up the first business's lists.
func (s *Staging) Reading(businesses []string) {
	if s.lister == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, b := range businesses {
		if _, ok := s.listing[b]; ok {
			continue
		}
		l := &macroListing{done: make(chan struct{})}
		s.listing[b] = l
		s.wg.Go(func() {
			defer close(l.done)
			l.macros, l.err = s.listMacros(provider.WithOrder(s.ctx, i+1), b)
		})
	}
}

// macroListing is the listing of one business's macros, done when done
// is closed.
type macroListing struct {
	done   chan struct{}
	macros []provider.Macro
	err    error
}

// macrosOf waits for the macros of business that Reading started to
// list, or lists them now.
func (s *Staging) macrosOf(business string) ([]provider.Macro, error) {
	s.mu.Lock()
	l, ok := s.listing[business]
	s.mu.Unlock()
	if !ok {
		return s.listMacros(s.ctx, business)
	}
	<-l.done
	return l.macros, l.err
}

// Fetched stages the business whose live resources are all listed
// (live.Observer): it returns at once and writes in the background. The
// first failure is kept for Execute, which returns it.
func (s *Staging) Fetched(business string, live []resource.Resource) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		macros, err := s.macrosOf(business) // before a writer's turn: it may wait on the network
		s.writers <- struct{}{}
		defer func() { <-s.writers }()
		s.mu.Lock()
		stop := s.stopped || s.err != nil
		s.mu.Unlock()
		if stop {
			return
		}
		var contents map[string][]byte
		noMacros := errors.Is(err, provider.ErrNoMacros)
		if err == nil || noMacros {
			contents, err = s.stage(business, live, macros)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if noMacros {
			s.noMacro = provider.ErrNoMacros
		}
		switch {
		case err != nil:
			s.err = errors.Join(s.err, err)
		default:
			s.staged[business] = contents
			if s.lister != nil {
				s.macros[business] = macros
			}
			s.flush()
		}
	}()
}

// flush starts writing the files staged so far to disk, in the
// background, or, when a flush runs already, has one more run after it;
// the caller holds s.mu. Durability stays a matter of the final batch
// (MoveAndWriteFiles flushes after its renames): this only starts the
// disk's work while the other businesses are fetched, so that the final
// flush has one business left to write, not eleven thousand files. A
// failed flush fails the export (finish returns it).
func (s *Staging) flush() {
	if s.flushing {
		s.flushAgain = true
		return
	}
	s.flushing = true
	s.flushes.Go(func() {
		for {
			err := s.flushFS()
			s.mu.Lock()
			if err != nil {
				s.err = errors.Join(s.err, err)
			}
			again := s.flushAgain && err == nil && !s.stopped
			s.flushAgain = false
			s.flushing = again
			s.mu.Unlock()
			if !again {
				return
			}
		}
	})
}

// listMacros lists business's live macros, none when the export has no
// macros.
func (s *Staging) listMacros(ctx context.Context, business string) ([]provider.Macro, error) {
	if s.lister == nil {
		return nil, nil
	}
	ms, err := s.lister.Macros(ctx, business)
	if err != nil && !errors.Is(err, provider.ErrNoMacros) {
		return nil, fmt.Errorf("macros of %s: %w", business, err)
	}
	return ms, err
}

// fetchMacros is FetchMacros of businesses, taking the macros of the
// businesses staged from the staging (st nil: none staged).
func (s *Staging) fetchMacros(ctx context.Context, lister provider.Macros, businesses []string) ([]provider.Macro, error) {
	if s == nil {
		return FetchMacros(ctx, lister, businesses)
	}
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.noMacro != nil {
		return nil, s.noMacro
	}
	var missing []string
	for _, b := range businesses {
		if _, ok := s.macros[b]; !ok {
			missing = append(missing, b)
		}
	}
	fetched, err := FetchMacros(ctx, lister, missing)
	if err != nil {
		return nil, err
	}
	var out []provider.Macro
	for _, b := range businesses {
		out = append(out, s.macros[b]...)
	}
	out = append(out, fetched...) // MacroOps sorts its operations by path
	return out, nil
}

// stage renders business's files and creates them in the staging folder,
// returning each file's content by its path in the repository.
func (s *Staging) stage(business string, live []resource.Resource, macros []provider.Macro) (map[string][]byte, error) {
	p, err := plan.Compute(plan.Desired{Businesses: []string{business}}, plan.Live{Resources: live}, s.opts)
	if err != nil {
		return nil, err
	}
	repo := &source.Repo{Layout: source.Layout{Root: s.root, Config: config.Default()}}
	ops, err := Compute(repo, p, Options{Businesses: []string{business}, rendered: s.renders})
	if err != nil {
		return nil, err
	}
	mops, err := MacroOps(repo, []string{business}, macros, nil, false, false)
	if err != nil {
		return nil, err
	}
	ops = append(ops, mops...)
	prefix := businessPrefix(business)
	var files []safewrite.File
	contents := map[string][]byte{}
	for _, o := range ops {
		if o.Kind != Write || !strings.HasPrefix(o.Path, prefix) {
			continue
		}
		files = append(files, safewrite.File{Path: s.stagedPath(business, o.Path), Data: o.Data, Perm: 0o644})
		contents[o.Path] = o.Data
	}
	if err := s.create(files); err != nil {
		return nil, err
	}
	return contents, nil
}

// create makes the folders of files in the staging folder and creates
// the files there.
func (s *Staging) create(files []safewrite.File) error {
	made := map[string]bool{}
	for _, f := range files {
		if dir := path.Dir(f.Path); !made[dir] {
			if err := s.dir.MkdirAll(dir); err != nil {
				return err
			}
			made[dir] = true
		}
	}
	return s.dir.CreateFiles(files)
}

// businessPrefix is the folder of a business in the repository, with a
// trailing slash.
func businessPrefix(business string) string {
	return source.BusinessesDir + "/" + business + "/"
}

// stagedPath is where the file at p (under business's folder) is staged.
func (s *Staging) stagedPath(business, p string) string {
	return s.name + "/" + business + "/" + strings.TrimPrefix(p, businessPrefix(business))
}

// finish waits for the staging to end and splits ops: the moves of the
// staged businesses into businesses/, and the operations still to carry
// out. A staged business's files must be exactly its operations' writes
// (each file the same bytes); its operations the staging lacks (the
// macros, a .gitkeep) are created in its staged folder first. Any other
// staged business is removed from the staging folder and left to ops.
func (s *Staging) finish(ops []Op) ([]safewrite.Move, []Op, error) {
	s.wg.Wait()
	s.flushes.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, nil, s.err
	}
	byBusiness := map[string][]Op{}
	var rest []Op
	for _, o := range ops {
		b := source.BusinessOf(o.Path)
		if _, ok := s.staged[b]; ok && strings.HasPrefix(o.Path, businessPrefix(b)) {
			byBusiness[b] = append(byBusiness[b], o)
			continue
		}
		rest = append(rest, o)
	}
	var moves []safewrite.Move
	for b, contents := range s.staged {
		extra, ok := matching(byBusiness[b], contents)
		if ok && len(contents)+len(extra) == 0 {
			continue // nothing staged, nothing to write: no folder to move
		}
		if ok {
			var files []safewrite.File
			for _, o := range extra {
				files = append(files, safewrite.File{Path: s.stagedPath(b, o.Path), Data: o.Data, Perm: 0o644})
			}
			if err := s.create(files); err != nil {
				return nil, nil, err
			}
			moves = append(moves, safewrite.Move{From: s.name + "/" + b, To: source.BusinessesDir + "/" + b})
			continue
		}
		if err := s.dir.RemoveAll(s.name + "/" + b); err != nil {
			return nil, nil, err
		}
		rest = append(rest, byBusiness[b]...)
	}
	return moves, rest, nil
}

// matching reports whether ops (one business's) write every staged file
// with the staged bytes and do nothing but write, and returns the writes
// the staging lacks.
func matching(ops []Op, staged map[string][]byte) (extra []Op, ok bool) {
	seen := 0
	for _, o := range ops {
		if o.Kind == Skip {
			continue
		}
		if o.Kind != Write {
			return nil, false
		}
		h, was := staged[o.Path]
		switch {
		case !was:
			extra = append(extra, o)
		case !bytes.Equal(h, o.Data):
			return nil, false
		default:
			seen++
		}
	}
	return extra, seen == len(staged)
}

// rendered is the staging's render cache, for the export's own Compute
// (nil without a staging).
func (s *Staging) rendered() *renderCache {
	if s == nil {
		return nil
	}
	return s.renders
}

// committed records that the export is in place (nil: no staging).
func (s *Staging) committed() {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.done = true
	s.mu.Unlock()
}

// Discard ends the staging: it waits for the writes in progress and
// removes the staging folder and all it holds (empty after a finished
// export), and the export root when the staging created it and the export
// did not finish. It is safe to call more than once, and on nil.
func (s *Staging) Discard() error {
	if s == nil {
		return nil
	}
	var err error
	s.discard.Do(func() {
		s.mu.Lock()
		s.stopped = true
		s.mu.Unlock()
		s.wg.Wait()
		s.flushes.Wait()
		err = s.dir.RemoveAll(s.name)
		s.dir.Close()
		s.mu.Lock()
		done := s.done
		s.mu.Unlock()
		if s.created && !done {
			_ = os.Remove(s.root) // only when empty: never the user's files
		}
	})
	return err
}
