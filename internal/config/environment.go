package config

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/yamlnode"
)

// EnvVar is the environment variable that names the environment when
// --env does not.
const EnvVar = "OCTOSYNC_ENV"

// APIKeyEnv is the variable that holds the API key of a repository
// without environments, and of an environment that names no apiKeyEnv.
const APIKeyEnv = "OCTOCOM_API_KEY"

// Environment is one Octocom organization a repository is applied to,
// declared under `environments:` in octosync.yaml (docs/environments.md).
type Environment struct {
	// Name is the key under environments.
	Name string
	// Default marks the environment used without --env.
	Default bool
	// IDs marks the environment whose ids the files' id: keys hold: the
	// one declared with `ids: true`, else the default one.
	IDs bool
	// APIURL is the API base URL this environment expects (a check, like
	// Config.API.URL, which it overrides); "" means no expectation.
	APIURL string
	// APIKeyEnv is the variable holding this environment's key.
	APIKeyEnv string
	// Businesses maps business folders to live slugs where they differ.
	Businesses map[string]string
	// Values are the texts of the ${{ values.NAME }} placeholders.
	Values map[string]string
	// Pos is where octosync.yaml declares the environment.
	Pos diag.Pos
}

// NameOf is e's name, "" without environments (nil): what plans, saved
// plans and the Action record as their environment.
func (e *Environment) NameOf() string {
	if e == nil {
		return ""
	}
	return e.Name
}

// KeyVariable is the environment variable that holds e's API key.
func (e *Environment) KeyVariable() string {
	if e == nil || e.APIKeyEnv == "" {
		return APIKeyEnv
	}
	return e.APIKeyEnv
}

// AsWritten reports whether e sees the files as they are written: no
// environments at all (nil), or the id environment with every business
// folder its own live slug. What writes by the files' own folders (macro
// files) works only there.
func (e *Environment) AsWritten() bool {
	return e == nil || (e.IDs && len(e.Businesses) == 0)
}

// Slug is the live slug of the business kept in folder.
func (e *Environment) Slug(folder string) string {
	if e != nil {
		if s, ok := e.Businesses[folder]; ok {
			return s
		}
	}
	return folder
}

// Folder is the business folder of the live slug: Slug's inverse.
func (e *Environment) Folder(slug string) string {
	if e != nil {
		for f, s := range e.Businesses {
			if s == slug {
				return f
			}
		}
	}
	return slug
}

// parseEnvironments reads environments: (already checked against the
// schema) into c and adds the rules a schema cannot state: at most one
// default and one ids environment, the files' ids belonging to some
// environment, and no two folders mapped to one slug.
func parseEnvironments(c *Config, path string, root *yaml.Node, diags *diag.List) {
	_, envs := yamlnode.Get(root, "environments")
	if envs == nil || envs.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(envs.Content); i += 2 {
		k, v := envs.Content[i], envs.Content[i+1]
		e := Environment{Name: k.Value, Pos: yamlnode.Pos(k)}
		e.Default, _ = yamlnode.Bool(get(v, "default"))
		e.IDs, _ = yamlnode.Bool(get(v, "ids"))
		e.APIURL, _ = yamlnode.Str(get(get(v, "api"), "url"))
		e.APIKeyEnv, _ = yamlnode.Str(get(v, "apiKeyEnv"))
		e.Values = stringMap(get(v, "values"))
		e.Businesses = stringMap(get(v, "businesses"))
		checkSlugs(path, e.Name, get(v, "businesses"), diags)
		c.Environments = append(c.Environments, e)
	}
	checkRoles(c, path, diags)
	slices.SortFunc(c.Environments, func(a, b Environment) int { return strings.Compare(a.Name, b.Name) })
}

func get(n *yaml.Node, key string) *yaml.Node {
	_, v := yamlnode.Get(n, key)
	return v
}

// stringMap reads a mapping of scalars by their literal text (`port: 8080`
// is "8080", as everywhere in octosync.yaml); lists and mappings were
// reported by the schema and are left out.
func stringMap(n *yaml.Node) map[string]string {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	m := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if s, ok := yamlnode.Str(n.Content[i+1]); ok {
			m[n.Content[i].Value] = s
		}
	}
	return m
}

