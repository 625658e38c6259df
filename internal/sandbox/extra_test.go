package sandbox_test

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

// extraSeed gives articles two fields the contract does not have.
func extraSeed(t *testing.T) *sandbox.Seed {
	t.Helper()
	seed, err := sandbox.ParseSeed([]byte(`{"extraFields": {"articles": {"category": "general", "visibility": "public"}},
		"organizations": [{"name": "o", "apiKeys": ["sandbox-key"], "businesses": [{"slug": "demo",
		"articles": [{"title": "Refunds", "language": "en", "category": "billing", "visibility": "internal"}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return seed
}

func extraClient(t *testing.T, opts sandbox.Options) *client {
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(sb) // not the contract recorder: extra fields are outside the contract on purpose
	t.Cleanup(func() { ts.Close(); sb.Close() })
	return &client{t: t, base: ts.URL, key: "sandbox-key", http: ts.Client()}
}

func TestExtraFieldsHaveReplaceSemanticsAndUnknownFieldsStayRefused(t *testing.T) {
	c := extraClient(t, sandbox.Options{Seed: extraSeed(t), Now: fixedNow})
	l := decode[list[map[string]any]](t, c.do("GET", "/businesses/demo/articles", nil).want(t, http.StatusOK))
	a := l.Data[0]
	if a["category"] != "billing" || a["visibility"] != "internal" {
		t.Fatalf("seeded article = %v, want its extra fields", a)
	}
	id := a["id"].(string)

	// A PUT that carries them keeps them; one without them resets them.
	body := article("Refunds")
	body["category"], body["visibility"] = "billing", "internal"
	got := c.do("PUT", "/businesses/demo/articles/"+id, body).want(t, http.StatusOK).obj(t)
	if got["category"] != "billing" || got["visibility"] != "internal" {
		t.Fatalf("after a PUT with them: %v", got)
	}
	got = c.do("PUT", "/businesses/demo/articles/"+id, article("Refunds")).want(t, http.StatusOK).obj(t)
	if got["category"] != "general" || got["visibility"] != "public" {
		t.Fatalf("after a PUT without them: %v, want the defaults", got)
	}

	// Another type than the default's, or a field nobody declared: 422.
	body["category"] = 3
	c.do("PUT", "/businesses/demo/articles/"+id, body).want(t, http.StatusUnprocessableEntity)
	body = article("Refunds")
	body["audience"] = "all"
	c.do("PUT", "/businesses/demo/articles/"+id, body).want(t, http.StatusUnprocessableEntity)
	// Only articles have them.
	rule := botRule("R")
	rule["category"] = "billing"
	c.do("POST", "/businesses/demo/bot-rules", rule).want(t, http.StatusUnprocessableEntity)

	// A version snapshot holds them, and a restore brings them back.
	v := c.do("GET", "/businesses/demo/articles/"+id+"/versions/2", nil).want(t, http.StatusOK).obj(t)
	if snap := v["snapshot"].(map[string]any); snap["category"] != "billing" {
		t.Fatalf("version 2 snapshot = %v", snap)
	}
	got = c.do("POST", "/businesses/demo/articles/"+id+"/versions/2/restore", nil).want(t, http.StatusOK).obj(t)
	if got["category"] != "billing" {
		t.Fatalf("restored = %v", got)
	}
}

func TestExtraFieldsSurviveARestartFromTheDataFile(t *testing.T) {
	data := filepath.Join(t.TempDir(), "sandbox.json")
	sb, err := sandbox.New(sandbox.Options{Seed: extraSeed(t), DataFile: data, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	sb.Close()
	// Reopened without a seed: the data file alone knows the fields.
	c := extraClient(t, sandbox.Options{DataFile: data, Now: fixedNow})
	l := decode[list[map[string]any]](t, c.do("GET", "/businesses/demo/articles", nil).want(t, http.StatusOK))
	body := article("Refunds")
	body["category"] = "shipping"
	got := c.do("PUT", "/businesses/demo/articles/"+l.Data[0]["id"].(string), body).want(t, http.StatusOK).obj(t)
	if got["category"] != "shipping" || got["visibility"] != "public" {
		t.Fatalf("after restart: %v", got)
	}
}

func TestSeedExtraFieldsMustNotShadowTheAPIsFields(t *testing.T) {
	for _, seed := range []string{
		`{"extraFields": {"articles": {"title": ""}}, "organizations": []}`,
		`{"extraFields": {"articles": {"version": 1}}, "organizations": []}`,
		`{"extraFields": {"pages": {"x": 1}}, "organizations": []}`,
	} {
		if _, err := sandbox.ParseSeed([]byte(seed)); err == nil {
			t.Errorf("ParseSeed(%s) succeeded", seed)
		}
	}
}
