package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// The saved-plan format, version 1. Keys appear in the order of these
// structs. "fields" and "summary" are derived (from before/after and the
// changes) and ignored by Unmarshal, except summary.unchanged.
type (
	jsonPlan struct {
		FormatVersion int             `json:"formatVersion"`
		Target        string          `json:"target,omitempty"`
		Environment   string          `json:"environment,omitempty"`
		Sandbox       bool            `json:"sandbox"`
		History       HistoryStatus   `json:"history,omitempty"`
		ForceDrift    bool            `json:"forceDrift,omitempty"`
		Summary       Summary         `json:"summary"`
		Changes       []jsonChange    `json:"changes"`
		Warnings      []string        `json:"warnings"`
		Unmanaged     []UnmanagedKind `json:"unmanaged,omitempty"`
		Bindings      []jsonBinding   `json:"bindings,omitempty"`
	}
	jsonBinding struct {
		Path     string        `json:"path"`
		Kind     resource.Kind `json:"kind"`
		Business string        `json:"business"`
		Title    string        `json:"title"`
		ID       string        `json:"id"`
		By       How           `json:"by"`
	}
	jsonChange struct {
		Action         Action          `json:"action"`
		Kind           resource.Kind   `json:"kind"`
		Business       string          `json:"business"`
		Title          string          `json:"title"`
		Path           string          `json:"path"`
		ID             string          `json:"id"`
		LiveVersion    int             `json:"liveVersion"`
		RestoreVersion int             `json:"restoreVersion"`
		Deleted        bool            `json:"deleted,omitempty"`
		Drift          *jsonDrift      `json:"drift"`
		Withheld       Hold            `json:"withheld"`
		MassDelete     string          `json:"massDeleteDetail,omitempty"`
		Fields         []jsonField     `json:"fields"`
		After          json.RawMessage `json:"after"`
		Before         json.RawMessage `json:"before"`
		// Unmanaged are the live resource's unmanaged fields as the server
		// sent them: apply sends them back with "after".
		Unmanaged map[string]json.RawMessage `json:"unmanaged,omitempty"`
	}
	jsonField struct {
		Name   string `json:"name"`
		Before any    `json:"before"`
		After  any    `json:"after"`
	}
	jsonDrift struct {
		Author  provider.Author `json:"author"`
		At      *time.Time      `json:"at"` // null when unknown
		Version int             `json:"version"`
	}
)

