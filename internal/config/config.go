package config

import "github.com/octosync/octosync/internal/resource"

// FileName is the configuration file's name at the repository root.
const FileName = "octosync.yaml"

// DefaultAPIURL is the Octocom REST API used when api.url is not set.
const DefaultAPIURL = "https://api.octocom.ai/rest/v1"

// Config is the content of octosync.yaml, defaults applied.
type Config struct {
	// Version is the file format's version; Parse accepts only 1.
	Version int
	// API.URL is the API base URL the repository expects; "" means no
	// expectation. It never decides where the key goes: see
	// ResolveAPITarget.
	API struct{ URL string }
	// Defaults.Language is the language of articles without one.
	Defaults struct{ Language string }
	// Prune lets apply delete live resources that have no file.
	Prune bool
	// MaxDeletes is the most deletes apply performs in one run.
	MaxDeletes int
	// Ignore lists live resources octosync never touches.
	Ignore []IgnoreRule
	// Limits are the server limits lint checks files against.
	Limits Limits
	// Environments are the organizations the repository is applied to,
	// sorted by name; none in a repository of one organization.
	Environments []Environment
	// Path is the file the configuration was read from, "" for defaults.
	Path string
}

// Default returns the configuration of a repository without octosync.yaml:
// version 1, language en, no pruning, at most 10 deletes, default limits.
func Default() *Config {
	c := &Config{Version: 1, Prune: false, MaxDeletes: 10, Limits: DefaultLimits()}
	c.Defaults.Language = "en"
	return c
}

// Ignored reports whether any ignore rule matches the resource.
func (c *Config) Ignored(kind resource.Kind, title string) bool {
	for _, r := range c.Ignore {
		if r.Match(kind, title) {
			return true
		}
	}
	return false
}
