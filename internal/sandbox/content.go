package sandbox

import (
	"encoding/json"
	"slices"
)

// Content is the writable part of a resource: what a POST or PUT body holds,
// what a version's snapshot holds, and what restore brings back. It is one of
// *Article, *Workflow or *BotRule.
type Content interface {
	// Kind is the kind of resource the content belongs to.
	Kind() Kind
	// isEnabled reports whether the resource is enabled.
	isEnabled() bool
	// validate checks the server-side limits of the API contract, reporting
	// every violation with the field path it concerns.
	validate() []FieldError
	// extras are the content's extra fields (ExtraFields).
	extras() *map[string]json.RawMessage
}

// Article is the writable content of a knowledge-base article.
type Article struct {
	extraValues
	Title    string   `json:"title"`
	Content  string   `json:"content"`
	Language string   `json:"language"`
	Tags     []string `json:"tags"` // never nil
	Enabled  bool     `json:"enabled"`
}

// Workflow is the writable content of a workflow.
type Workflow struct {
	extraValues
	Title             string    `json:"title"`
	Trigger           string    `json:"trigger"`
	Instructions      string    `json:"instructions"`
	Actions           []string  `json:"actions"`           // never nil
	ConditionProvider *string   `json:"conditionProvider"` // nil: no provider
	Variants          []Variant `json:"variants"`          // never nil
	Enabled           bool      `json:"enabled"`
}

// Variant is one alternative set of instructions of a workflow; the first
// variant whose condition holds wins.
type Variant struct {
	Name         string `json:"name"`
	Condition    string `json:"condition"`
	Instructions string `json:"instructions"`
	// Extra are the variant's extra keys (ExtraFields[VariantKind]).
	Extra map[string]json.RawMessage `json:"-"`
}

// MarshalJSON writes the variant's keys, its extra keys after the
// contract's.
func (v Variant) MarshalJSON() ([]byte, error) {
	type plain Variant
	b, err := json.Marshal(plain(v))
	if err != nil {
		return nil, err
	}
	return appendFields(b, v.Extra), nil
}

// UnmarshalJSON reads a stored variant: every key beyond the contract's
// is an extra key.
func (v *Variant) UnmarshalJSON(data []byte) error {
	type plain Variant
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	for name, raw := range all {
		if !slices.Contains(variantFields, name) {
			if p.Extra == nil {
				p.Extra = map[string]json.RawMessage{}
			}
			p.Extra[name] = raw
		}
	}
	*v = Variant(p)
	return nil
}

// BotRule is the writable content of a bot rule.
type BotRule struct {
	extraValues
	Title   string `json:"title"`
	Content string `json:"content"`
	Enabled bool   `json:"enabled"`
}

// Kind implements Content.
func (*Article) Kind() Kind { return KindArticle }

// Kind implements Content.
func (*Workflow) Kind() Kind { return KindWorkflow }

// Kind implements Content.
func (*BotRule) Kind() Kind { return KindBotRule }

func (a *Article) isEnabled() bool  { return a.Enabled }
func (w *Workflow) isEnabled() bool { return w.Enabled }
func (r *BotRule) isEnabled() bool  { return r.Enabled }

// newContent returns an empty Content of kind k.
func newContent(k Kind) Content {
	switch k {
	case KindArticle:
		return &Article{}
	case KindWorkflow:
		return &Workflow{}
	default:
		return &BotRule{}
	}
}

// encodeContent renders c in its canonical JSON form, the form snapshots are
// stored and compared in. Lists are never null.
func encodeContent(c Content) json.RawMessage {
	switch c := c.(type) {
	case *Article:
		if c.Tags == nil {
			c.Tags = []string{}
		}
	case *Workflow:
		if c.Actions == nil {
			c.Actions = []string{}
		}
		if c.Variants == nil {
			c.Variants = []Variant{}
		}
	}
	b, _ := json.Marshal(c) // cannot fail: only strings, bools and slices of them
	return appendExtras(b, c)
}

// snapshotContent decodes a stored snapshot, which the sandbox wrote itself.
func snapshotContent(k Kind, snap json.RawMessage) (Content, error) {
	c := newContent(k)
	if err := json.Unmarshal(snap, c); err != nil {
		return nil, err
	}
	if err := snapshotExtras(c, snap); err != nil {
		return nil, err
	}
	return c, nil
}
