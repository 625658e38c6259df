package sandbox_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

func jsonBody(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func variants(n int) []map[string]string {
	var out []map[string]string
	for i := range n {
		out = append(out, map[string]string{"name": fmt.Sprint("v", i), "instructions": "i"})
	}
	return out
}

// TestValidation lists the limits of the contract, each at and past its
// bound; fields is the details a 422 must name (nil: valid).
func TestValidation(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) }
	art := func(kv ...any) string {
		m := map[string]any{"title": "T", "language": "en"}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return jsonBody(m)
	}
	wf := func(kv ...any) string {
		m := map[string]any{"title": "T", "trigger": "t", "instructions": "i"}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return jsonBody(m)
	}
	tags := func(n, l int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = strings.Repeat("t", l)
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		kind   sandbox.Kind
		body   string
		fields []string
	}{
		{"minimal article", sandbox.KindArticle, art(), nil},
		{"title 200 characters", sandbox.KindArticle, art("title", long(200)), nil},
		{"title 201 characters", sandbox.KindArticle, art("title", long(201)), []string{"title"}},
		{"title empty", sandbox.KindArticle, art("title", ""), []string{"title"}},
		{"title whitespace", sandbox.KindArticle, art("title", " \t\n"), []string{"title"}},
		{"title missing", sandbox.KindBotRule, `{"content": "c"}`, []string{"title"}},
		{"content 50000", sandbox.KindArticle, art("content", long(50_000)), nil},
		{"content 50001", sandbox.KindArticle, art("content", long(50_001)), []string{"content"}},
		{"content invalid UTF-8 is replaced", sandbox.KindArticle, `{"title": "T", "language": "en", "content": "a` + "\xff" + `b"}`, nil},
		{"language missing", sandbox.KindArticle, `{"title": "T"}`, []string{"language"}},
		{"language de-CH", sandbox.KindArticle, art("language", "de-CH"), nil},
		{"language zh-Hant-TW", sandbox.KindArticle, art("language", "zh-Hant-TW"), nil},
		{"language EN", sandbox.KindArticle, art("language", "EN"), []string{"language"}},
		{"language en-", sandbox.KindArticle, art("language", "en-"), []string{"language"}},
		{"language english", sandbox.KindArticle, art("language", "english"), []string{"language"}},
		{"20 tags of 50", sandbox.KindArticle, art("tags", tags(20, 50)), nil},
		{"21 tags", sandbox.KindArticle, art("tags", tags(21, 1)), []string{"tags"}},
		{"tag of 51", sandbox.KindArticle, art("tags", []string{"ok", strings.Repeat("x", 51)}), []string{"tags[1]"}},
		{"empty tag", sandbox.KindArticle, art("tags", []string{""}), []string{"tags[0]"}},
		{"null tags", sandbox.KindArticle, art("tags", nil), []string{"tags"}},
		{"bot rule content 500", sandbox.KindBotRule, jsonBody(map[string]any{"title": "T", "content": long(500)}), nil},
		{"bot rule content 501", sandbox.KindBotRule, jsonBody(map[string]any{"title": "T", "content": long(501)}), []string{"content"}},
		{"bot rule content empty", sandbox.KindBotRule, `{"title": "T", "content": ""}`, []string{"content"}},
		{"minimal workflow", sandbox.KindWorkflow, wf(), nil},
		{"workflow missing all", sandbox.KindWorkflow, `{}`, []string{"title", "trigger", "instructions"}},
		{"workflow blank trigger", sandbox.KindWorkflow, wf("trigger", "  "), []string{"trigger"}},
		{"10 variants", sandbox.KindWorkflow, wf("variants", variants(10)), nil},
		{"11 variants", sandbox.KindWorkflow, wf("variants", variants(11)), []string{"variants"}},
		{"duplicate variant names", sandbox.KindWorkflow, wf("variants", []map[string]string{
			{"name": "a", "instructions": "i"}, {"name": "b", "instructions": "i"}, {"name": "a", "instructions": "i"}}),
			[]string{"variants[2].name"}},
		{"variant without name and instructions", sandbox.KindWorkflow, wf("variants", []map[string]string{{"condition": ""}}),
			[]string{"variants[0].name", "variants[0].instructions"}},
		{"condition without provider", sandbox.KindWorkflow, wf("variants", []map[string]string{
			{"name": "a", "condition": "x", "instructions": "i"}}), []string{"variants[0].condition"}},
		{"condition with null provider", sandbox.KindWorkflow, wf("conditionProvider", nil, "variants", []map[string]string{
			{"name": "a", "condition": "x", "instructions": "i"}}), []string{"variants[0].condition"}},
		{"condition with provider", sandbox.KindWorkflow, wf("conditionProvider", "def evaluate_conditions(c): ...", "variants", []map[string]string{
			{"name": "a", "condition": "x", "instructions": "i"}}), nil},
		{"empty action", sandbox.KindWorkflow, wf("actions", []string{"a", ""}), []string{"actions[1]"}},
		{"wrong type and limit together", sandbox.KindWorkflow, wf("title", 3, "variants", variants(11)), []string{"title", "variants"}},
		{"bad element does not shift indices", sandbox.KindWorkflow, wf("variants", []any{1, map[string]string{"name": "n"}}),
			[]string{"variants[0]", "variants[1].instructions"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := sandbox.DecodeContent(tc.kind, []byte(tc.body))
			if tc.fields == nil {
				if err != nil {
					t.Fatalf("valid body rejected: %v", err)
				}
				if c.Kind() != tc.kind {
					t.Errorf("kind %s", c.Kind())
				}
				return
			}
			var apiErr *sandbox.APIError
			if !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity || apiErr.Code != sandbox.CodeValidation {
				t.Fatalf("error %v, want a 422 validation_error", err)
			}
			var got []string
			for _, d := range apiErr.Details {
				got = append(got, d.Field)
			}
			if !slices.Equal(got, tc.fields) {
				t.Errorf("details %v, want %v (%v)", got, tc.fields, apiErr.Details)
			}
		})
	}
}

