package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const twoEnvironments = `version: 1
environments:
  production:
    default: true
    apiKeyEnv: OCTOCOM_API_KEY_PRODUCTION
    values:
      supportEmail: support@northwind.example
  staging:
    api: {url: https://staging.octocom.example/rest/v1}
    apiKeyEnv: OCTOCOM_API_KEY_STAGING
    businesses: {northwind-eu: northwind-eu-staging}
    values:
      supportEmail: staging-support@northwind.example
`

func TestParseEnvironments(t *testing.T) {
	c, diags := Parse("octosync.yaml", []byte(twoEnvironments))
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if len(c.Environments) != 2 || c.Environments[0].Name != "production" || c.Environments[1].Name != "staging" {
		t.Fatalf("environments %+v", c.Environments)
	}
	prod, staging := &c.Environments[0], &c.Environments[1]
	if !prod.Default || !prod.IDs || staging.IDs || staging.Default {
		t.Errorf("roles: production default %v ids %v, staging default %v ids %v", prod.Default, prod.IDs, staging.Default, staging.IDs)
	}
	if c.IDEnvironment() != prod {
		t.Errorf("IDEnvironment = %v, want production", c.IDEnvironment())
	}
	if got := staging.Slug("northwind-eu"); got != "northwind-eu-staging" {
		t.Errorf("staging slug of northwind-eu = %q", got)
	}
	if got := staging.Folder("northwind-eu-staging"); got != "northwind-eu" {
		t.Errorf("staging folder of northwind-eu-staging = %q", got)
	}
	if got := prod.Slug("northwind-eu"); got != "northwind-eu" {
		t.Errorf("production slug = %q", got)
	}
	if !prod.AsWritten() || staging.AsWritten() || !(*Environment)(nil).AsWritten() {
		t.Errorf("AsWritten: production %v, staging %v", prod.AsWritten(), staging.AsWritten())
	}
	mapped := *prod
	mapped.Businesses = map[string]string{"northwind-eu": "northwind-eu-live"}
	if mapped.AsWritten() {
		t.Error("an id environment with its own slugs sees the files as written")
	}
	if staging.KeyVariable() != "OCTOCOM_API_KEY_STAGING" || (*Environment)(nil).KeyVariable() != "OCTOCOM_API_KEY" {
		t.Errorf("key variables %q", staging.KeyVariable())
	}
	if got := c.ExpectedAPIURL(staging); got != "https://staging.octocom.example/rest/v1" {
		t.Errorf("staging expects %q", got)
	}
	if got := c.ExpectedAPIURL(prod); got != "" {
		t.Errorf("production expects %q, want none", got)
	}
	if !reflect.DeepEqual(c.ValueNames(), []string{"supportEmail"}) {
		t.Errorf("value names %v", c.ValueNames())
	}
}

func TestSelectEnvironment(t *testing.T) {
	c, _ := Parse("octosync.yaml", []byte(twoEnvironments))
	for name, want := range map[string]string{"": "production", "staging": "staging", " production ": "production"} {
		e, err := c.Select(name)
		if err != nil || e.Name != want {
			t.Errorf("Select(%q) = %v, %v; want %s", name, e, err, want)
		}
	}
	_, err := c.Select("stagign")
	var envErr *EnvironmentError
	if !errors.As(err, &envErr) || !strings.Contains(err.Error(), "did you mean staging?") {
		t.Errorf("Select(stagign) = %v, want a did-you-mean", err)
	}

	noDefault, diags := Parse("octosync.yaml", []byte(strings.Replace(twoEnvironments, "default: true", "ids: true", 1)))
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	if _, err := noDefault.Select(""); err == nil || !strings.Contains(err.Error(), "none is `default: true`: pass --env NAME") {
		t.Errorf("Select without a default = %v, want a refusal to guess", err)
	}

	plain := Default()
	if e, err := plain.Select(""); e != nil || err != nil {
		t.Errorf("a repository without environments selects %v, %v", e, err)
	}
	if _, err := plain.Select("staging"); err == nil || !strings.Contains(err.Error(), "declares no environments") {
		t.Errorf("--env without environments = %v", err)
	}
}

func TestEnvironmentDiagnostics(t *testing.T) {
	tests := []struct {
		name, in string
		want     string
	}{
		{"value not text", "version: 1\nenvironments:\n  prod:\n    values: {port: [8080]}\n", "octosync.yaml:4:20: error: `environments.prod.values.port` must be a string"},
		{"two folders one slug", "version: 1\nenvironments:\n  prod:\n    default: true\n  staging:\n    businesses: {a: shop, b: shop}\n", "octosync.yaml:6:30: error: environments.staging.businesses maps both a and b to the live business shop: each folder needs a business of its own"},
		{"two defaults", "version: 1\nenvironments:\n  a: {default: true}\n  b: {default: true}\n", "octosync.yaml:4:3: error: environments a and b are both `default: true`"},
		{"nobody's ids", "version: 1\nenvironments:\n  a: {}\n  b: {}\n", "octosync.yaml:3:3: error: say whose ids the files' id keys are"},
		{"bad name", "version: 1\nenvironments:\n  Prod: {}\n", "octosync.yaml:3:3: error: `Prod` is not a valid name in `environments`: it must match the pattern `^[a-z][a-z0-9-]{0,39}$`"},
		{"bad value name", "version: 1\nenvironments:\n  prod:\n    values: {ok: a, 9x: b}\n", "octosync.yaml:4:21: error: `9x` is not a valid name in `environments.prod.values`: it must match the pattern `^[A-Za-z_][A-Za-z0-9_-]*$`"},
		{"bad key variable", "version: 1\nenvironments:\n  prod: {apiKeyEnv: 'my key'}\n", "octosync.yaml:3:21: error: `environments.prod.apiKeyEnv` must match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse("octosync.yaml", []byte(tt.in))
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if len(got) == 0 || !strings.HasPrefix(got[0], tt.want) {
				t.Errorf("diagnostics %q, want one starting %q", got, tt.want)
			}
		})
	}
}
