package octocom

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// The wire form of the API's JSON. Answers are read field by field
// (read.go): fields the contract does not name are kept, not refused, so a
// server that adds fields keeps working, and a resource's own such fields
// are its unmanaged ones. A create sends exactly the writable fields of its
// kind; an update sends them plus the live resource's unmanaged fields as
// read (encodeWrite), never a read-only one (the API rejects those with
// 422).

// wireBusiness is one element of GET /businesses.
type wireBusiness struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

func (w wireBusiness) listKey() string { return w.ID }

// wireContent is the union of the writable fields of every kind, for
// decoding: which fields count is decided by the kind being read.
type wireContent struct {
	Title             string        `json:"title"`
	Content           string        `json:"content"`
	Language          string        `json:"language"`
	Tags              []string      `json:"tags"`
	Enabled           *bool         `json:"enabled"` // absent: true, the API's default
	Trigger           string        `json:"trigger"`
	Instructions      string        `json:"instructions"`
	Actions           []string      `json:"actions"`
	ConditionProvider *string       `json:"conditionProvider"`
	Variants          []wireVariant `json:"variants"`
}

type wireVariant struct {
	Name         string `json:"name"`
	Condition    string `json:"condition"`
	Instructions string `json:"instructions"`
}

// wireResource is a resource as the API returns it.
type wireResource struct {
	ID        string     `json:"id"`
	Version   int        `json:"version"`
	CreatedAt time.Time  `json:"createdAt"`
	UpdatedAt time.Time  `json:"updatedAt"`
	DeletedAt *time.Time `json:"deletedAt"`
	wireContent
	// all is every field of the answer as sent: the kind being read
	// decides which of them octosync does not manage (resource.Unmanaged).
	all map[string]json.RawMessage
}

// unmanaged are the fields of w that kind k's resources do not manage,
// exactly as sent; nil when there are none.
func (w wireResource) unmanaged(k resource.Kind) resource.Unmanaged { return unmanagedOf(w.all, k) }

// unmanagedOf are the fields of all that kind k's resources do not
// manage, exactly as sent; nil when there are none.
func unmanagedOf(all map[string]json.RawMessage, k resource.Kind) resource.Unmanaged {
	var out resource.Unmanaged
	if k == resource.KindWorkflow {
		if keys := variantKeys(all[resource.VariantKeys]); keys != nil {
			out = resource.Unmanaged{resource.VariantKeys: keys}
		}
	}
	for name, v := range all {
		if resource.Managed(k, name) {
			continue
		}
		if out == nil {
			out = resource.Unmanaged{}
		}
		out[name] = v
	}
	return out
}

func (w wireResource) listKey() string { return w.ID }

// wireVersion is one entry of a resource's history.
type wireVersion struct {
	Version      int          `json:"version"`
	ChangeType   string       `json:"changeType"`
	RestoredFrom *int         `json:"restoredFrom"`
	CreatedAt    time.Time    `json:"createdAt"`
	Author       wireAuthor   `json:"author"`
	Snapshot     wireSnapshot `json:"snapshot"`
}

// wireSnapshot is a version's content: the writable fields, and every
// field as sent (for what a restore brings back that octosync does not
// manage).
type wireSnapshot struct {
	wireContent
	all map[string]json.RawMessage
}

func (s *wireSnapshot) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &s.all); err != nil {
		return err
	}
	w, err := decodeFields[wireContent](s.all)
	s.wireContent = w
	return err
}

func (w wireVersion) listKey() string {
	if w.Version == 0 {
		return "" // not a version number: left to decoding to reject
	}
	return strconv.Itoa(w.Version)
}

type wireAuthor struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// Request bodies: exactly the writable fields of each kind, lists never null.

type articleBody struct {
	Title    string   `json:"title"`
	Content  string   `json:"content"`
	Language string   `json:"language"`
	Tags     []string `json:"tags"`
	Enabled  bool     `json:"enabled"`
}

type workflowBody struct {
	Title             string            `json:"title"`
	Trigger           string            `json:"trigger"`
	Instructions      string            `json:"instructions"`
	Actions           []string          `json:"actions"`
	ConditionProvider *string           `json:"conditionProvider"`
	Variants          []json.RawMessage `json:"variants"`
	Enabled           bool              `json:"enabled"`
}

type botRuleBody struct {
	Title   string `json:"title"`
	Content string `json:"content"`
	Enabled bool   `json:"enabled"`
}

// variantKeys is the resource.VariantKeys entry of a workflow whose
// variants are raw: the keys of each variant octosync does not manage, by
// variant name (the first variant of a name wins); nil when none has any.
func variantKeys(raw json.RawMessage) json.RawMessage {
	var variants []map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &variants) != nil {
		return nil
	}
	byName := map[string]resource.Unmanaged{}
	for _, v := range variants {
		var name string
		if json.Unmarshal(v["name"], &name) != nil {
			continue
		}
		if _, seen := byName[name]; seen {
			continue
		}
		for key, value := range v {
			if slices.Contains(resource.VariantFields, key) {
				continue
			}
			if byName[name] == nil {
				byName[name] = resource.Unmanaged{}
			}
			byName[name][key] = value
		}
	}
	for name, keys := range byName {
		if len(keys) == 0 {
			delete(byName, name)
		}
	}
	if len(byName) == 0 {
		return nil
	}
	out, err := json.Marshal(byName)
	if err != nil {
		return nil
	}
	return out
}

