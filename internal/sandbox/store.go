package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// store is the whole state of a sandbox: what the data file holds (see
// dataFile), plus indexes rebuilt on load. It is not safe for concurrent
// use; Server guards it with one lock.
type store struct {
	// LastID is the last value of the ID counter shared by all businesses
	// and resources; IDs are never reused.
	LastID        uint64
	Organizations []*organization
	Idempotency   map[string]*idempotencyRecord // by idempotencyKey()

	keys  map[string]keyRef    // API key value → owner
	byID  map[string]*resource // resource ID → resource
	bizes map[string]*business // business ID → business
}

type organization struct {
	Name       string      `json:"name"`
	APIKeys    []APIKey    `json:"apiKeys"`
	Businesses []*business `json:"businesses"`
}

// APIKey is an API key of an organization and the label that stands for it
// in authors, logs and dumps.
type APIKey struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

type keyRef struct {
	org   *organization
	label string
}

type business struct {
	ID        string               `json:"id"`
	Slug      string               `json:"slug"`
	Name      string               `json:"name"`
	Resources map[Kind][]*resource `json:"resources"`        // per kind, in creation order
	Macros    []*Macro             `json:"macros,omitempty"` // read-only in the API; from the seed

	org *organization
}

// resource is one article, workflow or bot rule with its whole history.
type resource struct {
	ID        string     `json:"id"`
	Kind      Kind       `json:"kind"`
	CreatedAt time.Time  `json:"createdAt"`
	UpdatedAt time.Time  `json:"updatedAt"`
	DeletedAt *time.Time `json:"deletedAt"`
	Versions  []*Version `json:"versions"` // oldest first; never empty

	biz *business
	cur Content // decoded newest snapshot
	enc []byte  // cached data-file encoding; nil after a change
}

// idempotencyRecord remembers the outcome of a create sent with an
// Idempotency-Key so that a retry replays it instead of creating again.
type idempotencyRecord struct {
	Fingerprint json.RawMessage `json:"fingerprint"` // canonical content of the request
	ResourceID  string          `json:"resourceId"`
	Response    json.RawMessage `json:"response"` // the 201 body as first sent
}

func newStore() *store {
	s := &store{Idempotency: map[string]*idempotencyRecord{}}
	s.reindex()
	return s
}

// reindex rebuilds the indexes and back pointers after a load.
func (s *store) reindex() error {
	s.keys = map[string]keyRef{}
	s.byID = map[string]*resource{}
	s.bizes = map[string]*business{}
	if s.Idempotency == nil {
		s.Idempotency = map[string]*idempotencyRecord{}
	}
	for _, o := range s.Organizations {
		for _, k := range o.APIKeys {
			if _, dup := s.keys[k.Key]; dup {
				return fmt.Errorf("organization %s: API key %s: key used twice", o.Name, k.Label)
			}
			s.keys[k.Key] = keyRef{org: o, label: k.Label}
		}
		for _, b := range o.Businesses {
			b.org = o
			s.bizes[b.ID] = b
			if b.Resources == nil {
				b.Resources = map[Kind][]*resource{}
			}
			for kind, list := range b.Resources {
				for _, r := range list {
					if len(r.Versions) == 0 {
						return fmt.Errorf("resource %s: no versions", r.ID)
					}
					c, err := snapshotContent(kind, r.latest().Snapshot)
					if err != nil {
						return fmt.Errorf("resource %s: %w", r.ID, err)
					}
					r.Kind, r.biz, r.cur = kind, b, c
					s.byID[r.ID] = r
				}
			}
		}
	}
	return nil
}

func (s *store) nextID(prefix string) string {
	s.LastID++
	return formatID(prefix, s.LastID)
}

func (r *resource) latest() *Version { return r.Versions[len(r.Versions)-1] }
func (r *resource) version() int     { return r.latest().Version }
func (r *resource) deleted() bool    { return r.DeletedAt != nil }

// appendVersion records a change that leaves the resource with content c.
func (r *resource) appendVersion(ct ChangeType, c Content, snap json.RawMessage, author Author, now time.Time) {
	v := &Version{
		Version:    len(r.Versions) + 1,
		ChangeType: ct,
		CreatedAt:  now,
		Author:     author,
		Snapshot:   snap,
	}
	r.Versions = append(r.Versions, v)
	r.cur = c
	r.UpdatedAt = now
	r.enc = nil
}

