package doctor

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/internal/octocom"
)

// MaxSpecBytes bounds the document CheckSpec reads: published OpenAPI
// documents are far smaller.
const MaxSpecBytes = 64 << 20

// CheckSpec compares the OpenAPI 3.0 or 3.1 document at path (JSON or
// YAML) with the client's contract, offline. A document that cannot be
// read (not OpenAPI, over MaxSpecBytes, a broken reference) is an error of
// one line; otherwise every difference is a failed check of the report.
func CheckSpec(path string) (*Report, error) {
	doc, err := loadSpec(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, oneLine(err.Error()))
	}
	sc := &specCheck{doc: doc, found: map[string][]string{}}
	for _, op := range octocom.Operations {
		sc.operation(op)
	}
	r := &Report{Target: "the OpenAPI document " + path + " (" + doc.OpenAPI + ")", Spec: true}
	s := r.section("What octosync uses")
	if len(sc.order) == 0 {
		s.pass("all %d operations octosync sends are in the document, with every parameter, header and field it sends or reads, typed as it expects", len(octocom.Operations))
	}
	for _, msg := range sc.order {
		ops := sc.found[msg]
		where := ops[0]
		if len(ops) > 1 {
			where = fmt.Sprintf("%s and %d more", ops[0], len(ops)-1)
		}
		s.fail(sc.breaks[msg], nil, "%s (%s)", msg, where)
	}
	r.finish()
	return r, nil
}

// loadSpec reads and parses the document, bounded and offline.
func loadSpec(path string) (*openapi3.T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errors.Unwrap(err)
	}
	defer f.Close()
	tooLarge := fmt.Errorf("larger than %d MiB, so not an API description octosync reads", MaxSpecBytes>>20)
	if fi, err := f.Stat(); err == nil && fi.Size() > MaxSpecBytes {
		return nil, tooLarge // without reading it
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSpecBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSpecBytes {
		return nil, tooLarge
	}
	var probe struct {
		OpenAPI string `yaml:"openapi"`
		Swagger string `yaml:"swagger"`
	}
	if err := yaml.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("not an OpenAPI document: neither JSON nor YAML (%v)", err)
	}
	switch {
	case probe.Swagger != "":
		return nil, fmt.Errorf("a Swagger %s document: octosync reads OpenAPI 3.0 and 3.1; convert it first", probe.Swagger)
	case !strings.HasPrefix(probe.OpenAPI, "3."):
		return nil, errors.New("not an OpenAPI 3.0 or 3.1 document (no openapi: 3.x at the top)")
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false // offline, and no file outside the one named
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("cannot be read as OpenAPI %s: %v", probe.OpenAPI, err)
	}
	if doc.Paths == nil {
		return nil, errors.New("the document has no paths")
	}
	return doc, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// specCheck collects differences, each message once with the operations
// it concerns, in the order found.
type specCheck struct {
	doc    *openapi3.T
	found  map[string][]string
	breaks map[string]string
	order  []string
}

func (sc *specCheck) add(op octocom.Operation, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	name := op.Method + " " + op.Path
	if _, ok := sc.found[msg]; !ok {
		sc.order = append(sc.order, msg)
	}
	if sc.breaks == nil {
		sc.breaks = map[string]string{}
	}
	if !slices.Contains(sc.found[msg], name) {
		sc.found[msg] = append(sc.found[msg], name)
	}
	if sc.breaks[msg] == "" {
		sc.breaks[msg] = opBreaks(op)
	}
}

var pathParam = regexp.MustCompile(`\{[^}]*\}`)

// pathItem finds op's path in the document, whatever its parameters are
// named.
func (sc *specCheck) pathItem(template string) (string, *openapi3.PathItem) {
	want := pathParam.ReplaceAllString(template, "{}")
	for p, item := range sc.doc.Paths.Map() {
		if pathParam.ReplaceAllString(p, "{}") == want {
			return p, item
		}
	}
	return "", nil
}

func (sc *specCheck) operation(op octocom.Operation) {
	_, item := sc.pathItem(op.Path)
	if item == nil {
		sc.add(op, "no path %s in the document", op.Path)
		return
	}
	o := item.GetOperation(op.Method)
	if o == nil {
		sc.add(op, "path %s has no %s", op.Path, op.Method)
		return
	}
	params := append(slices.Clone(item.Parameters), o.Parameters...)
	for _, name := range op.Query {
		sc.parameter(op, params, "query", name)
	}
	for _, name := range op.Headers {
		sc.parameter(op, params, "header", name)
	}
	if op.Request != "" {
		sc.requestBody(op, o)
	}
	if op.Answer != "" {
		sc.answer(op, o)
	}
}

func (sc *specCheck) parameter(op octocom.Operation, params openapi3.Parameters, in, name string) {
	for _, ref := range params {
		p := ref.Value
		if p == nil || p.In != in || !strings.EqualFold(p.Name, name) {
			continue
		}
		if want := octocom.ParamTypes[name]; p.Schema != nil && p.Schema.Value != nil && !typeAllows(p.Schema.Value, want) {
			sc.add(op, "%s parameter %s is %s in the document, octosync sends %s", in, name, typesOf(p.Schema.Value), withArticle(want))
		}
		return
	}
	sc.add(op, "no %s parameter %s", in, name)
}

func (sc *specCheck) requestBody(op octocom.Operation, o *openapi3.Operation) {
	if o.RequestBody == nil || o.RequestBody.Value == nil {
		sc.add(op, "no request body (octosync sends %s)", op.Request)
		return
	}
	mt := o.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		sc.add(op, "no application/json request body")
		return
	}
	sc.schema(op, "request body", octocom.Schemas[op.Request], mt.Schema.Value, true)
}

func (sc *specCheck) answer(op octocom.Operation, o *openapi3.Operation) {
	if o.Responses == nil {
		sc.add(op, "no responses")
		return
	}
	for _, code := range []string{"200", "201", "2XX", "default"} {
		r := o.Responses.Value(code)
		if r == nil || r.Value == nil {
			continue
		}
		mt := r.Value.Content.Get("application/json")
		if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
			sc.add(op, "the %s answer has no application/json body", code)
			return
		}
		sc.schema(op, "answer", octocom.Schemas[op.Answer], mt.Schema.Value, false)
		return
	}
	sc.add(op, "no 2xx answer")
}
