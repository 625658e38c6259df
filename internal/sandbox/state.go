package sandbox

import (
	"encoding/json"
	"time"
)

// State is a dump of everything a sandbox holds: organizations, businesses,
// every resource including soft-deleted ones, and every version. API keys
// appear by label only, never by value. GET /_sandbox/state returns it.
type State struct {
	LastID        uint64              `json:"lastId"`
	Organizations []StateOrganization `json:"organizations"`
}

// StateOrganization is an organization in a State.
type StateOrganization struct {
	Name         string          `json:"name"`
	APIKeyLabels []string        `json:"apiKeyLabels"`
	Businesses   []StateBusiness `json:"businesses"`
}

// StateBusiness is a business in a State with its resources per kind, each
// in creation order.
type StateBusiness struct {
	ID        string          `json:"id"`
	Slug      string          `json:"slug"`
	Name      string          `json:"name"`
	Articles  []StateResource `json:"articles"`
	Workflows []StateResource `json:"workflows"`
	BotRules  []StateResource `json:"botRules"`
	Macros    []Macro         `json:"macros,omitempty"`
}

// StateResource is one resource in a State: its wire form as GET returns it,
// and its whole history, oldest version first.
type StateResource struct {
	ID        string          `json:"id"`
	Version   int             `json:"version"`
	DeletedAt *time.Time      `json:"deletedAt"`
	Resource  json.RawMessage `json:"resource"`
	Versions  []Version       `json:"versions"`
}

// Resources returns the resources of kind k.
func (b StateBusiness) Resources(k Kind) []StateResource {
	switch k {
	case KindArticle:
		return b.Articles
	case KindWorkflow:
		return b.Workflows
	default:
		return b.BotRules
	}
}

func (st *store) state() State {
	out := State{LastID: st.LastID, Organizations: []StateOrganization{}}
	for _, o := range st.Organizations {
		so := StateOrganization{Name: o.Name, APIKeyLabels: []string{}, Businesses: []StateBusiness{}}
		for _, k := range o.APIKeys {
			so.APIKeyLabels = append(so.APIKeyLabels, k.Label)
		}
		for _, b := range o.Businesses {
			sb := StateBusiness{ID: b.ID, Slug: b.Slug, Name: b.Name}
			sb.Articles = stateResources(b.Resources[KindArticle])
			sb.Workflows = stateResources(b.Resources[KindWorkflow])
			sb.BotRules = stateResources(b.Resources[KindBotRule])
			for _, m := range b.Macros {
				sb.Macros = append(sb.Macros, *m)
			}
			so.Businesses = append(so.Businesses, sb)
		}
		out.Organizations = append(out.Organizations, so)
	}
	return out
}

func stateResources(list []*resource) []StateResource {
	out := make([]StateResource, 0, len(list))
	for _, r := range list {
		sr := StateResource{ID: r.ID, Version: r.version(), DeletedAt: r.DeletedAt, Resource: r.render()}
		for _, v := range r.Versions {
			sr.Versions = append(sr.Versions, *v)
		}
		out = append(out, sr)
	}
	return out
}
