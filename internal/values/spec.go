package values

import (
	"strconv"

	"github.com/octosync/octosync/internal/resource"
)

// TextField is one text field of a resource that placeholders may stand
// in: its name as document.Pos knows it ("title", "content", "trigger",
// "instructions", "variants[1].instructions") and its text.
type TextField struct {
	Name string
	Text string
}

// Fields lists the text fields of s that hold placeholders: every title,
// an article's content, a workflow's trigger, instructions and variants'
// instructions, a bot rule's content. Languages, tags, action names,
// variant names and conditions, and condition-provider code are
// identifiers or code, never rendered.
func Fields(s resource.Spec) []TextField {
	var out []TextField
	mapText(s, func(name string, text *string) { out = append(out, TextField{Name: name, Text: *text}) })
	return out
}

// mapText calls f on each text field of a copy of s and returns the copy.
func mapText(s resource.Spec, f func(name string, text *string)) resource.Spec {
	switch v := s.(type) {
	case resource.Article:
		f("title", &v.Title)
		f("content", &v.Content)
		return v
	case resource.Workflow:
		f("title", &v.Title)
		f("trigger", &v.Trigger)
		f("instructions", &v.Instructions)
		v.Variants = append([]resource.Variant(nil), v.Variants...)
		for i := range v.Variants {
			f("variants["+strconv.Itoa(i)+"].instructions", &v.Variants[i].Instructions)
		}
		return v
	case resource.BotRule:
		f("title", &v.Title)
		f("content", &v.Content)
		return v
	}
	return s
}

// FieldError is a placeholder problem in one field of a resource.
type FieldError struct {
	Field string
	Err   error // a *SyntaxError or *MissingError
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// RenderSpec is s with every placeholder replaced by its value in vals.
// The first malformed or unknown placeholder is a *FieldError.
func RenderSpec(s resource.Spec, vals map[string]string) (resource.Spec, error) {
	var first error
	out := mapText(s, func(name string, text *string) {
		if first != nil {
			return
		}
		r, err := RenderText(*text, vals)
		if err != nil {
			first = &FieldError{Field: name, Err: err}
			return
		}
		*text = r
	})
	return out, first
}

// EscapeSpec is s with every text field escaped (see Escape): how a file
// writes live content that has no placeholders.
func EscapeSpec(s resource.Spec) resource.Spec {
	return mapText(s, func(_ string, text *string) { *text = Escape(*text) })
}

// FieldLost is a placeholder RestoreSpec could not keep, in one field.
type FieldLost struct {
	Field string
	Lost
}

// RestoreSpec is live's content written as a template in the terms of
// file, the spec a file holds (placeholders included): every text field of
// live is restored against the same field of file (see Template.Restore);
// other fields are live's. A field that the file lacks (a variant added in
// the dashboard) is escaped literal text. file must render with vals.
func RestoreSpec(file, live resource.Spec, vals map[string]string) (resource.Spec, []FieldLost, error) {
	templates := map[string]string{}
	for _, f := range Fields(file) {
		templates[f.Name] = f.Text
	}
	var lost []FieldLost
	var first error
	out := mapText(live, func(name string, text *string) {
		tmpl, ok := templates[name]
		if !ok || first != nil {
			*text = Escape(*text)
			return
		}
		t, errs := Parse(tmpl)
		if len(errs) > 0 {
			first = &FieldError{Field: name, Err: errs[0]}
			return
		}
		restored, l, err := t.Restore(vals, *text)
		if err != nil {
			first = &FieldError{Field: name, Err: err}
			return
		}
		*text = restored
		for _, x := range l {
			lost = append(lost, FieldLost{Field: name, Lost: x})
		}
	})
	return out, lost, first
}
