package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// readOnlyFields are fields of a resource that the server owns. A request
// body that contains one is a 422: the client has confused a resource with
// its writable content, and that mistake should surface in its tests.
var readOnlyFields = []string{"id", "version", "createdAt", "updatedAt", "deletedAt"}

// DecodeContent turns a request body for a resource of kind k into its
// Content, applying the contract's defaults (enabled true, empty lists, null
// conditionProvider) and checking its limits.
//
// The error is an *APIError: 400 bad_request when body is not one JSON
// object, 422 validation_error listing every unknown or read-only field,
// wrong type and violated limit, each with its field path.
func DecodeContent(k Kind, body []byte) (Content, error) {
	c, apiErr := decodeContent(k, body, nil)
	if apiErr != nil {
		return nil, apiErr
	}
	return c, nil
}

func decodeContent(k Kind, body []byte, extras ExtraFields) (Content, *APIError) {
	obj, apiErr := parseObject(body)
	if apiErr != nil {
		return nil, apiErr
	}
	extra := extras[k]
	r := &fieldReader{extra: extra, variantExtra: extras[VariantKind]}
	var c Content
	switch k {
	case KindArticle:
		c = r.article(obj)
	case KindWorkflow:
		c = r.workflow(obj)
	default:
		c = r.botRule(obj)
	}
	r.readExtras(c, obj, extra)
	details := r.errs
	for _, fe := range c.validate() {
		if !r.isFailed(fe.Field) {
			details = append(details, fe)
		}
	}
	if len(details) > 0 {
		return nil, errValidation(details)
	}
	return c, nil
}

// parseObject parses body as exactly one JSON object.
func parseObject(body []byte) (map[string]any, *APIError) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errBadRequest("the request body is empty; send a JSON object")
		}
		return nil, errBadRequest("the request body is not valid JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errBadRequest("the request body holds more than one JSON value")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errBadRequest("the request body must be a JSON object")
	}
	return obj, nil
}

// fieldReader reads typed fields out of decoded JSON objects, collecting a
// FieldError for every unknown field and wrong type instead of stopping at
// the first.
type fieldReader struct {
	extra map[string]json.RawMessage // the kind's extra fields, allowed at the top level
	// variantExtra are the extra keys of a workflow variant.
	variantExtra map[string]json.RawMessage
	errs         []FieldError
	failedSet    map[string]bool
}

func (r *fieldReader) fail(field, msg string) {
	r.errs = append(r.errs, FieldError{Field: field, Message: msg})
	if r.failedSet == nil {
		r.failedSet = map[string]bool{}
	}
	r.failedSet[field] = true
}

// isFailed reports whether field, or a field it is part of, already has a
// decoding error, so validation does not report it twice.
func (r *fieldReader) isFailed(field string) bool {
	for f := field; f != ""; f = parentPath(f) {
		if r.failedSet[f] {
			return true
		}
	}
	return false
}

// parentPath strips the last element of a field path:
// "variants[2].name" → "variants[2]" → "variants" → "".
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// known checks that obj has no fields beyond allowed, reporting read-only
// and unknown fields in a stable (sorted) order.
func (r *fieldReader) known(obj map[string]any, prefix string, allowed ...string) {
	var extra []string
	for name := range obj {
		if _, isExtra := r.extra[name]; prefix == "" && isExtra {
			continue
		}
		if !slices.Contains(allowed, name) {
			extra = append(extra, name)
		}
	}
	slices.Sort(extra)
	for _, name := range extra {
		if prefix == "" && slices.Contains(readOnlyFields, name) {
			r.fail(name, "is read-only; send only the writable fields")
			continue
		}
		r.fail(join(prefix, name), "is not a known field")
	}
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func (r *fieldReader) str(obj map[string]any, prefix, name string) string {
	v, ok := obj[name]
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		r.fail(join(prefix, name), "must be a string")
	}
	return s
}

// nullableStr reads a field that is a string or null; absent means null.
func (r *fieldReader) nullableStr(obj map[string]any, name string) *string {
	v, ok := obj[name]
	if !ok || v == nil {
		return nil
	}
	s, ok := v.(string)
	if !ok {
		r.fail(name, "must be a string or null")
		return nil
	}
	return &s
}

// boolean reads a boolean field; absent means def.
func (r *fieldReader) boolean(obj map[string]any, name string, def bool) bool {
	v, ok := obj[name]
	if !ok {
		return def
	}
	b, ok := v.(bool)
	if !ok {
		r.fail(name, "must be true or false")
		return def
	}
	return b
}

// stringList reads a list of strings; absent means empty, never nil.
func (r *fieldReader) stringList(obj map[string]any, name string) []string {
	out := []string{}
	v, ok := obj[name]
	if !ok {
		return out
	}
	list, ok := v.([]any)
	if !ok {
		r.fail(name, "must be an array of strings")
		return out
	}
	for i, e := range list {
		s, ok := e.(string)
		if !ok {
			r.fail(index(name, i), "must be a string")
		}
		out = append(out, s) // keeps later indices aligned with the request
	}
	return out
}

func index(name string, i int) string {
	return name + "[" + strconv.Itoa(i) + "]"
}

func (r *fieldReader) article(obj map[string]any) *Article {
	r.known(obj, "", contentFields[KindArticle]...)
	return &Article{
		Title:    r.str(obj, "", "title"),
		Content:  r.str(obj, "", "content"),
		Language: r.str(obj, "", "language"),
		Tags:     r.stringList(obj, "tags"),
		Enabled:  r.boolean(obj, "enabled", true),
	}
}

func (r *fieldReader) botRule(obj map[string]any) *BotRule {
	r.known(obj, "", contentFields[KindBotRule]...)
	return &BotRule{
		Title:   r.str(obj, "", "title"),
		Content: r.str(obj, "", "content"),
		Enabled: r.boolean(obj, "enabled", true),
	}
}

func (r *fieldReader) workflow(obj map[string]any) *Workflow {
	r.known(obj, "", contentFields[KindWorkflow]...)
	w := &Workflow{
		Title:             r.str(obj, "", "title"),
		Trigger:           r.str(obj, "", "trigger"),
		Instructions:      r.str(obj, "", "instructions"),
		Actions:           r.stringList(obj, "actions"),
		ConditionProvider: r.nullableStr(obj, "conditionProvider"),
		Variants:          []Variant{},
		Enabled:           r.boolean(obj, "enabled", true),
	}
	v, ok := obj["variants"]
	if !ok {
		return w
	}
	list, ok := v.([]any)
	if !ok {
		r.fail("variants", "must be an array of objects")
		return w
	}
	for i, e := range list {
		p := index("variants", i)
		vo, ok := e.(map[string]any)
		if !ok {
			r.fail(p, "must be an object")
			w.Variants = append(w.Variants, Variant{}) // keeps later indices aligned
			continue
		}
		r.known(vo, p, append(slices.Clone(variantFields), slices.Collect(maps.Keys(r.variantExtra))...)...)
		w.Variants = append(w.Variants, Variant{
			Name:         r.str(vo, p, "name"),
			Condition:    r.str(vo, p, "condition"),
			Instructions: r.str(vo, p, "instructions"),
			Extra:        r.extraValues(vo, p, r.variantExtra),
		})
	}
	return w
}
