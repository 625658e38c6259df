package document

import (
	"sync"

	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/yamlnode"
	"github.com/octosync/octosync/schema"
)

// schemaNames maps each kind to the JSON Schema of its YAML (an article's
// front matter).
var schemaNames = map[resource.Kind]string{
	resource.KindArticle:  schema.ArticleSchema,
	resource.KindWorkflow: schema.WorkflowSchema,
	resource.KindBotRule:  schema.BotRuleSchema,
}

// schemas compiles the embedded schemas once, on first use. An error means
// a broken build (the schemas are embedded and tested), reported by Parse as
// a diagnostic rather than a panic.
var schemas = sync.OnceValues(func() (map[resource.Kind]*yamlnode.Schema, error) {
	all := schema.JSONSchemas()
	out := make(map[resource.Kind]*yamlnode.Schema, len(schemaNames))
	for kind, name := range schemaNames {
		s, err := yamlnode.Compile(name, all[name])
		if err != nil {
			return nil, err
		}
		out[kind] = s
	}
	return out, nil
})
