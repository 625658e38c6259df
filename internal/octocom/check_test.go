package octocom

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/sandbox"
)

// rewriting serves h, with every 2xx JSON body whose path contains on
// passed through edit.
func rewriting(h http.Handler, on string, edit func([]byte) []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if rec.Code < 300 && strings.Contains(r.URL.Path, on) {
			body = edit(body)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		w.Write(body)
	})
}

func TestAnAnswerOctosyncCannotReadNamesTheRequestTheFieldAndTheExpectation(t *testing.T) {
	replace := func(old, new string) func([]byte) []byte {
		return func(b []byte) []byte { return bytes.ReplaceAll(b, []byte(old), []byte(new)) }
	}
	for _, tt := range []struct {
		name string
		edit func([]byte) []byte
		want string
	}{
		{"a renamed envelope key", replace(`"data":`, `"items":`),
			"GET /businesses/demo/articles?page=1: the answer is not what octosync reads: data is missing (an array is expected)"},
		{"a number where a string is expected", replace(`"title":"Article 0001"`, `"title":7`),
			"GET /businesses/demo/articles?page=1: the answer is not what octosync reads: data[0].title: an integer where a string is expected"},
		{"a renamed field", replace(`"title":`, `"name":`),
			"GET /businesses/demo/articles?page=1: the answer is not what octosync reads: data[0].title is missing (a string is expected)"},
		{"a version that is not a number", replace(`"version":1`, `"version":"1"`),
			"data[0].version: a string where an integer is expected"},
		{"no version", replace(`"version":1,`, ``),
			"data[0].version is missing (an integer is expected)"},
		{"a page count that is not a number", replace(`"totalPages":1`, `"totalPages":null`),
			"pagination.totalPages: null where an integer is expected"},
		{"a timestamp that is not one", replace(`"createdAt":"`, `"createdAt":"yesterday `),
			`data[0].createdAt: "yesterday`},
		{"an empty first page of a list that is not empty", func(b []byte) []byte {
			return regexp.MustCompile(`"data":\[.*\],"pagination"`).ReplaceAll(b, []byte(`"data":[],"pagination"`))
		},
			"GET /businesses/demo/articles: page 1 holds no item of the 1 the server announced"},
		{"not JSON at all", func([]byte) []byte { return []byte("<html>") },
			"GET /businesses/demo/articles?page=1: the answer is not the JSON the API sends"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sb, err := sandbox.New(sandbox.Options{Seed: seedArticles(1)})
			if err != nil {
				t.Fatal(err)
			}
			e := newEnvHandler(t, sb, rewriting(sb, "/articles", tt.edit), Options{})
			got, err := e.client.List(context.Background(), "demo", resource.KindArticle, provider.ListOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("List = %d items, %v\nwant an error saying %q", len(got), err, tt.want)
			}
		})
	}
}

func TestTheContractChecksEveryAnswerOfTheSandboxWithoutAMismatch(t *testing.T) {
	e := newEnv(t, sandbox.Options{Seed: seedArticles(3)}, Options{})
	ctx := context.Background()
	list, err := e.client.List(ctx, "demo", resource.KindArticle, provider.ListOptions{IncludeDeleted: true})
	if err != nil || len(list) != 3 {
		t.Fatalf("List = %d, %v", len(list), err)
	}
	if _, err := e.client.Versions(ctx, "demo", resource.KindArticle, list[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.Version(ctx, "demo", resource.KindArticle, list[0].ID, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.Businesses(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestAServerThatIgnoresThePageParameterIsNamedNotRetried(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{Seed: seedArticles(60)})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvHandler(t, sb, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		q.Del("page") // pages by another parameter: always page 1
		r.URL.RawQuery = q.Encode()
		sb.ServeHTTP(w, r)
	}), Options{})
	_, err = e.client.List(context.Background(), "demo", resource.KindArticle, provider.ListOptions{})
	if err == nil || !strings.Contains(err.Error(), "GET /businesses/demo/articles?page=2: asked for page 2, the answer is page 1: the server does not page by ?page=") {
		t.Fatalf("err = %v", err)
	}
	if n := len(requests(sb, "GET", "/businesses/demo/articles")); n != 2 {
		t.Errorf("%d requests, want 2: nothing to read again", n)
	}
}

// FuzzReadList: whatever a server answers, reading a list page never
// panics, and a page it accepts decodes item by item.
func FuzzReadList(f *testing.F) {
	f.Add([]byte(`{"data":[{"id":"a","version":1,"title":"T","language":"en","tags":["x"],"extra":{"y":1}}],"pagination":{"page":1,"pageSize":50,"totalItems":1,"totalPages":1}}`))
	f.Add([]byte(`{"data":[1,"x",null],"pagination":{"page":"1"}}`))
	f.Add([]byte(`{"items":[]}`))
	f.Add([]byte(`[{"data":{}}]`))
	c, err := New(Options{BaseURL: "http://127.0.0.1:1", APIKey: "k"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, k := range resource.Kinds {
			_ = CheckAnswer(body, ListSchema(k))
			_ = NestedUnknown(body, ListSchema(k))
			items, _, err := c.readList(call{method: "GET", path: "/x", answer: ListSchema(k)}, body)
			if err != nil {
				continue
			}
			for _, fields := range items {
				if w, err := decodeResource(fields); err == nil {
					_, _ = w.resource("b", k)
				}
			}
		}
	})
}