// business finds the business slug of org; another organization's business
// is not found.
func (s *store) business(org *organization, slug string) (*business, *APIError) {
	for _, b := range org.Businesses {
		if b.Slug == slug {
			return b, nil
		}
	}
	return nil, errNotFound("business %q not found", slug)
}

// resource finds resource id of kind k in business b, deleted or not.
func (s *store) resource(b *business, k Kind, id string) (*resource, *APIError) {
	r, ok := s.byID[id]
	if !ok || r.biz != b || r.Kind != k {
		return nil, errNotFound("%s %q not found in business %q", k, id, b.Slug)
	}
	return r, nil
}

// live finds a resource that is not soft-deleted: PUT and DELETE act only on
// those, a deleted resource can only be restored.
func (s *store) live(b *business, k Kind, id string) (*resource, *APIError) {
	r, apiErr := s.resource(b, k, id)
	if apiErr != nil {
		return nil, apiErr
	}
	if r.deleted() {
		return nil, errNotFound("%s %q is deleted; restore a version to bring it back", k, id)
	}
	return r, nil
}

// precondition is a parsed If-Match header.
type precondition struct {
	set     bool // the header was sent
	any     bool // If-Match: *
	version int
}

func (p precondition) check(r *resource) *APIError {
	if !p.set || p.any || p.version == r.version() {
		return nil
	}
	return &APIError{
		Status:  http.StatusPreconditionFailed,
		Code:    CodeVersionConflict,
		Message: fmt.Sprintf("%s is at version %d, not %d; fetch it again and retry", r.ID, r.version(), p.version),
		Details: []FieldError{{Field: "If-Match", Message: fmt.Sprintf("current version is %d", r.version())}},
	}
}

// checkEnabledRules enforces the limit of enabled bot rules per business for
// a write that leaves rule self (nil for a create) with content c.
func (s *store) checkEnabledRules(b *business, self *resource, c Content) *APIError {
	if c.Kind() != KindBotRule || !c.isEnabled() {
		return nil
	}
	n := 0
	for _, r := range b.Resources[KindBotRule] {
		if r != self && !r.deleted() && r.cur.isEnabled() {
			n++
		}
	}
	if n < limits.EnabledBotRulesMax {
		return nil
	}
	return errValidation([]FieldError{{
		Field:   "enabled",
		Message: fmt.Sprintf("business %q already has %d enabled bot rules, the most allowed; disable one first", b.Slug, limits.EnabledBotRulesMax),
	}})
}

func idempotencyKey(b *business, k Kind, key string) string {
	return b.ID + "/" + string(k) + "/" + key
}

// create adds a resource with content c. With an idempotency key it first
// looks for an earlier create with the same key: the same content replays
// that create's response (replayed true), other content is a 422.
func (s *store) create(b *business, c Content, author Author, idemKey string, now time.Time) (body []byte, r *resource, replayed bool, apiErr *APIError) {
	snap := encodeContent(c)
	var ik string
	if idemKey != "" {
		ik = idempotencyKey(b, c.Kind(), idemKey)
		if rec, ok := s.Idempotency[ik]; ok {
			if !bytes.Equal(rec.Fingerprint, snap) {
				return nil, nil, false, &APIError{
					Status:  http.StatusUnprocessableEntity,
					Code:    CodeIdempotencyKeyReused,
					Message: fmt.Sprintf("Idempotency-Key %q was already used with a different body (it created %s); use a new key", idemKey, rec.ResourceID),
				}
			}
			return rec.Response, s.byID[rec.ResourceID], true, nil
		}
	}
	if apiErr := s.checkEnabledRules(b, nil, c); apiErr != nil {
		return nil, nil, false, apiErr
	}
	r = &resource{ID: s.nextID(c.Kind().idPrefix()), Kind: c.Kind(), CreatedAt: now, biz: b}
	r.appendVersion(ChangeCreate, c, snap, author, now)
	b.Resources[c.Kind()] = append(b.Resources[c.Kind()], r)
	s.byID[r.ID] = r
	body = r.render()
	if ik != "" {
		s.Idempotency[ik] = &idempotencyRecord{Fingerprint: snap, ResourceID: r.ID, Response: body}
	}
	return body, r, false, nil
}

