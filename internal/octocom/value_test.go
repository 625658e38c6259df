package octocom

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// valueCases are JSON values of every shape a field may hold, valid for
// one type or another: decodeValue must read each as json.Unmarshal does,
// or leave it to json.Unmarshal.
var valueCases = []string{
	`"plain"`, `""`, `"a\nb\t\"c\"\\d\/e\bf\fg\rh"`, `"\u00e9\u65e5\ud83c\udf89"`, `"lone \ud83c here"`, `"\udf89\ud83c"`,
	`"\ud83c\u0041"`, `"été 日本 🎉"`, "\"bad \xff byte\"", "\"cut \xe6\x97 rune\"", `"\u0000"`, `"it\u2028s"`,
	`"2026-01-02T03:04:05Z"`, `"2026-01-02T03:04:05.123+02:00"`, `"2026-13-02T03:04:05Z"`, `"yesterday"`,
	`0`, `7`, `-3`, `123456789012345678`, `-123456789012345678`, `1234567890123456789`, `99999999999999999999`, `1.5`, `1e3`, `-0`, `-`,
	`true`, `false`, `null`, `[]`, `["a"]`, `{}`, `{"a":1}`,
}

// valueTargets are the field types decodeValue reads itself.
var valueTargets = []any{new(string), new(int), new(bool), new(*bool), new(time.Time)}

// TestDecodeValueIsUnmarshal decodes every case into every type both
// ways and compares value and error.
func TestDecodeValueIsUnmarshal(t *testing.T) {
	for _, target := range valueTargets {
		typ := reflect.TypeOf(target).Elem()
		if !direct(typ, "") {
			t.Fatalf("%v: not direct", typ)
		}
		read := 0
		for _, c := range valueCases {
			raw := json.RawMessage(c)
			want := reflect.New(typ)
			wantErr := json.Unmarshal(raw, want.Interface())
			got := reflect.New(typ)
			done, err := decodeValue(raw, got.Elem())
			if !done {
				if !got.Elem().IsZero() {
					t.Errorf("%v from %s: not read, yet set to %v", typ, c, got.Elem())
				}
				continue
			}
			read++
			if (err == nil) != (wantErr == nil) || !reflect.DeepEqual(got.Elem().Interface(), want.Elem().Interface()) {
				t.Errorf("%v from %s: %#v, %v; json.Unmarshal: %#v, %v", typ, c, got.Elem().Interface(), err, want.Elem().Interface(), wantErr)
			}
		}
		if read < 2 {
			t.Errorf("%v: decodeValue read %d cases: the comparison tests too little", typ, read)
		}
	}
}

// TestDirectRefusesTypesWithTheirOwnDecoding: a type that decodes itself,
// or a field tagged ",string", goes to json.Unmarshal.
func TestDirectRefusesTypesWithTheirOwnDecoding(t *testing.T) {
	tests := []struct {
		typ  reflect.Type
		tag  string
		want bool
	}{
		{reflect.TypeFor[string](), "title", true},
		{reflect.TypeFor[int](), "version,string", false},
		{reflect.TypeFor[selfDecoding](), "x", false},
		{reflect.TypeFor[textDecoding](), "x", false},
		{reflect.TypeFor[*int](), "x", false},
		{reflect.TypeFor[[]string](), "tags", false},
		{reflect.TypeFor[int32](), "x", false},
	}
	for _, tt := range tests {
		if got := direct(tt.typ, tt.tag); got != tt.want {
			t.Errorf("direct(%v, %q) = %v, want %v", tt.typ, tt.tag, got, tt.want)
		}
	}
}

type selfDecoding string

func (s *selfDecoding) UnmarshalJSON([]byte) error { *s = "mine"; return nil }

type textDecoding string

func (s *textDecoding) UnmarshalText([]byte) error { *s = "mine"; return nil }

// FuzzUnquote compares unquote with json.Unmarshal on any string literal
// JSON accepts (as a field's value holds it: without spaces around).
func FuzzUnquote(f *testing.F) {
	for _, c := range valueCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		raw = bytes.TrimSpace(raw)
		if !json.Valid(raw) || len(raw) == 0 || raw[0] != '"' {
			return
		}
		var want string
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatalf("json.Unmarshal(%q): %v", raw, err)
		}
		got, ok := unquote(raw)
		if !ok || got != want {
			t.Fatalf("unquote(%q) = %q, %v; json.Unmarshal: %q", raw, got, ok, want)
		}
	})
}