// FuzzDecodeBody sends arbitrary bytes as the body of a POST and a PUT of
// each kind: the sandbox must never panic and must answer 200/201 (valid),
// 400 (not one JSON object) or 422 (invalid content).
func FuzzDecodeBody(f *testing.F) {
	for _, s := range []string{
		`{"title":"a","language":"en"}`, `{"title":"a","content":"b"}`, `{"title":"a","trigger":"t","instructions":"i"}`,
		`{"variants":[{"name":1}],"tags":[null]}`, `{"id":"x"}`, `[]`, `{`, ``, `null`, `{"title":"\ud800"}`, "{\"title\":\"\xff\"}",
	} {
		f.Add([]byte(s))
	}
	sb, err := sandbox.New(sandbox.Options{Now: fixedNow})
	if err != nil {
		f.Fatal(err)
	}
	ids := map[sandbox.Kind]string{}
	for k, body := range map[sandbox.Kind]string{
		sandbox.KindArticle:  `{"title":"a","language":"en"}`,
		sandbox.KindWorkflow: `{"title":"a","trigger":"t","instructions":"i"}`,
		sandbox.KindBotRule:  `{"title":"a","content":"c","enabled":false}`,
	} {
		rec := serve(sb, "POST", "/businesses/demo/"+string(k), body)
		var r resource
		if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || rec.Code != http.StatusCreated {
			f.Fatalf("setup %s: %d %s", k, rec.Code, rec.Body)
		}
		ids[k] = r.ID
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, k := range sandbox.Kinds {
			for _, req := range [][2]string{{"POST", "/businesses/demo/" + string(k)}, {"PUT", "/businesses/demo/" + string(k) + "/" + ids[k]}} {
				rec := serve(sb, req[0], req[1], string(body))
				switch rec.Code {
				case http.StatusOK, http.StatusCreated, http.StatusBadRequest, http.StatusUnprocessableEntity:
				default:
					t.Fatalf("%s %s %q: status %d %s", req[0], req[1], body, rec.Code, rec.Body)
				}
				if !json.Valid(rec.Body.Bytes()) {
					t.Fatalf("%s %s %q: response is not JSON: %s", req[0], req[1], body, rec.Body)
				}
			}
		}
	})
}

// serve sends one request straight to the handler.
func serve(h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, sandbox.BasePath+path, strings.NewReader(body))
	req.Header.Set("X-API-Key", "sandbox-key")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
