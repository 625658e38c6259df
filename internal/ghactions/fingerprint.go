package ghactions

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
)

// Fingerprint identifies what a plan would do: a SHA-256 over the API it
// targets, its environment (when it has one) and its structured changes
// (action, resource, file, content before and after, whether drifted or
// withheld), in plan order. It never hashes a rendering,
// so a change of wording or layout in octosync's output keeps it, while any
// change of what apply would send, or of the live content it would replace,
// changes it. Live version numbers are left out: a version that moved
// without a content change does not alter what a reviewer approved.
type Fingerprint struct {
	// Sum is "sha256:" and 64 hex digits over every change.
	Sum string
	// Changes digests each change, in plan order (see Unreviewed).
	Changes []ChangeDigest
}

// ChangeDigest is one change's identity and a digest of its content, so
// that two fingerprints can say which changes differ.
type ChangeDigest struct {
	// Label names the change for people: `update northwind/article/"Returns"`.
	Label string `json:"l"`
	// Digest is the first 12 hex digits of the change's own SHA-256.
	Digest string `json:"d"`
}

// fingerprintChange is the canonical form hashed for one change. Field
// order is fixed by the struct; specs are normalized first.
type fingerprintChange struct {
	// Environment keeps two environments' identical changes (a create in
	// each) apart; omitted without one, as before environments.
	Environment string        `json:"environment,omitempty"`
	Action      plan.Action   `json:"action"`
	Kind        resource.Kind `json:"kind"`
	Business    string        `json:"business"`
	ID          string        `json:"id"`
	Title       string        `json:"title"`
	Path        string        `json:"path"`
	Drift       bool          `json:"drift"`
	Withheld    bool          `json:"withheld"`
	Restore     int           `json:"restoreVersion"`
	Before      resource.Spec `json:"before"`
	After       resource.Spec `json:"after"`
}

// FingerprintOf computes p's fingerprint.
func FingerprintOf(p *plan.Plan) (Fingerprint, error) {
	total := sha256.New()
	// A plan reviewed against one organization authorizes nothing on
	// another.
	fmt.Fprintf(total, "target %q sandbox %v\n", p.Target, p.Sandbox)
	// Nor one reviewed for staging on production, though both may share
	// an API URL. Without an environment the bytes hashed are as before,
	// so fingerprints in existing comments still match.
	if p.Environment != "" {
		fmt.Fprintf(total, "environment %q\n", p.Environment)
	}
	fp := Fingerprint{Changes: make([]ChangeDigest, 0, len(p.Changes))}
	for i, c := range p.Changes {
		data, err := json.Marshal(fingerprintChange{
			Environment: p.Environment,
			Action:      c.Action, Kind: c.Key.Kind, Business: c.Key.Business, ID: c.Key.ID, Title: c.Key.Title,
			Path: c.Path, Drift: c.Drift != nil, Withheld: c.Withheld != "", Restore: c.RestoreVersion,
			Before: normalized(c.Before), After: normalized(c.After),
		})
		if err != nil {
			return Fingerprint{}, fmt.Errorf("plan fingerprint: change %d (%s): %w", i+1, c.Key, err)
		}
		// Length-prefixed, so no two change lists hash the same bytes.
		fmt.Fprintf(total, "%d:", len(data))
		total.Write(data)
		one := sha256.Sum256(data)
		fp.Changes = append(fp.Changes, ChangeDigest{Label: changeLabel(c), Digest: hex.EncodeToString(one[:6])})
	}
	fp.Sum = "sha256:" + hex.EncodeToString(total.Sum(nil))
	return fp, nil
}

func normalized(s resource.Spec) resource.Spec {
	if s == nil {
		return nil
	}
	return s.Normalize()
}

// changeLabel is `<action> <business>/<kind>/"<title>"`, plus " (drift)"
// or " (withheld)" when the change is not applied by default.
func changeLabel(c plan.Change) string {
	l := string(c.Action) + " " + c.Key.String()
	switch {
	case c.Withheld != "":
		l += " (withheld)"
	case c.Drift != nil:
		l += " (drift)"
	}
	return l
}

// Short is the first 12 hex digits of the fingerprint, for display.
func (f Fingerprint) Short() string {
	const prefix = len("sha256:")
	if len(f.Sum) < prefix+12 {
		return f.Sum
	}
	return f.Sum[prefix : prefix+12]
}
