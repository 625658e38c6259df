package config

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/yamlnode"
	"github.com/octosync/octosync/schema"
)

// compiled is octosync.schema.json, compiled on first use.
var compiled = sync.OnceValues(func() (*yamlnode.Schema, error) {
	return yamlnode.Compile(schema.ConfigSchema, schema.JSONSchemas()[schema.ConfigSchema])
})

// Load reads dir/octosync.yaml. A missing file is not an error: the result
// is Default() (Path ""), so a bare folder can be validated. Other I/O
// errors are returned as errors; problems in the file are diagnostics, as
// from Parse.
func Load(dir string) (*Config, diag.List, error) {
	p := filepath.Join(dir, FileName)
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", p, err)
	}
	c, diags := Parse(FileName, data)
	return c, diags, nil
}

// Parse reads octosync.yaml content. path names the file in diagnostics
// (slash-separated, relative to the repository root) and becomes
// Config.Path. The result is never nil: values that are missing or invalid
// keep their defaults, and the diagnostics say what was wrong. When they
// hold errors, callers must not act on the configuration.
func Parse(path string, data []byte) (*Config, diag.List) {
	c := Default()
	c.Path = path
	var diags diag.List
	text, bad, ok := yamlnode.Text(data)
	if !ok {
		diags.Errorf(path, bad, "invalid UTF-8: save the file as UTF-8")
		return c, diags
	}
	root, dd := yamlnode.Decode(path, text)
	diags.Add(dd...)
	if root == nil {
		if !dd.HasErrors() {
			diags.Errorf(path, diag.Pos{}, "the file is empty: write at least `version: 1`")
		}
		return c, diags.Sort()
	}
	if root.Kind != yaml.MappingNode {
		diags.Errorf(path, yamlnode.Pos(root), "the file is not a mapping of keys: write at least `version: 1`, one key per line")
		return c, diags.Sort()
	}
	s, err := compiled()
	if err != nil {
		diags.Errorf(path, diag.Pos{}, "internal error: %v", err)
		return c, diags
	}
	v, dd := s.Validate(path, root)
	diags.Add(dd...)
	m, _ := v.(map[string]any)

	if n, ok := intValue(m["version"]); ok {
		c.Version = n
	}
	if u, ok := stringValue(root, []string{"api", "url"}); ok {
		c.API.URL = u
	}
	if l, ok := stringValue(root, []string{"defaults", "language"}); ok && l != "" {
		c.Defaults.Language = l
	}
	if b, ok := m["prune"].(bool); ok {
		c.Prune = b
	}
	if n, ok := intValue(m["maxDeletes"]); ok && n >= 0 {
		c.MaxDeletes = n
	}
	if limits, ok := m["limits"].(map[string]any); ok {
		for _, lk := range limitKeys {
			if n, ok := intValue(limits[lk.key]); ok && n >= 0 {
				*lk.field(&c.Limits) = n
			}
		}
	}
	if rules, ok := m["ignore"].([]any); ok {
		for i, r := range rules {
			rule, ok := r.(map[string]any)
			if !ok {
				continue
			}
			var ir IgnoreRule
			ir.Kind, _ = rule["kind"].(string)
			loc := []string{"ignore", strconv.Itoa(i), "title"}
			if t, ok := stringValue(root, loc); ok {
				ir.Title = t
				if !validPattern(t) {
					_, tn := yamlnode.Find(root, loc)
					diags.Errorf(path, yamlnode.Pos(tn), "`%s` is not a valid pattern: close every `[` with `]` and do not end it with a lone `\\`", yamlnode.FieldPath(loc))
				}
			}
			c.Ignore = append(c.Ignore, ir)
		}
	}
	parseEnvironments(c, path, root, &diags)
	return c, diags.Sort()
}

// stringValue reads a string at a pointer by its literal text (see
// yamlnode.Str), so `language: no` is "no".
func stringValue(root *yaml.Node, loc []string) (string, bool) {
	_, n := yamlnode.Find(root, loc)
	return yamlnode.Str(n)
}

// intValue accepts a JSON integer, or a float without fraction (`1.0`).
func intValue(v any) (int, bool) {
	switch n := v.(type) {
	case int64:
		if n >= math.MinInt32 && n <= math.MaxInt32 {
			return int(n), true
		}
	case float64:
		if n == math.Trunc(n) && n >= math.MinInt32 && n <= math.MaxInt32 {
			return int(n), true
		}
	}
	return 0, false
}
