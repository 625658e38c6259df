package bases

import (
	"crypto/sha256"
	"encoding/json"
	"slices"
	"time"

	"github.com/octosync/octosync/internal/resource"
)

// Bases is the set of canonical contents the repository's history held, per
// business and kind. It is read-only after Load and safe for concurrent use.
// A nil *Bases holds no history: Committed is true for everything, so
// nothing is reported as drift.
type Bases struct {
	set   map[baseKey]origin
	stats Stats
	// titles are the titles each file path had, with the walk position of
	// the commit that first gave it each.
	titles map[string][]titleAt
}

type titleAt struct {
	title string
	order int
}

// Stats says how much work Load did.
type Stats struct {
	// Commits is the number of commits that changed something under
	// businesses/ (or octosync.yaml's default language, which makes the
	// folders read anew).
	Commits int
	// Folders is the number of distinct folder versions visited.
	Folders int
	// Files is the number of distinct (path, content) file versions seen
	// in resource folders (for articles, per default language).
	Files int
	// Parsed is the number of document.Parse calls.
	Parsed int
	// Skipped is the number of parses that failed and were left out.
	Skipped int
}

type fingerprint [sha256.Size]byte

type baseKey struct {
	business string
	kind     resource.Kind
	fp       fingerprint
}

// origin is where a base was first seen.
type origin struct {
	order  int // position of the commit in the walk, oldest first
	commit string
	when   time.Time
}

// Fingerprint is the identity of a spec's canonical content: the SHA-256 of
// the JSON encoding of spec.Normalize(). Equal specs (resource.Equal) have
// equal fingerprints.
func Fingerprint(spec resource.Spec) [sha256.Size]byte {
	data, err := json.Marshal(spec.Normalize())
	if err != nil {
		// The specs are plain structs of strings, bools and slices: they
		// always encode.
		return sha256.Sum256([]byte("unencodable"))
	}
	return sha256.Sum256(data)
}

func key(business string, spec resource.Spec) baseKey {
	return baseKey{business: business, kind: spec.Kind(), fp: Fingerprint(spec)}
}

// Committed reports whether any commit reachable from HEAD held a file of
// this business and kind whose canonical content equals spec.
func (b *Bases) Committed(business string, spec resource.Spec) bool {
	if b == nil {
		return true
	}
	if spec == nil {
		return false
	}
	_, ok := b.set[key(business, spec)]
	return ok
}

// Commit returns the oldest commit (in parents-before-children order) that
// held spec's content for this business, and its author time; ok is false
// when none did.
func (b *Bases) Commit(business string, spec resource.Spec) (hash string, when time.Time, ok bool) {
	if b == nil || spec == nil {
		return "", time.Time{}, false
	}
	o, ok := b.set[key(business, spec)]
	return o.commit, o.when, ok
}

// Len is the number of distinct (business, kind, content) bases.
func (b *Bases) Len() int {
	if b == nil {
		return 0
	}
	return len(b.set)
}

// Stats reports the work Load did.
func (b *Bases) Stats() Stats {
	if b == nil {
		return Stats{}
	}
	return b.stats
}

// add records a base, keeping the oldest origin.
func (b *Bases) add(k baseKey, o origin) {
	if old, ok := b.set[k]; ok && old.order <= o.order {
		return
	}
	b.set[k] = o
}

// addTitle records that path had title at walk position order.
func (b *Bases) addTitle(path, title string, order int) {
	if b.titles == nil {
		b.titles = map[string][]titleAt{}
	}
	for i, t := range b.titles[path] {
		if t.title == title {
			b.titles[path][i].order = max(t.order, order)
			return
		}
	}
	b.titles[path] = append(b.titles[path], titleAt{title, order})
}

// FormerTitles lists the titles the file at path (slash-separated,
// relative to the repository root) had in the history, the most recent
// first (as Options.Render made them). The planner binds a file without an
// id whose title changed through them (plan.FormerTitles), so a retitled
// file updates its resource rather than deleting and creating it.
func (b *Bases) FormerTitles(path string) []string {
	if b == nil {
		return nil
	}
	ts := slices.Clone(b.titles[path])
	slices.SortStableFunc(ts, func(x, y titleAt) int { return y.order - x.order })
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.title
	}
	return out
}
