package config

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/internal/yamlnode"
)

// Render returns the canonical octosync.yaml for c: keys in a fixed order,
// each with a comment saying what it does; api.url and the limits that equal
// their defaults are written as comments, ready to uncomment. Parse(Render(c))
// yields c again (but Path); a zero Version or empty language is written as
// its default.
func (c *Config) Render() []byte {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	set := func(key string, v *yaml.Node, comment string) {
		yamlnode.Set(m, key, v)
		m.Content[len(m.Content)-2].HeadComment = comment
	}

	version := c.Version
	if version == 0 {
		version = 1 // a zero Config means the current format
	}
	set("version", intNode(version),
		"octosync configuration. Reference: docs/files.md in the octosync repository;\n"+
			"schema for editors: .octosync/schema/octosync.schema.json.\n\n"+
			"The format's version: always 1.")

	apiComment := "The Octocom REST API this repository is meant for: a check, not a destination.\n" +
		"The key goes only to OCTOCOM_API_URL or --api-url (default below); octosync\n" +
		"refuses to run when they name another API."
	if c.API.URL != "" {
		api := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		yamlnode.Set(api, "url", yamlnode.String(c.API.URL))
		set("api", api, apiComment)
	}

	defaults := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	lang := c.Defaults.Language
	if lang == "" {
		lang = Default().Defaults.Language
	}
	yamlnode.Set(defaults, "language", yamlnode.String(lang))
	defaultsComment := "Values for files that leave them out: the language of articles without `language:`."
	if c.API.URL == "" {
		defaultsComment = apiComment + "\n#api:\n#  url: " + DefaultAPIURL + "\n\n" + defaultsComment
	}
	set("defaults", defaults, defaultsComment)

	set("prune", yamlnode.BoolNode(c.Prune),
		"Delete live resources that have no file. When false, plan lists them and apply leaves them.")
	set("maxDeletes", intNode(c.MaxDeletes),
		"Apply refuses a plan that deletes more resources than this.")

	ignore := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, r := range c.Ignore {
		rule := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
		if r.Kind != "" {
			yamlnode.Set(rule, "kind", yamlnode.String(r.Kind))
		}
		if r.Title != "" {
			yamlnode.Set(rule, "title", yamlnode.String(r.Title))
		}
		if len(rule.Content) == 0 {
			yamlnode.Set(rule, "kind", yamlnode.String("*"))
		}
		ignore.Content = append(ignore.Content, rule)
	}
	if len(ignore.Content) == 0 {
		ignore.Style = yaml.FlowStyle
	}
	set("ignore", ignore,
		"Live resources octosync never creates, changes, deletes or pulls. kind is article,\n"+
			"workflow, bot-rule or * (all); title is a case-sensitive glob (* and ? match any\n"+
			"characters), like:  - {kind: article, title: \"Black Friday *\"}")

	limits := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	def := DefaultLimits()
	var defaultLimits []string
	for _, lk := range limitKeys {
		v, d := *lk.field(&c.Limits), *lk.field(&def)
		if v != d {
			yamlnode.Set(limits, lk.key, intNode(v))
		}
		defaultLimits = append(defaultLimits, fmt.Sprintf("%s %d", lk.key, d))
	}
	limitsComment := "The server's limits validate checks files against; override one only if your\n" +
		"Octocom plan differs. Defaults: " + strings.Join(defaultLimits[:2], ", ") + ",\n" +
		strings.Join(defaultLimits[2:], ", ") + "."
	if len(limits.Content) > 0 {
		set("limits", limits, limitsComment)
	} else {
		m.FootComment = limitsComment + "\n#limits:\n#  titleMax: 200"
	}

	data, err := yamlnode.Encode(m)
	if err != nil {
		// Every value here is a valid UTF-8 string, bool or int: the
		// encoder cannot fail on it.
		return []byte(fmt.Sprintf("# octosync: %v\nversion: 1\n", err))
	}
	return data
}

func intNode(n int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(n)}
}
