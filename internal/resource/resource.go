package resource

import (
	"cmp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Resource is one article, workflow or bot rule of one business, either
// desired (read from a file: Path set, Meta zero unless the file names an id)
// or live (returned by the API: ID and Meta set, Path empty).
type Resource struct {
	Business string
	ID       string // empty for a desired resource whose file has no id
	Spec     Spec
	Meta     Meta
	// Unmanaged are the live resource's fields octosync does not manage,
	// as the server sent them; nil for desired resources.
	Unmanaged Unmanaged
	// Path is the file the desired resource came from, slash-separated and
	// relative to the repository root; empty for live resources.
	Path string
}

// Meta is what the server says about a live resource beyond its content.
type Meta struct {
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt *time.Time // set when soft-deleted
}

// Kind is the kind of the resource's spec.
func (r Resource) Kind() Kind { return r.Spec.Kind() }

// Title is the resource's title.
func (r Resource) Title() string { return r.Spec.GetTitle() }

// Deleted reports whether the live resource is soft-deleted.
func (r Resource) Deleted() bool { return r.Meta.DeletedAt != nil }

// Key identifies a resource for display and ordering: business, kind, then
// title. It is not unique (titles may repeat); ID disambiguates.
type Key struct {
	Business string
	Kind     Kind
	Title    string
	ID       string
}

// Key returns the resource's key.
func (r Resource) Key() Key {
	return Key{Business: r.Business, Kind: r.Kind(), Title: r.Title(), ID: r.ID}
}

// Compare orders keys by business, kind level, case-folded title, title, id:
// the one order in which users ever see resources.
func (k Key) Compare(o Key) int {
	if c := cmp.Compare(k.Business, o.Business); c != 0 {
		return c
	}
	if c := cmp.Compare(k.Kind.Level(), o.Kind.Level()); c != 0 {
		return c
	}
	if c := compareFolded(k.Title, o.Title); c != 0 {
		return c
	}
	if c := cmp.Compare(k.Title, o.Title); c != 0 {
		return c
	}
	return cmp.Compare(k.ID, o.ID)
}

// compareFolded is cmp.Compare(strings.ToLower(a), strings.ToLower(b))
// without building either: rune by rune, each lowered as strings.ToLower
// lowers it (bytes that are not UTF-8 read as U+FFFD, as ranging over a
// string reads them). UTF-8 orders bytes as code points, so comparing the
// runes compares the lowered strings. Sorting ten thousand keys calls it
// a few hundred thousand times.
func compareFolded(a, b string) int {
	for {
		if a == "" || b == "" {
			return cmp.Compare(len(a), len(b))
		}
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if c := cmp.Compare(unicode.ToLower(ra), unicode.ToLower(rb)); c != 0 {
			return c
		}
		a, b = a[na:], b[nb:]
	}
}

// String renders the key as business/kind/"title".
func (k Key) String() string {
	return k.Business + "/" + string(k.Kind) + "/" + quoteTitle(k.Title)
}

func quoteTitle(t string) string { return "\"" + strings.ReplaceAll(t, "\"", "\\\"") + "\"" }