// encodeWrite renders spec as a request body followed by the fields of
// keep (a live resource's unmanaged fields, sorted by name), each exactly
// as the server sent it. A field of keep that the kind manages or the
// server sets (resource.Managed) is never sent: the file's value or the
// server's own wins. A workflow's variant keys (resource.VariantKeys) go
// back inside the variant of the same name.
func encodeWrite(spec resource.Spec, keep resource.Unmanaged) ([]byte, error) {
	body, err := encodeSpec(spec)
	if err != nil || len(keep) == 0 {
		return body, err
	}
	if w, ok := spec.(resource.Workflow); ok {
		if body, err = encodeWorkflow(w, keep.Variants()); err != nil {
			return nil, err
		}
	}
	return appendFields(body, keep, func(name string) bool { return resource.Managed(spec.Kind(), name) })
}

// appendFields appends to the JSON object body (not empty) the fields of
// keep that skip does not refuse, sorted by name, each exactly as sent.
func appendFields(body []byte, keep resource.Unmanaged, skip func(name string) bool) ([]byte, error) {
	if len(keep) == 0 {
		return body, nil
	}
	out := bytes.NewBuffer(body[: len(body)-1 : len(body)-1]) // without its "}"
	for _, name := range keep.Names() {
		if skip(name) {
			continue
		}
		v := keep[name]
		if !json.Valid(v) {
			return nil, fmt.Errorf("unmanaged field %q: not JSON", name)
		}
		n, _ := json.Marshal(name)
		out.WriteByte(',')
		out.Write(n)
		out.WriteByte(':')
		out.Write(v)
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

// encodeSpec renders spec as a request body. Text is sent as it is, not
// normalized: what the file says is what the API stores.
func encodeSpec(spec resource.Spec) ([]byte, error) {
	var body any
	switch s := spec.(type) {
	case resource.Article:
		body = articleBody{Title: s.Title, Content: s.Content, Language: s.Language, Tags: nonNil(s.Tags), Enabled: s.Enabled}
	case resource.Workflow:
		return encodeWorkflow(s, nil)
	case resource.BotRule:
		body = botRuleBody{Title: s.Title, Content: s.Content, Enabled: s.Enabled}
	case nil:
		return nil, fmt.Errorf("no content to send")
	default:
		return nil, fmt.Errorf("content of type %T: not an article, workflow or bot rule", spec)
	}
	return json.Marshal(body)
}

// encodeWorkflow renders w as encodeSpec does, each variant followed by
// the keys keep holds for its name (sorted), exactly as sent.
func encodeWorkflow(w resource.Workflow, keep map[string]resource.Unmanaged) ([]byte, error) {
	vs := make([]json.RawMessage, len(w.Variants))
	for i, v := range w.Variants {
		b, err := json.Marshal(wireVariant(v))
		if err != nil {
			return nil, err
		}
		if vs[i], err = appendFields(b, keep[v.Name], func(string) bool { return false }); err != nil {
			return nil, fmt.Errorf("variant %q: %w", v.Name, err)
		}
	}
	return json.Marshal(workflowBody{
		Title: w.Title, Trigger: w.Trigger, Instructions: w.Instructions, Actions: nonNil(w.Actions),
		ConditionProvider: w.ConditionProvider, Variants: vs, Enabled: w.Enabled,
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// spec converts the fields of kind k into its resource.Spec.
func (w wireContent) spec(k resource.Kind) (resource.Spec, error) {
	enabled := w.Enabled == nil || *w.Enabled
	switch k {
	case resource.KindArticle:
		return resource.Article{Title: w.Title, Content: w.Content, Language: w.Language, Tags: nonNil(w.Tags), Enabled: enabled}, nil
	case resource.KindWorkflow:
		vs := make([]resource.Variant, len(w.Variants))
		for i, v := range w.Variants {
			vs[i] = resource.Variant(v)
		}
		return resource.Workflow{
			Title: w.Title, Trigger: w.Trigger, Instructions: w.Instructions, Actions: nonNil(w.Actions),
			ConditionProvider: w.ConditionProvider, Variants: vs, Enabled: enabled,
		}, nil
	case resource.KindBotRule:
		return resource.BotRule{Title: w.Title, Content: w.Content, Enabled: enabled}, nil
	}
	return nil, fmt.Errorf("unknown kind %q", k)
}

// resource converts a live resource of kind k in business.
func (w wireResource) resource(business string, k resource.Kind) (resource.Resource, error) {
	if w.ID == "" {
		return resource.Resource{}, fmt.Errorf("a %s without an id", k)
	}
	spec, err := w.spec(k)
	if err != nil {
		return resource.Resource{}, err
	}
	return resource.Resource{
		Business:  business,
		ID:        w.ID,
		Spec:      spec,
		Meta:      resource.Meta{Version: w.Version, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt, DeletedAt: w.DeletedAt},
		Unmanaged: w.unmanaged(k),
	}, nil
}

// version converts a version of a resource of kind k.
func (w wireVersion) version(k resource.Kind) (provider.Version, error) {
	spec, err := w.Snapshot.spec(k)
	if err != nil {
		return provider.Version{}, err
	}
	v := provider.Version{
		Number:     w.Version,
		ChangeType: provider.ChangeType(w.ChangeType),
		CreatedAt:  w.CreatedAt,
		Author:     provider.Author{Type: provider.AuthorType(w.Author.Type), Name: w.Author.Name},
		Snapshot:   spec,
		Unmanaged:  unmanagedOf(w.Snapshot.all, k),
	}
	if w.RestoredFrom != nil {
		v.RestoredFrom = *w.RestoredFrom
	}
	return v, nil
}
