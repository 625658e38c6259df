package sandbox

import (
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// macroPrefix is the prefix of macro ids.
const macroPrefix = "mac_"

// MaxMacroContent is the longest macro content a seed may hold, in
// characters.
const MaxMacroContent = 10000

// Macro is a business's macro: a response template for human agents. The
// API serves macros read-only (list and get); they come from the seed.
type Macro struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Content   string    `json:"content"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// SeedMacro is a macro of a seeded business.
type SeedMacro struct {
	Title   string `json:"title"`
	Content string `json:"content"`
}

// seedMacros creates the seed's macros, after every resource, so that
// macros never shift the ids of resources.
func seedMacros(st *store, seed *Seed, now time.Time) error {
	for oi, so := range seed.Organizations {
		for bi, sb := range so.Businesses {
			b := st.Organizations[oi].Businesses[bi]
			for i, m := range sb.Macros {
				switch n := utf8.RuneCountInString(m.Title); {
				case strings.TrimSpace(m.Title) == "" || n > 200:
					return fmt.Errorf("seed: organization %q: business %q: macros[%d]: title must be 1 to 200 characters", so.Name, b.Slug, i)
				case utf8.RuneCountInString(m.Content) > MaxMacroContent:
					return fmt.Errorf("seed: organization %q: business %q: macros[%d]: content must be at most %d characters", so.Name, b.Slug, i, MaxMacroContent)
				}
				b.Macros = append(b.Macros, &Macro{ID: st.nextID(macroPrefix), Title: m.Title, Content: m.Content, CreatedAt: now, UpdatedAt: now})
			}
		}
	}
	return nil
}

func (s *Server) listMacros(c *call) *APIError {
	page, apiErr := parsePage(c.r.URL.Query())
	if apiErr != nil {
		return apiErr
	}
	s.mu.RLock()
	b, apiErr := s.business(c)
	if apiErr != nil {
		s.mu.RUnlock()
		return apiErr
	}
	lo, hi, p := paginate(len(b.Macros), page, s.pageSize)
	data := make([]Macro, 0, hi-lo)
	for _, m := range b.Macros[lo:hi] {
		data = append(data, *m)
	}
	s.mu.RUnlock()
	writeJSON(c.w, http.StatusOK, struct {
		Data       []Macro    `json:"data"`
		Pagination Pagination `json:"pagination"`
	}{data, p})
	return nil
}

func (s *Server) getMacro(c *call) *APIError {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, apiErr := s.business(c)
	if apiErr != nil {
		return apiErr
	}
	for _, m := range b.Macros {
		if m.ID == c.rt.id {
			writeJSON(c.w, http.StatusOK, m)
			return nil
		}
	}
	return errNotFound("macro %s not found in business %s", c.rt.id, c.rt.slug)
}
