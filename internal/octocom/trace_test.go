package octocom

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestATraceIsHAR12WithEverySecretRedacted(t *testing.T) {
	const key = "key-0123456789-secret"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Set-Cookie", "session=abc")
		w.Header().Set("X-Echo", "you sent "+r.Header.Get("X-API-Key"))
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"data":[{"id":"biz_1","slug":"demo","name":"` + key + `"}],"pagination":{"page":1,"pageSize":50,"totalItems":1,"totalPages":1}}`))
	}))
	defer srv.Close()
	tr := NewTrace()
	c, err := New(Options{BaseURL: strings.Replace(srv.URL, "http://", "http://user:pass@", 1) + "/rest/v1", APIKey: key, Trace: tr})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Businesses(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Update(context.Background(), "demo", key, testArticle, nil, 1); err == nil {
		t.Fatal("an update the server answers with a list succeeded")
	}
	data, err := tr.HAR()
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{key, "session=abc", "pass"} {
		if strings.Contains(string(data), secret) {
			t.Errorf("the trace holds %q:\n%s", secret, data)
		}
	}
	var har struct {
		Log struct {
			Version string `json:"version"`
			Entries []struct {
				Request struct {
					Method  string    `json:"method"`
					URL     string    `json:"url"`
					Headers []harPair `json:"headers"`
				} `json:"request"`
				Response struct {
					Status  int       `json:"status"`
					Headers []harPair `json:"headers"`
				} `json:"response"`
			} `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(data, &har); err != nil {
		t.Fatal(err)
	}
	if har.Log.Version != "1.2" || len(har.Log.Entries) != 2 {
		t.Fatalf("version %q, %d entries", har.Log.Version, len(har.Log.Entries))
	}
	e := har.Log.Entries[1]
	if e.Request.Method != "PUT" || !strings.HasSuffix(e.Request.URL, "/businesses/demo/articles/[redacted]") {
		t.Errorf("second entry = %s %s", e.Request.Method, e.Request.URL)
	}
	want := map[string]string{"X-Api-Key": redacted, "Set-Cookie": redacted, "X-Echo": "you sent " + redacted}
	for _, h := range append(e.Request.Headers, e.Response.Headers...) {
		if w, ok := want[h.Name]; ok && h.Value != w {
			t.Errorf("header %s = %q, want %q", h.Name, h.Value, w)
		}
	}
}
