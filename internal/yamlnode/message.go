package yamlnode

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/internal/diag"
)

// translator turns JSON Schema validation errors into diagnostics that say
// what is wrong, where, and what to write instead. It reads the schema's own
// titles and examples, so a new property gets good messages by being
// described well in the schema.
type translator struct {
	schema *Schema
	path   string
	root   *yaml.Node
	// misspelled holds, per object location (joined with "/"), the
	// required keys that an unknown key there is a likely misspelling of:
	// "missing `title`" is not reported beside "unknown key `titel`: did
	// you mean `title`?", one mistake being one message.
	misspelled map[string]map[string]bool
}

// noteMisspellings fills t.misspelled from the errors' unknown keys.
func (t *translator) noteMisspellings(errs []*jsonschema.ValidationError) {
	t.misspelled = map[string]map[string]bool{}
	for _, e := range errs {
		k, ok := e.ErrorKind.(*kind.AdditionalProperties)
		if !ok {
			continue
		}
		allowed := propertyNames(t.schema.sub(e.SchemaURL))
		at := strings.Join(e.InstanceLocation, "/")
		for _, name := range k.Properties {
			if s, ok := Suggest(name, allowed); ok {
				if t.misspelled[at] == nil {
					t.misspelled[at] = map[string]bool{}
				}
				t.misspelled[at][s] = true
			}
		}
	}
}

var printer = message.NewPrinter(language.English)

func (t translator) translate(e *jsonschema.ValidationError) []diag.Diagnostic {
	loc := e.InstanceLocation
	key, val := Find(t.root, loc)
	sub := t.schema.sub(e.SchemaURL)
	pos := Pos(val)
	if key != nil {
		// A problem with a key's value is shown where the value is; an
		// empty value has the key's position.
		if val == nil || val.Line == 0 {
			pos = Pos(key)
		}
	}
	if pos.Line == 0 || len(loc) == 0 {
		pos = t.objectPos(loc, val)
	}
	if val != nil && val.Kind == yaml.AliasNode {
		return nil // ToJSON reported the alias; its value is unknown
	}
	subject := t.subject(loc)

	var out []diag.Diagnostic
	add := func(p diag.Pos, format string, args ...any) {
		out = append(out, diag.Errorf(t.path, p, format, args...))
	}
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		allowed := propertyNames(sub)
		for _, name := range k.Properties {
			kn, _ := Get(val, name)
			p := pos
			if kn != nil {
				p = Pos(kn)
			}
			if s, ok := Suggest(name, allowed); ok {
				add(p, "unknown key `%s`: did you mean `%s`?", name, s)
			} else {
				add(p, "unknown key `%s`: %s has only %s", name, article(noun(sub)), quoteList(allowed, "and"))
			}
		}
	case *kind.Required:
		where := ""
		if len(loc) > 0 {
			where = " in " + subject
		}
		for _, name := range k.Missing {
			if t.misspelled[strings.Join(loc, "/")][name] {
				continue // said by the unknown key's did-you-mean
			}
			prop := property(sub, name)
			add(t.objectPos(loc, val), "missing `%s`%s: every %s needs %s%s", name, where, noun(sub), article(strings.ToLower(title(prop, name))), like(name, prop))
		}
	case *kind.Type:
		if val != nil && val.Kind == yaml.ScalarNode && !IsNull(val) && slices.Contains(k.Want, "string") {
			// Read by its literal text: see the package comment.
			return nil
		}
		if k.Got == "null" && len(loc) > 0 && val != nil && val.Kind == yaml.ScalarNode {
			parent := t.schema.sub(parentURL(e.SchemaURL))
			name := loc[len(loc)-1]
			if !slices.Contains(stringList(parent["required"]), name) {
				return nil // an optional key set to null is not set
			}
			where := ""
			if len(loc) > 1 {
				where = " in " + t.subject(loc[:len(loc)-1])
			}
			add(Pos(key), "missing `%s`%s: it has no value; every %s needs %s%s", name, where, noun(parent), article(strings.ToLower(title(sub, name))), like(name, sub))
			return out
		}
		add(pos, "%s must be %s%s", subject, describe(sub), like(lastKey(loc), sub))
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprint(w)
		}
		msg := fmt.Sprintf("%s must be one of %s, not `%v`", subject, quoteList(want, "or"), k.Got)
		if s, ok := Suggest(fmt.Sprint(k.Got), want); ok {
			msg += fmt.Sprintf(": did you mean `%s`?", s)
		}
		add(pos, "%s", msg)
	case *kind.Const:
		add(pos, "unsupported %s `%v`: this octosync understands only `%s: %v`", subject, k.Got, lastKey(loc), k.Want)
	case *kind.MinLength:
		if k.Want == 1 {
			add(pos, "%s must not be empty%s", subject, like(lastKey(loc), sub))
		} else {
			add(pos, "%s must be at least %d characters long, not %d", subject, k.Want, k.Got)
		}
	case *kind.Minimum:
		add(pos, "%s must be at least %s, not %s", subject, k.Want.RatString(), k.Got.RatString())
	case *kind.MinProperties:
		add(pos, "%s must not be empty: set %s%s", subject, quoteList(propertyNames(sub), "or"), like(lastKey(loc), sub))
	case *kind.Pattern:
		add(pos, "%s must match the pattern `%s`%s", subject, k.Want, like(lastKey(loc), sub))
	case *kind.PropertyNames:
		// jsonschema v6 gives this error the validator's location slice,
		// which later validation overwrites: the mapping is found from the
		// error's schema location instead (propertyLocation).
		p, where := pos, subject
		if ploc, kn := propertyLocation(t.root, e.SchemaURL, k.Property); kn != nil {
			p, where = Pos(kn), t.subject(ploc)
		}
		// The error's schema is the propertyNames subschema.
		add(p, "`%s` is not a valid name in %s: it must match the pattern `%v`", k.Property, where, sub["pattern"])
	default:
		add(pos, "%s: %s", subject, e.ErrorKind.LocalizedString(printer))
	}
	return out
}

