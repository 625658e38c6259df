package octocom

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// How the client reads a 2xx answer: once into its fields, checked against
// the contract (check.go), then each struct field decoded from its own
// value. A body is scanned as few times as possible, and the fields of a
// resource that octosync does not manage come with no second decoding.

// readObject returns the fields of an object answer, checked against
// cl.answer.
func (c *Client) readObject(cl call, body []byte) (map[string]json.RawMessage, error) {
	fields, ok := objectFields(body)
	if !ok && !json.Valid(body) {
		return nil, badAnswer(cl, errors.New("not valid JSON"))
	}
	if !ok {
		return nil, c.mismatchError(cl, []Mismatch{{Want: withArticle(TypeObject), Got: withArticle(jsonType(body)), Fatal: true}})
	}
	var ms []Mismatch
	if s, ok := Schemas[cl.answer]; ok {
		checkFields(&ms, nil, fields, s)
	}
	return fields, c.fatal(cl, ms)
}

// pagination is what a list page says about its list.
type pagination struct {
	Page int `json:"page"`
	envelope
}

// readList reads a list answer: its items' fields and its pagination, all
// checked against cl.answer (a list schema: data, then pagination). The
// body is decoded in one pass; only an answer that pass cannot read is
// walked again (CheckAnswer), to name the field that is wrong.
func (c *Client) readList(cl call, body []byte) ([]map[string]json.RawMessage, pagination, error) {
	var page struct {
		Data       []map[string]json.RawMessage `json:"data"`
		Pagination json.RawMessage              `json:"pagination"`
	}
	if err := json.Unmarshal(body, &page); err != nil || page.Data == nil || page.Pagination == nil {
		if !json.Valid(body) {
			return nil, pagination{}, badAnswer(cl, errors.New("not valid JSON"))
		}
		if err := c.fatal(cl, CheckAnswer(body, cl.answer)); err != nil {
			return nil, pagination{}, err
		}
		if err == nil {
			err = errors.New("no data or pagination")
		}
		return nil, pagination{}, badAnswer(cl, err)
	}
	list := Schemas[cl.answer]
	var ms []Mismatch
	for _, f := range list.Fields {
		switch f.Name {
		case "data":
			data := where{name: f.Name}
			for i, fields := range page.Data {
				checkFields(&ms, &where{parent: &data, index: i}, fields, Schemas[f.Schema])
			}
		case "pagination":
			checkValue(&ms, &where{name: f.Name}, page.Pagination, f)
		}
	}
	if err := c.fatal(cl, ms); err != nil {
		return nil, pagination{}, err
	}
	var p pagination
	_ = json.Unmarshal(page.Pagination, &p) // checked above
	return page.Data, p, nil
}

// decodeFields decodes fields into a T, a struct whose fields carry json
// tags (embedded structs are flattened, as encoding/json does). Each
// field is decoded from its own value (value.go, else json.Unmarshal);
// absent ones keep their zero value.
func decodeFields[T any](fields map[string]json.RawMessage) (T, error) {
	var v T
	rv := reflect.ValueOf(&v).Elem()
	for _, f := range fieldsOf(rv.Type()) {
		raw, ok := fields[f.name]
		if !ok {
			continue
		}
		dst := rv.FieldByIndex(f.index)
		done, err := false, error(nil)
		if f.direct {
			done, err = decodeValue(raw, dst)
		}
		if !done {
			err = json.Unmarshal(raw, dst.Addr().Interface())
		}
		if err != nil {
			return v, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	return v, nil
}

type taggedField struct {
	name  string
	index []int
	// direct: decodeValue may read the field's values (direct).
	direct bool
}

var fieldCache sync.Map // reflect.Type → []taggedField

// fieldsOf lists the json-tagged fields of struct type t, embedded
// structs flattened.
func fieldsOf(t reflect.Type) []taggedField {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]taggedField)
	}
	var out []taggedField
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			for _, sub := range fieldsOf(f.Type) {
				out = append(out, taggedField{name: sub.name, index: append([]int{i}, sub.index...), direct: sub.direct})
			}
			continue
		}
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name != "" && name != "-" && f.IsExported() {
			out = append(out, taggedField{name: name, index: []int{i}, direct: direct(f.Type, tag)})
		}
	}
	fieldCache.Store(t, out)
	return out
}

// decodeResource decodes a resource and keeps all its fields as sent.
func decodeResource(fields map[string]json.RawMessage) (wireResource, error) {
	w, err := decodeFields[wireResource](fields)
	w.all = fields
	return w, err
}
