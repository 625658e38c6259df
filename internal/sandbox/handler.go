package sandbox

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Request headers of the API contract, and the sandbox's own actor header.
const (
	APIKeyHeader         = "X-API-Key"
	IdempotencyKeyHeader = "Idempotency-Key"
	ReplayedHeader       = "Idempotent-Replayed"
	// ActorHeader ("user:<name>") makes a write count as an edit in the
	// dashboard by that user instead of a write through the API key.
	ActorHeader = "X-Sandbox-Actor"
)

// MaxIdempotencyKeyLen is the longest Idempotency-Key accepted; a longer
// one is a 400.
const MaxIdempotencyKeyLen = 255

// MaxBodyBytes is the largest request body accepted; a larger one is a 413
// payload_too_large.
const MaxBodyBytes = 1 << 20

// serveAPI serves one request of the API contract.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	if s.serveBotAPI(w, r) {
		return
	}
	rt, ok := matchRoute(r.URL.Path)
	if !ok {
		writeError(w, errNotFound("no route %s %s; the API lives under %s/businesses", r.Method, r.URL.Path, BasePath))
		return
	}
	allowed := methods[rt.depth]
	if !slices.Contains(allowed, r.Method) {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeError(w, &APIError{
			Status:  http.StatusMethodNotAllowed,
			Code:    CodeMethodNotAllowed,
			Message: fmt.Sprintf("%s is not allowed on %s; use %s", r.Method, r.URL.Path, strings.Join(allowed, " or ")),
		})
		return
	}
	c := &call{w: w, r: r, rt: rt}
	if apiErr := s.authenticate(c); apiErr != nil {
		writeError(w, apiErr)
		return
	}
	var apiErr *APIError
	switch {
	case rt.depth == 1:
		apiErr = s.listBusinesses(c)
	case rt.depth == 3 && r.Method == http.MethodGet:
		apiErr = s.listResources(c)
	case rt.depth == 3:
		apiErr = s.createResource(c)
	case rt.depth == 4 && r.Method == http.MethodGet:
		apiErr = s.getResource(c)
	case rt.depth == 4 && r.Method == http.MethodPut:
		apiErr = s.updateResource(c)
	case rt.depth == 4:
		apiErr = s.deleteResource(c)
	case rt.depth == 5:
		apiErr = s.listVersions(c)
	case rt.depth == 6:
		apiErr = s.getVersion(c)
	default:
		apiErr = s.restoreVersion(c)
	}
	if apiErr != nil {
		writeError(w, apiErr)
	}
}

// write runs a change under the write lock and, when it changed something,
// persists the state before the change is acknowledged. When persisting
// fails, the change is rolled back and the client gets a 500.
func (s *Server) write(change func() (changed bool, apiErr *APIError)) *APIError {
	s.mu.Lock()
	defer s.mu.Unlock()
	changed, apiErr := change()
	if apiErr != nil || !changed || s.persist == nil {
		return apiErr
	}
	if err := s.persist.save(s.st); err != nil {
		if st, rerr := s.persist.lastGood(); rerr == nil {
			s.st = st
		}
		return errInternal("the change was not saved: " + err.Error())
	}
	return nil
}

func (s *Server) listBusinesses(c *call) *APIError {
	page, apiErr := parsePage(c.r.URL.Query())
	if apiErr != nil {
		return apiErr
	}
	type businessJSON struct {
		ID   string `json:"id"`
		Slug string `json:"slug"`
		Name string `json:"name"`
	}
	s.mu.RLock()
	all := s.st.keys[c.key].org.Businesses
	lo, hi, p := paginate(len(all), page, s.pageSize)
	data := make([]businessJSON, 0, hi-lo)
	for _, b := range all[lo:hi] {
		data = append(data, businessJSON{ID: b.ID, Slug: b.Slug, Name: b.Name})
	}
	s.mu.RUnlock()
	writeJSON(c.w, http.StatusOK, struct {
		Data       []businessJSON `json:"data"`
		Pagination Pagination     `json:"pagination"`
	}{data, p})
	return nil
}