// Marshal encodes p as a version-1 JSON plan: stable key order, two-space
// indent, a trailing newline. Specs are written with the API's writable
// field names, so "after" is exactly what apply sends.
func Marshal(p *Plan) ([]byte, error) {
	jp := jsonPlan{
		FormatVersion: FormatVersion,
		Target:        p.Target,
		Environment:   p.Environment,
		Sandbox:       p.Sandbox,
		History:       p.History,
		ForceDrift:    p.ForceDrift,
		Summary:       p.Summary(),
		Changes:       make([]jsonChange, 0, len(p.Changes)),
		Warnings:      p.Warnings,
		Unmanaged:     p.Unmanaged,
	}
	if jp.Warnings == nil {
		jp.Warnings = []string{}
	}
	for _, b := range p.Bindings {
		jp.Bindings = append(jp.Bindings, jsonBinding{Path: b.Path, Kind: b.Live.Kind, Business: b.Live.Business, Title: b.Live.Title, ID: b.Live.ID, By: b.By})
	}
	for i, c := range p.Changes {
		jc := jsonChange{
			Action:         c.Action,
			Kind:           c.Key.Kind,
			Business:       c.Key.Business,
			Title:          c.Key.Title,
			Path:           c.Path,
			ID:             c.Key.ID,
			LiveVersion:    c.LiveVersion,
			RestoreVersion: c.RestoreVersion,
			Deleted:        c.Deleted,
			Withheld:       c.Withheld,
			MassDelete:     c.MassDeleteDetail,
			Fields:         make([]jsonField, len(c.Fields)),
			Unmanaged:      c.Unmanaged,
		}
		for k, f := range c.Fields {
			jc.Fields[k] = jsonField{Name: f.Name, Before: f.Before, After: f.After}
		}
		if c.Drift != nil {
			jd := &jsonDrift{Author: c.Drift.Author, Version: c.Drift.Version}
			if !c.Drift.At.IsZero() {
				at := c.Drift.At.UTC()
				jd.At = &at
			}
			jc.Drift = jd
		}
		var err error
		if jc.After, err = encodeSpec(c.After); err != nil {
			return nil, fmt.Errorf("change %d (%s): %w", i+1, c.Key, err)
		}
		if jc.Before, err = encodeSpec(c.Before); err != nil {
			return nil, fmt.Errorf("change %d (%s): %w", i+1, c.Key, err)
		}
		jp.Changes = append(jp.Changes, jc)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(jp); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func encodeSpec(s resource.Spec) (json.RawMessage, error) {
	if s == nil {
		return json.RawMessage("null"), nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// ErrNotPlan is returned (wrapped) by Unmarshal for input that is not an
// octosync plan at all.
var ErrNotPlan = errors.New("not an octosync plan")

// Unmarshal decodes a JSON plan written by Marshal. It refuses any format
// version other than FormatVersion and any change apply could not execute
// (unknown action or kind, missing or mismatched content), naming the
// change. Fields are recomputed from before and after, so
// Unmarshal(Marshal(p)) equals p for every plan Compute builds.
func Unmarshal(data []byte) (*Plan, error) {
	var probe struct {
		FormatVersion *int `json:"formatVersion"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotPlan, err)
	}
	if probe.FormatVersion == nil {
		return nil, fmt.Errorf("%w: formatVersion is missing; write plans with octosync plan --out", ErrNotPlan)
	}
	if v := *probe.FormatVersion; v != FormatVersion {
		return nil, fmt.Errorf("plan format version %d is not supported: this octosync reads version %d; run octosync plan --out again with this version", v, FormatVersion)
	}
	var jp jsonPlan
	if err := json.Unmarshal(data, &jp); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotPlan, err)
	}
	p := &Plan{FormatVersion: jp.FormatVersion, Target: jp.Target, Environment: jp.Environment, Sandbox: jp.Sandbox, History: jp.History, ForceDrift: jp.ForceDrift, Unchanged: jp.Summary.Unchanged, Unmanaged: jp.Unmanaged}
	if len(jp.Warnings) > 0 {
		p.Warnings = jp.Warnings
	}
	for _, b := range jp.Bindings {
		p.Bindings = append(p.Bindings, Binding{Path: b.Path, Live: resource.Key{Business: b.Business, Kind: b.Kind, Title: b.Title, ID: b.ID}, By: b.By})
	}
	var errs []error
	for i, jc := range jp.Changes {
		c, err := decodeChange(jc)
		if err != nil {
			errs = append(errs, fmt.Errorf("change %d (%s %s/%s %q): %w", i+1, jc.Action, jc.Business, jc.Kind, jc.Title, err))
			continue
		}
		p.Changes = append(p.Changes, c)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return p, nil
}

func decodeChange(jc jsonChange) (Change, error) {
	if !jc.Action.Valid() {
		return Change{}, fmt.Errorf("unknown action %q: expected create, update, delete or restore", jc.Action)
	}
	if !jc.Kind.Valid() {
		return Change{}, fmt.Errorf("unknown kind %q: expected article, workflow or bot-rule", jc.Kind)
	}
	c := Change{
		Action:         jc.Action,
		Key:            resource.Key{Business: jc.Business, Kind: jc.Kind, Title: jc.Title, ID: jc.ID},
		Path:           jc.Path,
		LiveVersion:    jc.LiveVersion,
		RestoreVersion: jc.RestoreVersion,
		Deleted:        jc.Deleted,
		Withheld:       jc.Withheld,
		Unmanaged:      compactUnmanaged(jc.Unmanaged),
	}
	if jc.Withheld == HoldMassDelete {
		c.MassDeleteDetail = jc.MassDelete
	}
	if jc.Drift != nil {
		c.Drift = &Drift{Author: jc.Drift.Author, Version: jc.Drift.Version}
		if jc.Drift.At != nil {
			c.Drift.At = jc.Drift.At.UTC()
		}
	}
	var err error
	if c.Before, err = decodeSpec(jc.Kind, jc.Before); err != nil {
		return Change{}, fmt.Errorf("before: %w", err)
	}
	if c.After, err = decodeSpec(jc.Kind, jc.After); err != nil {
		return Change{}, fmt.Errorf("after: %w", err)
	}
	needBefore, needAfter := jc.Action != Create, jc.Action != Delete
	switch {
	case needBefore != (c.Before != nil):
		return Change{}, fmt.Errorf("before must be %s for a %s", presence(needBefore), jc.Action)
	case needAfter != (c.After != nil):
		return Change{}, fmt.Errorf("after must be %s for a %s", presence(needAfter), jc.Action)
	case jc.Action != Create && jc.ID == "":
		return Change{}, fmt.Errorf("id is missing: a %s needs the live resource's id", jc.Action)
	case jc.Withheld != "" && jc.Withheld != HoldPrune && jc.Withheld != HoldMassDelete:
		return Change{}, fmt.Errorf("unknown withheld reason %q: expected %q or %q; run octosync plan --out again with this version", jc.Withheld, HoldPrune, HoldMassDelete)
	case jc.Withheld != "" && jc.Action != Delete:
		return Change{}, fmt.Errorf("withheld %q on a %s: only deletes are withheld", jc.Withheld, jc.Action)
	case jc.Action == Restore && jc.RestoreVersion < 1:
		return Change{}, fmt.Errorf("restoreVersion is missing: a restore needs the version to bring back")
	case jc.Action != Restore && (jc.RestoreVersion != 0 || jc.Deleted):
		return Change{}, fmt.Errorf("restoreVersion and deleted belong to a restore, not a %s: run octosync plan --out again with this version", jc.Action)
	}
	c.Fields = resource.Diff(c.Before, c.After)
	return c, nil
}

// compactUnmanaged undoes the plan file's indentation of unmanaged values,
// so that apply sends them as compact as the server sent them.
func compactUnmanaged(in map[string]json.RawMessage) resource.Unmanaged {
	if len(in) == 0 {
		return nil
	}
	out := resource.Unmanaged{}
	for name, v := range in {
		var buf bytes.Buffer
		if json.Compact(&buf, v) == nil {
			v = buf.Bytes()
		}
		out[name] = v
	}
	return out
}

func presence(needed bool) string {
	if needed {
		return "an object"
	}
	return "null"
}

// decodeSpec reads one spec of kind k; null is nil. Unknown fields are
// refused: apply sends exactly what is here.
func decodeSpec(k resource.Kind, raw json.RawMessage) (resource.Spec, error) {
	if len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var (
		s   resource.Spec
		err error
	)
	switch k {
	case resource.KindArticle:
		var a resource.Article
		err = dec.Decode(&a)
		s = a
	case resource.KindWorkflow:
		var w resource.Workflow
		err = dec.Decode(&w)
		s = w
	case resource.KindBotRule:
		var r resource.BotRule
		err = dec.Decode(&r)
		s = r
	}
	if err != nil {
		return nil, fmt.Errorf("%s content: %w", k, err)
	}
	return s, nil
}
