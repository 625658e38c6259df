package sandbox

import (
	"encoding/json"
	"time"
)

// ChangeType says what kind of change produced a version.
type ChangeType string

// The change types of the API contract.
const (
	ChangeCreate  ChangeType = "create"
	ChangeUpdate  ChangeType = "update"
	ChangeDelete  ChangeType = "delete"
	ChangeRestore ChangeType = "restore"
)

// Author types: a write through an API key, or an edit in the dashboard.
const (
	AuthorAPIKey = "api_key"
	AuthorUser   = "user"
)

// Author is who made a change. For an API key, Name is the key's label,
// never the key itself.
type Author struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// Version is one entry of a resource's history, exactly as the API returns
// it. Every create, update, delete and restore appends one; Snapshot is the
// resource's writable content after the change (for a delete: the content
// at deletion), so the newest snapshot is always the current content.
type Version struct {
	Version      int             `json:"version"`
	ChangeType   ChangeType      `json:"changeType"`
	RestoredFrom *int            `json:"restoredFrom"` // set only for restore
	CreatedAt    time.Time       `json:"createdAt"`
	Author       Author          `json:"author"`
	Snapshot     json.RawMessage `json:"snapshot"`
}