// update replaces the content of a live resource. Every successful update
// appends a version, even when c equals the current content: the API records
// writes, it does not diff them.
func (s *store) update(b *business, id string, c Content, pre precondition, author Author, now time.Time) (*resource, *APIError) {
	r, apiErr := s.live(b, c.Kind(), id)
	if apiErr != nil {
		return nil, apiErr
	}
	if apiErr := pre.check(r); apiErr != nil {
		return nil, apiErr
	}
	if apiErr := s.checkEnabledRules(b, r, c); apiErr != nil {
		return nil, apiErr
	}
	r.appendVersion(ChangeUpdate, c, encodeContent(c), author, now)
	return r, nil
}

// remove soft-deletes a live resource.
func (s *store) remove(b *business, k Kind, id string, pre precondition, author Author, now time.Time) *APIError {
	r, apiErr := s.live(b, k, id)
	if apiErr != nil {
		return apiErr
	}
	if apiErr := pre.check(r); apiErr != nil {
		return apiErr
	}
	r.appendVersion(ChangeDelete, r.cur, r.latest().Snapshot, author, now)
	r.DeletedAt = &now
	return nil
}

// restore makes version n's content current again as a new version, and
// undeletes the resource.
func (s *store) restore(b *business, k Kind, id string, n int, pre precondition, author Author, now time.Time) (*resource, *APIError) {
	r, apiErr := s.resource(b, k, id)
	if apiErr != nil {
		return nil, apiErr
	}
	v, apiErr := r.versionN(n)
	if apiErr != nil {
		return nil, apiErr
	}
	if apiErr := pre.check(r); apiErr != nil {
		return nil, apiErr
	}
	c, err := snapshotContent(k, v.Snapshot)
	if err != nil {
		return nil, errInternal(fmt.Sprintf("version %d of %s cannot be read: %v", n, id, err))
	}
	if apiErr := s.checkEnabledRules(b, r, c); apiErr != nil {
		return nil, apiErr
	}
	r.appendVersion(ChangeRestore, c, v.Snapshot, author, now)
	r.latest().RestoredFrom = &n
	r.DeletedAt = nil
	return r, nil
}

func (r *resource) versionN(n int) (*Version, *APIError) {
	if n < 1 || n > len(r.Versions) {
		return nil, errNotFound("%s has no version %d; its versions are 1 to %d", r.ID, n, len(r.Versions))
	}
	return r.Versions[n-1], nil
}

// list returns the resources of kind k in b in creation order, leaving out
// soft-deleted ones unless includeDeleted.
func (s *store) list(b *business, k Kind, includeDeleted bool) []*resource {
	all := b.Resources[k]
	if includeDeleted {
		return all
	}
	out := make([]*resource, 0, len(all))
	for _, r := range all {
		if !r.deleted() {
			out = append(out, r)
		}
	}
	return out
}

// render is the resource's wire form: its metadata followed by the fields
// of its current content.
func (r *resource) render() []byte {
	var buf bytes.Buffer
	r.renderTo(&buf)
	return buf.Bytes()
}

func (r *resource) renderTo(buf *bytes.Buffer) {
	snap := r.latest().Snapshot
	buf.Grow(len(snap) + 160)
	buf.WriteString(`{"id":`)
	writeJSONString(buf, r.ID)
	fmt.Fprintf(buf, `,"version":%d,"createdAt":"%s","updatedAt":"%s","deletedAt":`,
		r.version(), formatTime(r.CreatedAt), formatTime(r.UpdatedAt))
	if r.DeletedAt != nil {
		buf.WriteString(`"` + formatTime(*r.DeletedAt) + `"`)
	} else {
		buf.WriteString("null")
	}
	buf.WriteByte(',')
	buf.Write(snap[1:]) // a JSON object: drop its "{"
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func writeJSONString(buf *bytes.Buffer, s string) {
	b, _ := json.Marshal(s) // cannot fail for a string
	buf.Write(b)
}