func (s *Server) listResources(c *call) *APIError {
	q := c.r.URL.Query()
	page, apiErr := parsePage(q)
	if apiErr != nil {
		return apiErr
	}
	includeDeleted := false
	if q.Has("includeDeleted") {
		v, err := strconv.ParseBool(q.Get("includeDeleted"))
		if err != nil {
			return errBadRequest("includeDeleted %q: must be true or false", q.Get("includeDeleted"))
		}
		includeDeleted = v
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, apiErr := s.business(c)
	if apiErr != nil {
		return apiErr
	}
	all := s.st.list(b, c.rt.kind, includeDeleted)
	lo, hi, p := paginate(len(all), page, s.pageSize)
	var buf bytes.Buffer
	buf.WriteString(`{"data":[`)
	for i, r := range all[lo:hi] {
		if i > 0 {
			buf.WriteByte(',')
		}
		r.renderTo(&buf)
	}
	fmt.Fprintf(&buf, `],"pagination":{"page":%d,"pageSize":%d,"totalItems":%d,"totalPages":%d}}`,
		p.Page, p.PageSize, p.TotalItems, p.TotalPages)
	writeRaw(c.w, http.StatusOK, buf.Bytes())
	return nil
}

func (s *Server) getResource(c *call) *APIError {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, apiErr := s.resourceOf(c)
	if apiErr != nil {
		return apiErr
	}
	setETag(c.w, r.version())
	writeRaw(c.w, http.StatusOK, r.render())
	return nil
}

// business finds the call's business in the organization of its API key;
// the caller holds the lock. The organization is looked up under the lock
// because a failed save replaces the whole store.
func (s *Server) business(c *call) (*business, *APIError) {
	return s.st.business(s.st.keys[c.key].org, c.rt.slug)
}

// resourceOf finds the call's resource, deleted or not; the caller holds
// the lock.
func (s *Server) resourceOf(c *call) (*resource, *APIError) {
	b, apiErr := s.business(c)
	if apiErr != nil {
		return nil, apiErr
	}
	return s.st.resource(b, c.rt.kind, c.rt.id)
}

func (s *Server) createResource(c *call) *APIError {
	author, apiErr := c.author()
	if apiErr != nil {
		return apiErr
	}
	content, apiErr := c.content(s.extraFields())
	if apiErr != nil {
		return apiErr
	}
	idemKey := c.r.Header.Get(IdempotencyKeyHeader)
	if len(idemKey) > MaxIdempotencyKeyLen {
		return errBadRequest("%s: must be at most %d characters", IdempotencyKeyHeader, MaxIdempotencyKeyLen)
	}
	var (
		body     []byte
		id       string
		replayed bool
	)
	apiErr = s.write(func() (bool, *APIError) {
		b, apiErr := s.business(c)
		if apiErr != nil {
			return false, apiErr
		}
		var r *resource
		body, r, replayed, apiErr = s.st.create(b, content, author, idemKey, s.now())
		if apiErr != nil {
			return false, apiErr
		}
		id = r.ID
		return !replayed, nil
	})
	if apiErr != nil {
		return apiErr
	}
	if replayed {
		c.w.Header().Set(ReplayedHeader, "true")
	}
	setETag(c.w, 1)
	c.w.Header().Set("Location", c.location(id))
	writeRaw(c.w, http.StatusCreated, body)
	return nil
}

func (s *Server) updateResource(c *call) *APIError {
	author, apiErr := c.author()
	if apiErr != nil {
		return apiErr
	}
	pre, apiErr := c.precondition()
	if apiErr != nil {
		return apiErr
	}
	content, apiErr := c.content(s.extraFields())
	if apiErr != nil {
		return apiErr
	}
	return s.mutate(c, func(b *business) (*resource, *APIError) {
		return s.st.update(b, c.rt.id, content, pre, author, s.now())
	})
}

func (s *Server) deleteResource(c *call) *APIError {
	author, apiErr := c.author()
	if apiErr != nil {
		return apiErr
	}
	pre, apiErr := c.precondition()
	if apiErr != nil {
		return apiErr
	}
	apiErr = s.write(func() (bool, *APIError) {
		b, apiErr := s.business(c)
		if apiErr != nil {
			return false, apiErr
		}
		if apiErr := s.st.remove(b, c.rt.kind, c.rt.id, pre, author, s.now()); apiErr != nil {
			return false, apiErr
		}
		return true, nil
	})
	if apiErr != nil {
		return apiErr
	}
	c.w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) listVersions(c *call) *APIError {
	page, apiErr := parsePage(c.r.URL.Query())
	if apiErr != nil {
		return apiErr
	}
	s.mu.RLock()
	r, apiErr := s.resourceOf(c)
	if apiErr != nil {
		s.mu.RUnlock()
		return apiErr
	}
	n := len(r.Versions)
	lo, hi, p := paginate(n, page, s.pageSize)
	data := make([]Version, 0, hi-lo)
	for i := lo; i < hi; i++ {
		data = append(data, *r.Versions[n-1-i]) // newest first
	}
	s.mu.RUnlock()
	writeJSON(c.w, http.StatusOK, struct {
		Data       []Version  `json:"data"`
		Pagination Pagination `json:"pagination"`
	}{data, p})
	return nil
}

func (s *Server) getVersion(c *call) *APIError {
	n, apiErr := c.versionNumber()
	if apiErr != nil {
		return apiErr
	}
	s.mu.RLock()
	r, apiErr := s.resourceOf(c)
	var v Version
	if apiErr == nil {
		var vp *Version
		if vp, apiErr = r.versionN(n); apiErr == nil {
			v = *vp
		}
	}
	s.mu.RUnlock()
	if apiErr != nil {
		return apiErr
	}
	writeJSON(c.w, http.StatusOK, v)
	return nil
}

func (s *Server) restoreVersion(c *call) *APIError {
	author, apiErr := c.author()
	if apiErr != nil {
		return apiErr
	}
	n, apiErr := c.versionNumber()
	if apiErr != nil {
		return apiErr
	}
	pre, apiErr := c.precondition()
	if apiErr != nil {
		return apiErr
	}
	return s.mutate(c, func(b *business) (*resource, *APIError) {
		return s.st.restore(b, c.rt.kind, c.rt.id, n, pre, author, s.now())
	})
}

// mutate runs op on the call's business under the write lock (persisting
// before it answers) and answers 200 with the resource op returns and its
// ETag.
func (s *Server) mutate(c *call, op func(b *business) (*resource, *APIError)) *APIError {
	var (
		body    []byte
		version int
	)
	apiErr := s.write(func() (bool, *APIError) {
		b, apiErr := s.business(c)
		if apiErr != nil {
			return false, apiErr
		}
		r, apiErr := op(b)
		if apiErr != nil {
			return false, apiErr
		}
		body, version = r.render(), r.version()
		return true, nil
	})
	if apiErr != nil {
		return apiErr
	}
	setETag(c.w, version)
	writeRaw(c.w, http.StatusOK, body)
	return nil
}
