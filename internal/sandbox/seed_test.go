package sandbox_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

const goodSeed = `{"organizations": [{"name": "acme", "apiKeys": ["key-acme", {"key": "key-ci", "label": "ci"}],
  "businesses": [{"slug": "acme-eu", "name": "Acme EU",
    "articles": [{"title": "Returns", "content": "30 days", "language": "en", "tags": [], "enabled": true}],
    "workflows": [{"title": "Damaged", "trigger": "t", "instructions": "i", "actions": ["getOrder"],
      "conditionProvider": "def evaluate_conditions(c): return {}",
      "variants": [{"name": "refunded", "condition": "isRefunded", "instructions": "x"}], "enabled": true}],
    "botRules": [{"title": "Greet", "content": "Say hi", "enabled": false}]}]}]}`

func TestParseSeed(t *testing.T) {
	seed, err := sandbox.ParseSeed([]byte(goodSeed))
	if err != nil {
		t.Fatal(err)
	}
	sb, err := sandbox.New(sandbox.Options{Seed: seed, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	st := sb.State()
	org := st.Organizations[0]
	if strings.Join(org.APIKeyLabels, ",") != "acme-key-1,ci" {
		t.Errorf("labels %v", org.APIKeyLabels)
	}
	b := org.Businesses[0]
	if b.ID != "biz_00001" || b.Slug != "acme-eu" || b.Name != "Acme EU" {
		t.Errorf("business %+v", b)
	}
	for _, k := range sandbox.Kinds {
		rs := b.Resources(k)
		if len(rs) != 1 || rs[0].Version != 1 || rs[0].Versions[0].Author != sandbox.SeedAuthor ||
			rs[0].Versions[0].ChangeType != sandbox.ChangeCreate || !rs[0].Versions[0].CreatedAt.Equal(fixedNow()) {
			t.Errorf("%s: %+v", k, rs)
		}
	}
	if got := b.Workflows[0].ID; got != "wf_00003" {
		t.Errorf("workflow id %s", got)
	}
}

func TestParseSeedErrors(t *testing.T) {
	for _, tc := range []struct{ seed, want string }{
		{`{"organizations": [], "extra": 1}`, `unknown field "extra"`},
		{`{"organizations": [{"name": "a", "apiKeys": [{"key": "k", "lable": "x"}]}]}`, `unknown field "lable"`},
		{`{"organizations": [{"name": "a", "businesses": [{"slug": "b", "colour": "red"}]}]}`, `unknown field "colour"`},
		{`{"organizations": [{"name": "a", "businesses": [{"slug": "b", "articles": [{"title": "x", "language": "en", "colour": "red"}]}]}]}`,
			`organization "a": business "b": articles[0]: colour: is not a known field`},
		{`{"organizations": [{"name": "a", "businesses": [{"slug": "b", "workflows": [{"title": "ok", "trigger": "t", "instructions": "i"}, {"title": "x"}]}]}]}`,
			`organization "a": business "b": workflows[1]: trigger: is required; instructions: is required`},
		{`{"organizations": [{"name": "a", "businesses": [{"slug": "b", "botRules": [{"title": "x", "content": ""}]}]}]}`,
			`botRules[0]: content: is required`},
		{`{"organizations": [{"name": "a", "businesses": [{"slug": "B b"}]}]}`, `slug "B b"`},
		{`{"organizations": [{"name": "a", "businesses": [{"slug": "b"}, {"slug": "b"}]}]}`, `business "b" appears twice`},
		{`{"organizations": [{"name": "a", "apiKeys": ["k"]}, {"name": "b", "apiKeys": ["k"]}]}`, `the key is used twice`},
		{`{"organizations": [{"name": "a"}, {"name": "a"}]}`, `appears twice`},
		{`{"organizations": [{"name": ""}]}`, `name is required`},
		{`{"organizations": [{"name": "a", "apiKeys": [""]}]}`, `the key is empty`},
		{`not json`, `seed: invalid character`},
	} {
		_, err := sandbox.ParseSeed([]byte(tc.seed))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\nerror %v\nwant  …%s…", tc.seed, err, tc.want)
		}
	}
}

func TestLoadSeed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(path, []byte(`{"organizations": [{"name": "a", "bogus": 1}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := sandbox.LoadSeed(path); err == nil || !strings.HasPrefix(err.Error(), path+": ") {
		t.Errorf("error %v, want one starting with the path", err)
	}
	if _, err := sandbox.LoadSeed(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("a missing seed file loads")
	}
}

func TestDefaultSeed(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := sb.State()
	if len(st.Organizations) != 1 || len(st.Organizations[0].Businesses) != 1 {
		t.Fatalf("state %+v", st)
	}
	if b := st.Organizations[0].Businesses[0]; b.Slug != "demo" || b.Name != "Demo" {
		t.Errorf("business %+v", b)
	}
}

func TestOptionErrors(t *testing.T) {
	for _, o := range []sandbox.Options{{FailRate: 1.5}, {FailRate: -0.1}, {RateLimit: -1}, {PageSize: -1}} {
		if _, err := sandbox.New(o); err == nil {
			t.Errorf("New(%+v) succeeded", o)
		}
	}
}

func TestSeedDashboardEdits(t *testing.T) {
	seed, err := sandbox.ParseSeed([]byte(`{"organizations": [{"name": "acme", "apiKeys": ["k"], "businesses": [{"slug": "demo", "name": "Demo",
		"botRules": [{"title": "Greet", "content": "Say hello.", "enabled": true}],
		"dashboardEdits": [{"kind": "botRules", "title": "Greet", "by": "maria", "set": {"content": "Say hi."}}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := sandbox.New(sandbox.Options{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	st := srv.State()
	r := st.Organizations[0].Businesses[0].Resources(sandbox.KindBotRule)[0]
	if len(r.Versions) != 2 {
		t.Fatalf("%d versions, want 2", len(r.Versions))
	}
	v := r.Versions[len(r.Versions)-1]
	if v.Author != (sandbox.Author{Type: sandbox.AuthorUser, Name: "maria"}) || v.ChangeType != sandbox.ChangeUpdate {
		t.Fatalf("edit version: %+v", v)
	}
	if !strings.Contains(string(v.Snapshot), "Say hi.") {
		t.Fatalf("snapshot %s", v.Snapshot)
	}
	for _, bad := range []string{
		`{"kind": "rules", "title": "Greet", "by": "m", "set": {}}`,
		`{"kind": "botRules", "title": "Nope", "by": "m", "set": {}}`,
		`{"kind": "botRules", "title": "Greet", "by": "", "set": {}}`,
		`{"kind": "botRules", "title": "Greet", "by": "m", "set": {"content": ""}}`,
	} {
		_, err := sandbox.ParseSeed([]byte(`{"organizations": [{"name": "acme", "apiKeys": ["k"], "businesses": [{"slug": "demo",
			"botRules": [{"title": "Greet", "content": "Say hello.", "enabled": true}], "dashboardEdits": [` + bad + `]}]}]}`))
		if err == nil {
			t.Errorf("seed edit %s accepted", bad)
		}
	}
}
