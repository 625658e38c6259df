package schema

import (
	"embed"
	"io/fs"
)

// The JSON Schemas (draft 2020-12) of the repository's file formats: the
// front matter of an article, a workflow, a bot rule and octosync.yaml. They
// check structure only (types, required and unknown keys); the server's
// numeric limits are overridable in octosync.yaml and checked by lint.
//
//go:embed *.schema.json
var jsonSchemas embed.FS

// Names of the embedded JSON Schemas, as JSONSchemas keys them.
const (
	ArticleSchema  = "article.schema.json"
	WorkflowSchema = "workflow.schema.json"
	BotRuleSchema  = "bot-rule.schema.json"
	ConfigSchema   = "octosync.schema.json"
)

// JSONSchemas returns every embedded JSON Schema by file name
// ("article.schema.json" → content). The map and its slices are fresh
// copies: callers may keep or change them.
func JSONSchemas() map[string][]byte {
	out := map[string][]byte{}
	entries, err := fs.ReadDir(jsonSchemas, ".")
	if err != nil {
		// The embedded root always exists.
		return out
	}
	for _, e := range entries {
		data, err := jsonSchemas.ReadFile(e.Name())
		if err != nil {
			continue
		}
		out[e.Name()] = data
	}
	return out
}

// TestSchema is the JSON Schema of conversation test files
// (businesses/<slug>/tests/<name>.yaml).
const TestSchema = "test.schema.json"
