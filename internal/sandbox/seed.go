package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// Seed is the initial content of a sandbox: organizations with their API
// keys and businesses, and the resources of each business. Its JSON form is
// the --seed file:
//
//	{"organizations": [{"name": "acme", "apiKeys": ["key-acme"],
//	  "businesses": [{"slug": "acme-eu", "name": "Acme EU",
//	    "articles": [...], "workflows": [...], "botRules": [...]}]}]}
//
// Resources use the API's request bodies and go through the same decoding
// and validation as API writes. Seeded resources start at version 1,
// authored by the user "seed".
type Seed struct {
	Organizations []SeedOrganization `json:"organizations"`
	// ExtraFields give kinds writable fields the contract does not have,
	// as a real API may: by kind ("articles", "workflows", "botRules"),
	// each field's name and default value, e.g.
	// {"articles": {"category": "general", "visibility": "public"}};
	// "workflowVariants" gives every workflow variant extra keys the same
	// way (VariantKind). Every resource of the kind has them, with replace
	// semantics (see ExtraFields); seeded resources may set them.
	ExtraFields map[string]map[string]json.RawMessage `json:"extraFields,omitempty"`
}

// SeedOrganization is an organization of a Seed.
type SeedOrganization struct {
	Name       string         `json:"name"`
	APIKeys    []SeedAPIKey   `json:"apiKeys"`
	Businesses []SeedBusiness `json:"businesses"`
}

// SeedAPIKey is an API key of a seeded organization. In JSON it is either a
// plain string, the key (labelled "<organization>-key-<n>", n counting from
// 1), or an object {"key": "...", "label": "..."}.
type SeedAPIKey struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// UnmarshalJSON accepts a string or a {"key", "label"} object.
func (k *SeedAPIKey) UnmarshalJSON(data []byte) error {
	if len(data) > 0 && data[0] == '"' {
		*k = SeedAPIKey{}
		return json.Unmarshal(data, &k.Key)
	}
	type plain SeedAPIKey
	var p plain
	if err := strictUnmarshal(data, &p); err != nil {
		return err
	}
	*k = SeedAPIKey(p)
	return nil
}

// SeedBusiness is a business of a seeded organization, with its resources as
// API request bodies.
type SeedBusiness struct {
	Slug      string            `json:"slug"`
	Name      string            `json:"name"`
	Articles  []json.RawMessage `json:"articles"`
	Workflows []json.RawMessage `json:"workflows"`
	BotRules  []json.RawMessage `json:"botRules"`
	// DashboardEdits are applied after the resources are created, in order,
	// as edits made by people in the dashboard: each appends a version
	// authored {type: user, name: By}. They let a seed show drift.
	DashboardEdits []SeedEdit `json:"dashboardEdits,omitempty"`
	// Macros are the business's macros (agents' response templates),
	// which the API serves read-only. They get their ids after every
	// organization's resources, so adding macros never renumbers those.
	Macros []SeedMacro `json:"macros,omitempty"`
}

// SeedEdit changes one seeded resource as a dashboard user would. Set holds
// the fields to change, by their API names; the others keep their values.
type SeedEdit struct {
	Kind  string          `json:"kind"` // "articles", "workflows" or "botRules"
	Title string          `json:"title"`
	By    string          `json:"by"`
	Set   json.RawMessage `json:"set"`
}

// SeedAuthor is the author of every seeded resource's first version.
var SeedAuthor = Author{Type: AuthorUser, Name: "seed"}

// DefaultSeed is the seed of a sandbox started without one: organization
// "sandbox" with API key "sandbox-key" and one empty business "demo".
func DefaultSeed() *Seed {
	return &Seed{Organizations: []SeedOrganization{{
		Name:       "sandbox",
		APIKeys:    []SeedAPIKey{{Key: "sandbox-key", Label: "default-key"}}, // a label that does not spell the key
		Businesses: []SeedBusiness{{Slug: "demo", Name: "Demo"}},
	}}}
}

// LoadSeed reads and checks a seed file.
func LoadSeed(path string) (*Seed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	seed, err := ParseSeed(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return seed, nil
}

// ParseSeed decodes a seed and checks it completely: unknown fields, and
// every resource against the API's validation, so that a seed that parses
// also starts a sandbox.
func ParseSeed(data []byte) (*Seed, error) {
	var seed Seed
	if err := strictUnmarshal(data, &seed); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	if _, err := seed.build(time.Time{}); err != nil {
		return nil, err
	}
	return &seed, nil
}

func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	return nil
}

// slugPattern is the shape of a business slug: it is a path segment.
var slugPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