// objectPos is where a problem with a whole mapping is shown: the start of
// the file for the root (where a front matter or document begins), the
// mapping's first key otherwise.
func (t translator) objectPos(loc []string, val *yaml.Node) diag.Pos {
	if len(loc) == 0 || val == nil {
		return diag.Pos{Line: 1, Col: 1}
	}
	return Pos(val)
}

// subject names the field at loc in a message: "`variants[1].name`", or
// "the file" for the root.
func (t translator) subject(loc []string) string {
	if len(loc) == 0 {
		return "the file"
	}
	return "`" + FieldPath(loc) + "`"
}

// parentURL strips the last "/properties/<name>" (or "/items") from a
// schema location, giving the schema of the enclosing object.
func parentURL(u string) string {
	if i := strings.LastIndex(u, "/properties/"); i >= 0 {
		return u[:i]
	}
	return strings.TrimSuffix(u, "/items")
}

func lastKey(loc []string) string {
	if len(loc) == 0 {
		return ""
	}
	return loc[len(loc)-1]
}

func property(sub map[string]any, name string) map[string]any {
	props, _ := sub["properties"].(map[string]any)
	p, _ := props[name].(map[string]any)
	return p
}

// propertyNames lists a schema's properties, sorted.
func propertyNames(sub map[string]any) []string {
	props, _ := sub["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for n := range props {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func stringList(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func title(sub map[string]any, fallback string) string {
	if t, ok := sub["title"].(string); ok && t != "" {
		return t
	}
	return fallback
}

// noun is what a schema describes, for "every <noun> needs …": its title,
// lower-cased unless it is a file name.
func noun(sub map[string]any) string {
	t := title(sub, "mapping")
	if strings.Contains(t, ".") {
		return t
	}
	return strings.ToLower(t)
}

// article prefixes a noun phrase with "a" or "an"; plural and mass nouns
// ("instructions", "content", "code") go bare.
func article(phrase string) string {
	switch {
	case phrase == "" || strings.HasSuffix(phrase, "s") || phrase == "content" || phrase == "code":
		return phrase
	case strings.ContainsRune("aeiou", rune(phrase[0])):
		return "an " + phrase
	}
	return "a " + phrase
}

// describe says in words what type a schema wants: "a string", "true or
// false", "a list of strings", "a list of variants", "a mapping".
func describe(sub map[string]any) string {
	switch typ, _ := sub["type"].(string); typ {
	case "string":
		return "a string"
	case "boolean":
		return "true or false"
	case "integer":
		return "a whole number"
	case "number":
		return "a number"
	case "object":
		if names := propertyNames(sub); len(names) > 0 {
			return "a mapping with the keys " + quoteList(names, "or")
		}
		return "a mapping"
	case "array":
		items, _ := sub["items"].(map[string]any)
		switch it, _ := items["type"].(string); it {
		case "string":
			return "a list of strings"
		case "object":
			return "a list of " + strings.ToLower(title(items, "mapping")) + "s"
		}
		return "a list"
	}
	return "something else"
}

// like is ", like `key: <first example>`" from the schema's examples, or ""
// when it has none that fits on one line.
func like(key string, sub map[string]any) string {
	ex, ok := sub["examples"].([]any)
	if !ok || len(ex) == 0 {
		return ""
	}
	s, ok := flow(ex[0])
	if !ok {
		return ""
	}
	if key == "" || isIndex(key) {
		return ", like `" + s + "`"
	}
	return ", like `" + key + ": " + s + "`"
}

func isIndex(tok string) bool {
	for _, r := range tok {
		if r < '0' || r > '9' {
			return false
		}
	}
	return tok != ""
}

// flow renders a JSON value as one line of flow-style YAML.
func flow(v any) (string, bool) {
	n := &yaml.Node{}
	if err := n.Encode(plain(v)); err != nil {
		return "", false
	}
	setFlow(n)
	b, err := yaml.Marshal(n)
	if err != nil {
		return "", false
	}
	s := strings.TrimSuffix(string(b), "\n")
	if strings.Contains(s, "\n") {
		return "", false
	}
	return s, true
}

// plain replaces the json.Number values of a decoded schema by int64 or
// float64, which YAML writes unquoted.
func plain(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		if f, err := x.Float64(); err == nil {
			return f
		}
		return x.String()
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	}
	return v
}

