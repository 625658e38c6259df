package plan

import (
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// Desired is the repository's state.
type Desired struct {
	// Businesses are the declared (managed) business slugs. Live resources
	// of other businesses are never touched. Businesses of Resources are
	// managed too, declared or not.
	Businesses []string
	// Resources are the files' resources; each has Path set, and ID when
	// the file names one.
	Resources []resource.Resource
}

// Live is the API's state.
type Live struct {
	// Resources are every live resource of the managed businesses,
	// soft-deleted ones (Meta.DeletedAt set) included: a file whose id
	// names one of those plans a restore.
	Resources []resource.Resource
}

// Options tune Compute.
type Options struct {
	// Prune lets deletes through; without it every delete is withheld.
	Prune bool
	// MaxDeletes is the most deletes a plan may hold before every delete
	// is withheld as a mass delete: 0 allows none, a negative value means
	// no limit. Callers pass the configured value (octosync.yaml's
	// maxDeletes, DefaultMaxDeletes unless set). Independently, deleting more than half of a
	// business's live resources of one kind (two or more) is a mass
	// delete.
	MaxDeletes int
	// AllowMassDelete lifts both mass-delete thresholds.
	AllowMassDelete bool
	// ForceDrift says apply will also execute drifted changes, so drifted
	// deletes count towards the mass-delete thresholds.
	ForceDrift bool
	// Rollback says the desired state is an earlier one the operator asked
	// to go back to: a resource deleted since is restored as asked, not
	// classified as drift, and the rollback rules apply (see rollback.go:
	// revive, reclaim, match).
	Rollback bool
	// Versions holds, by live id, version histories (newest first) for the
	// rollback rules reclaim and match; the pipeline fetches those
	// Plan.VersionsWanted names. Ignored without Rollback.
	Versions map[string][]provider.Version
	// Ignore reports whether resources of this kind and title are outside
	// octosync's care: an ignored desired or live resource yields no
	// change and is counted nowhere. Nil ignores nothing.
	Ignore func(kind resource.Kind, title string) bool

	// Businesses, Kinds and Paths restrict which changes the plan holds;
	// empty means no restriction, and a change must pass all three.
	// Unchanged counts only selected resources, and the mass-delete
	// thresholds count only selected deletes.
	Businesses []string
	Kinds      []resource.Kind
	// Paths are slash-separated and relative to the repository root (the
	// caller resolves what the user typed). A path selects the files equal
	// to it or under it as a directory. A delete has no file: it is
	// selected only by a path naming a directory that holds where its
	// file would be, i.e. a prefix of businesses/<business>/<kind dir>/
	// ("businesses/acme", "businesses/acme/articles", but not a file
	// name).
	Paths []string

	// Bases is the repository's history; nil means none (not a git
	// repository): then nothing is drift.
	Bases Bases
	// History says whether Bases was read, and if not, why; it is recorded
	// in the plan (apply refuses blind overwrites in a shallow clone).
	History HistoryStatus
	// Authors holds, by live id (ids are unique within an organization),
	// the newest version of each drifted resource: who made the live
	// content and when. Compute copies it into Change.Drift; a drifted
	// resource missing here keeps the metadata of the live resource.
	Authors map[string]provider.Version

	// Target names the API the plan is made against (URL without
	// credentials, or "sandbox"); Sandbox says it is the built-in sandbox;
	// Warnings are the caller's, shown before Compute's own. All three are
	// copied into the plan for its renderings and for apply's checks.
	Target   string
	Sandbox  bool
	Warnings []string
	// Environment names the environment of octosync.yaml the plan is made
	// for, "" in a repository without environments; copied into the plan.
	Environment string
}

// HistoryStatus says what Compute knew of the repository's git history.
type HistoryStatus string

const (
	// HistoryNotNeeded: nothing needed classifying, so none was read.
	HistoryNotNeeded HistoryStatus = ""
	// HistoryRead: drift was classified against the full history.
	HistoryRead HistoryStatus = "read"
	// HistoryNone: not a git repository; nothing can be drift.
	HistoryNone HistoryStatus = "none"
	// HistoryShallow: a shallow clone; drift cannot be told apart.
	HistoryShallow HistoryStatus = "shallow"
)

// DefaultMaxDeletes is the total-delete threshold octosync.yaml starts with.
const DefaultMaxDeletes = 10

// Bases is the repository's history (built from git by package gitrepo).
type Bases interface {
	// Committed reports whether any commit of the repository held a file
	// of this business and kind whose canonical content equals spec.
	Committed(business string, spec resource.Spec) bool
}

// FormerTitles is what Bases may also know: the titles a file had in the
// repository's history, the most recent first. With it, a file without an
// id whose title changed binds to the live resource that still has one of
// its former titles (ByFormerTitle) instead of planning a create and a
// delete: a retitled file updates its resource wherever the files' ids
// are not the live ones (another environment, a file never pulled).
type FormerTitles interface {
	FormerTitles(path string) []string
}

func (o Options) ignored(kind resource.Kind, title string) bool {
	return o.Ignore != nil && o.Ignore(kind, title)
}

func (o Options) maxDeletes() int { return o.MaxDeletes }
