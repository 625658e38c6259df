package history

import (
	"encoding/json"
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// FormatVersion is the version of the JSON history format Marshal writes.
const FormatVersion = 1

type jsonHistories struct {
	FormatVersion int           `json:"formatVersion"`
	Resources     []jsonHistory `json:"resources"`
}

type jsonHistory struct {
	Business      string        `json:"business"`
	Kind          resource.Kind `json:"kind"`
	ID            string        `json:"id"`
	Title         string        `json:"title"`
	Path          string        `json:"path"` // "" when no file is bound
	Deleted       bool          `json:"deleted"`
	LiveVersion   int           `json:"liveVersion"`
	TotalVersions int           `json:"totalVersions"`
	Versions      []jsonEntry   `json:"versions"`
}

type jsonEntry struct {
	Version      int                 `json:"version"`
	ChangeType   provider.ChangeType `json:"changeType"`
	RestoredFrom *int                `json:"restoredFrom"`
	CreatedAt    time.Time           `json:"createdAt"`
	Author       provider.Author     `json:"author"`
	Source       Source              `json:"source"`
	Commit       *Commit             `json:"commit"`
	Live         bool                `json:"live"`
	WorkingTree  bool                `json:"workingTree"`
}

// MarshalJSON gives Commit its JSON field names.
func (c Commit) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Hash    string `json:"hash"`
		Short   string `json:"short"`
		Subject string `json:"subject"`
	}{c.Hash, c.Short, c.Subject})
}

// Marshal encodes histories as JSON format version 1: {"formatVersion": 1,
// "resources": [...]}, each resource with its versions newest first,
// indented, with a trailing newline.
func Marshal(hs []History) ([]byte, error) {
	out := jsonHistories{FormatVersion: FormatVersion, Resources: []jsonHistory{}}
	for _, h := range hs {
		l := h.Target.Live
		jh := jsonHistory{
			Business: l.Business, Kind: l.Kind(), ID: l.ID, Title: l.Title(), Path: h.Target.Path(),
			Deleted: l.Deleted(), LiveVersion: l.Meta.Version, TotalVersions: h.Total, Versions: []jsonEntry{},
		}
		for _, e := range h.Entries {
			je := jsonEntry{
				Version: e.Number, ChangeType: e.ChangeType, CreatedAt: e.CreatedAt.UTC(), Author: e.Author,
				Source: e.Source, Commit: e.Commit, Live: e.Live, WorkingTree: e.WorkingTree,
			}
			if e.ChangeType == provider.ChangeRestore {
				from := e.RestoredFrom
				je.RestoredFrom = &from
			}
			jh.Versions = append(jh.Versions, je)
		}
		out.Resources = append(out.Resources, jh)
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}