// build makes the store the seed describes, at time now.
func (seed *Seed) build(now time.Time) (*store, error) {
	st := newStore()
	extra, err := seed.extraFields()
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	st.Extra = extra
	orgNames := map[string]bool{}
	for oi, so := range seed.Organizations {
		where := fmt.Sprintf("seed: organizations[%d]", oi)
		if so.Name == "" {
			return nil, fmt.Errorf("%s: name is required", where)
		}
		if orgNames[so.Name] {
			return nil, fmt.Errorf("%s: organization %q appears twice", where, so.Name)
		}
		orgNames[so.Name] = true
		where = fmt.Sprintf("seed: organization %q", so.Name)
		o := &organization{Name: so.Name}
		labels := map[string]bool{}
		for ki, k := range so.APIKeys {
			if k.Key == "" {
				return nil, fmt.Errorf("%s: apiKeys[%d]: the key is empty", where, ki)
			}
			if k.Label == "" {
				k.Label = so.Name + "-key-" + strconv.Itoa(ki+1)
			}
			if _, dup := st.keys[k.Key]; dup {
				return nil, fmt.Errorf("%s: apiKeys[%d] (%s): the key is used twice", where, ki, k.Label)
			}
			if labels[k.Label] {
				return nil, fmt.Errorf("%s: apiKeys[%d]: label %q is used twice", where, ki, k.Label)
			}
			labels[k.Label] = true
			o.APIKeys = append(o.APIKeys, APIKey(k))
			st.keys[k.Key] = keyRef{org: o, label: k.Label}
		}
		st.Organizations = append(st.Organizations, o)
		for bi, sb := range so.Businesses {
			if !slugPattern.MatchString(sb.Slug) {
				return nil, fmt.Errorf("%s: businesses[%d]: slug %q must be lower-case letters, digits and inner dashes", where, bi, sb.Slug)
			}
			if _, apiErr := st.business(o, sb.Slug); apiErr == nil {
				return nil, fmt.Errorf("%s: business %q appears twice", where, sb.Slug)
			}
			name := sb.Name
			if name == "" {
				name = sb.Slug
			}
			b := &business{ID: st.nextID(businessPrefix), Slug: sb.Slug, Name: name, Resources: map[Kind][]*resource{}, org: o}
			o.Businesses = append(o.Businesses, b)
			st.bizes[b.ID] = b
			for _, set := range []struct {
				kind Kind
				list []json.RawMessage
			}{{KindArticle, sb.Articles}, {KindWorkflow, sb.Workflows}, {KindBotRule, sb.BotRules}} {
				for i, raw := range set.list {
					if err := seedResource(st, b, set.kind, raw, now); err != nil {
						return nil, fmt.Errorf("%s: business %q: %s[%d]: %w", where, b.Slug, seedField(set.kind), i, err)
					}
				}
			}
			for i, e := range sb.DashboardEdits {
				if err := seedEdit(st, b, e, now); err != nil {
					return nil, fmt.Errorf("%s: business %q: dashboardEdits[%d]: %w", where, b.Slug, i, err)
				}
			}
		}
	}
	if err := seedMacros(st, seed, now); err != nil {
		return nil, err
	}
	return st, nil
}

// extraFields converts the seed's ExtraFields to the store's, checked.
func (seed *Seed) extraFields() (ExtraFields, error) {
	if len(seed.ExtraFields) == 0 {
		return nil, nil
	}
	out := ExtraFields{}
	for name, fields := range seed.ExtraFields {
		var kind Kind
		for _, k := range append(slices.Clone(Kinds), VariantKind) {
			if seedField(k) == name {
				kind = k
			}
		}
		if kind == "" {
			return nil, fmt.Errorf("extraFields: kind %q: use articles, workflows, botRules or workflowVariants", name)
		}
		out[kind] = fields
	}
	return out, out.check()
}

// seedField is the seed's field name for a kind's resources.
func seedField(k Kind) string {
	if k == KindBotRule {
		return "botRules"
	}
	return string(k)
}

func seedResource(st *store, b *business, k Kind, raw json.RawMessage, now time.Time) error {
	c, apiErr := decodeContent(k, raw, st.Extra)
	if apiErr == nil {
		_, _, _, apiErr = st.create(b, c, SeedAuthor, "", now)
	}
	if apiErr == nil {
		return nil
	}
	if len(apiErr.Details) == 0 {
		return errors.New(apiErr.Message)
	}
	var msg bytes.Buffer
	for i, d := range apiErr.Details {
		if i > 0 {
			msg.WriteString("; ")
		}
		msg.WriteString(d.Field + ": " + d.Message)
	}
	return errors.New(msg.String())
}

// seedEdit applies one dashboard edit of a seed.
func seedEdit(st *store, b *business, e SeedEdit, now time.Time) error {
	var kind Kind
	for _, k := range Kinds {
		if seedField(k) == e.Kind {
			kind = k
		}
	}
	if kind == "" {
		return fmt.Errorf("kind %q: use articles, workflows or botRules", e.Kind)
	}
	if e.By == "" {
		return errors.New("by: name the dashboard user who made the edit")
	}
	var target *resource
	for _, r := range st.list(b, kind, false) {
		var t struct {
			Title string `json:"title"`
		}
		_ = json.Unmarshal(encodeContent(r.cur), &t)
		if t.Title == e.Title {
			if target != nil {
				return fmt.Errorf("title %q: more than one %s has it", e.Title, e.Kind)
			}
			target = r
		}
	}
	if target == nil {
		return fmt.Errorf("title %q: no such %s in the seed", e.Title, e.Kind)
	}
	fields := map[string]json.RawMessage{}
	if err := json.Unmarshal(encodeContent(target.cur), &fields); err != nil {
		return err
	}
	var set map[string]json.RawMessage
	if err := strictUnmarshal(e.Set, &set); err != nil {
		return fmt.Errorf("set: %w", err)
	}
	for k, v := range set {
		fields[k] = v
	}
	merged, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	c, apiErr := decodeContent(kind, merged, st.Extra)
	if apiErr == nil {
		_, apiErr = st.update(b, target.ID, c, precondition{}, Author{Type: AuthorUser, Name: e.By}, now)
	}
	if apiErr != nil {
		return errors.New(apiErr.Message)
	}
	return nil
}