func setFlow(n *yaml.Node) {
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		n.Style = yaml.FlowStyle
	}
	for _, c := range n.Content {
		setFlow(c)
	}
}

// quoteList renders names as "`a`, `b` and `c`" (conj "and" or "or").
func quoteList(names []string, conj string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "`" + n + "`"
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " " + conj + " " + q[len(q)-1]
}

// propertyLocation finds the key name that a propertyNames schema at
// schemaURL rejected: the schema pointer's properties/NAME steps name
// mapping keys, additionalProperties and items any key or element. It
// returns the path of the mapping holding the key, and the key's node; the
// first such key in document order wins.
func propertyLocation(root *yaml.Node, schemaURL, name string) ([]string, *yaml.Node) {
	_, frag, _ := strings.Cut(schemaURL, "#")
	var steps []string // a key, or "" for any
	parts := strings.Split(strings.Trim(frag, "/"), "/")
	for i := 0; i < len(parts); i++ {
		switch parts[i] {
		case "properties":
			if i+1 < len(parts) {
				steps = append(steps, parts[i+1])
				i++
			}
		case "additionalProperties", "items":
			steps = append(steps, "")
		case "propertyNames":
			return findKey(root, steps, nil, name)
		}
	}
	return nil, nil
}

// findKey walks n along steps and returns the first mapping reached that
// has the key name.
func findKey(n *yaml.Node, steps, at []string, name string) ([]string, *yaml.Node) {
	if n == nil {
		return nil, nil
	}
	if len(steps) == 0 {
		if k, _ := Get(n, name); k != nil {
			return at, k
		}
		return nil, nil
	}
	step := steps[0]
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if key := n.Content[i].Value; step == "" || key == step {
				if p, k := findKey(n.Content[i+1], steps[1:], append(slices.Clone(at), key), name); k != nil {
					return p, k
				}
			}
		}
	case yaml.SequenceNode:
		for i, e := range n.Content {
			if p, k := findKey(e, steps[1:], append(slices.Clone(at), strconv.Itoa(i)), name); k != nil {
				return p, k
			}
		}
	}
	return nil, nil
}
