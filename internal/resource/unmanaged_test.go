package resource

import (
	"encoding/json"
	"testing"
)

func TestUnmanagedEqualComparesJSONValues(t *testing.T) {
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	for _, c := range []struct {
		a, b Unmanaged
		want bool
	}{
		{nil, Unmanaged{}, true},
		{Unmanaged{"a": raw(`{"x":1,"y":[2]}`)}, Unmanaged{"a": raw(`{ "y": [2], "x": 1 }`)}, true},
		{Unmanaged{"a": raw(`1`)}, Unmanaged{"a": raw(`1.0`)}, false}, // numbers as written
		{Unmanaged{"a": raw(`"x"`)}, Unmanaged{"b": raw(`"x"`)}, false},
		{Unmanaged{"a": raw(`"x"`)}, nil, false},
		{Unmanaged{"a": raw(`not json`)}, Unmanaged{"a": raw(`not json`)}, true},
	} {
		if got := c.a.Equal(c.b); got != c.want {
			t.Errorf("%s Equal %s = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