// checkSlugs reports two folders mapped to one live slug, and a folder
// mapped to the slug of another folder that keeps its own name.
func checkSlugs(path, env string, n *yaml.Node, diags *diag.List) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	seen := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		folder, slug := n.Content[i].Value, n.Content[i+1].Value
		if other, dup := seen[slug]; dup {
			diags.Errorf(path, yamlnode.Pos(n.Content[i+1]), "environments.%s.businesses maps both %s and %s to the live business %s: each folder needs a business of its own", env, other, folder, slug)
			continue
		}
		seen[slug] = folder
	}
}

// checkRoles settles which environment is the default and which holds the
// files' ids, reporting what is declared twice or not at all.
func checkRoles(c *Config, path string, diags *diag.List) {
	var def, ids *Environment
	for i := range c.Environments {
		e := &c.Environments[i]
		if e.Default {
			if def != nil {
				diags.Errorf(path, e.Pos, "environments %s and %s are both `default: true`: only one environment can be used without --env", def.Name, e.Name)
			} else {
				def = e
			}
		}
		if e.IDs {
			if ids != nil {
				diags.Errorf(path, e.Pos, "environments %s and %s both say `ids: true`: the files' id keys belong to one environment", ids.Name, e.Name)
			} else {
				ids = e
			}
		}
	}
	switch {
	case ids != nil || len(c.Environments) == 0:
	case def != nil:
		def.IDs = true
	case len(c.Environments) == 1:
		c.Environments[0].IDs = true
	default:
		diags.Errorf(path, c.Environments[0].Pos, "say whose ids the files' id keys are: mark one environment `default: true` (used without --env) or `ids: true`")
	}
}

// IDEnvironment is the environment whose ids the files hold, nil in a
// repository without environments.
func (c *Config) IDEnvironment() *Environment {
	for i := range c.Environments {
		if c.Environments[i].IDs {
			return &c.Environments[i]
		}
	}
	return nil
}

// EnvironmentError is Select's refusal: an unknown name, or no name where
// the repository declares no default.
type EnvironmentError struct {
	Name  string // the name asked for, "" when none was
	Known []string
	Hint  string // a did-you-mean, "" when nothing is close
}

func (e *EnvironmentError) Error() string {
	list := strings.Join(e.Known, ", ")
	switch {
	case e.Name == "" && len(e.Known) == 0:
		return "no environment"
	case e.Name == "":
		return fmt.Sprintf("%s declares the environments %s and none is `default: true`: pass --env NAME (or set %s) to say which organization this command is for", FileName, list, EnvVar)
	case len(e.Known) == 0:
		return fmt.Sprintf("--env %s: %s declares no environments; drop --env (and %s), or declare them (docs/environments.md)", e.Name, FileName, EnvVar)
	case e.Hint != "":
		return fmt.Sprintf("--env %s: no such environment in %s: did you mean %s? (declared: %s)", e.Name, FileName, e.Hint, list)
	}
	return fmt.Sprintf("--env %s: no such environment in %s (declared: %s)", e.Name, FileName, list)
}

// Select is the environment a command runs against: the one named (by
// --env, else OCTOSYNC_ENV), else the default, else the only one. It is
// nil, with no error, in a repository that declares none and when no name
// is given. With two or more environments and no default it refuses to
// guess.
func (c *Config) Select(name string) (*Environment, error) {
	name = strings.TrimSpace(name)
	var known []string
	for _, e := range c.Environments {
		known = append(known, e.Name)
	}
	if name == "" {
		for i := range c.Environments {
			if c.Environments[i].Default {
				return &c.Environments[i], nil
			}
		}
		switch len(c.Environments) {
		case 0:
			return nil, nil
		case 1:
			return &c.Environments[0], nil
		}
		return nil, &EnvironmentError{Known: known}
	}
	for i := range c.Environments {
		if c.Environments[i].Name == name {
			return &c.Environments[i], nil
		}
	}
	hint, _ := yamlnode.Suggest(name, known)
	return nil, &EnvironmentError{Name: name, Known: known, Hint: hint}
}

// ExpectedAPIURL is the API URL expected for e: its own api.url, else the
// repository's.
func (c *Config) ExpectedAPIURL(e *Environment) string {
	if e != nil && e.APIURL != "" {
		return e.APIURL
	}
	return c.API.URL
}

// ValueNames lists every value name any environment declares, sorted.
func (c *Config) ValueNames() []string {
	var names []string
	for _, e := range c.Environments {
		for n := range e.Values {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	slices.Sort(names)
	return names
}
