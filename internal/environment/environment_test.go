package environment

import (
	"reflect"
	"testing"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
)

func environments(t *testing.T) (production, staging *config.Environment) {
	t.Helper()
	c, diags := config.Parse("octosync.yaml", []byte(`version: 1
environments:
  production:
    default: true
    values: {email: support@northwind.example}
  staging:
    businesses: {northwind-eu: northwind-eu-staging}
    values: {email: staging@northwind.example}
`))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return &c.Environments[0], &c.Environments[1]
}

var contact = resource.Resource{
	Business: "northwind-eu", ID: "rule_1", Path: "businesses/northwind-eu/bot-rules/contact.yaml",
	Spec: resource.BotRule{Title: "Contact", Content: "Write to ${{ values.email }}; greet {{business.name}}.", Enabled: true},
}

func TestDesiredPerEnvironment(t *testing.T) {
	production, staging := environments(t)
	in := plan.Desired{Businesses: []string{"northwind-eu"}, Resources: []resource.Resource{contact}}

	prod, err := Desired(in, production)
	if err != nil {
		t.Fatal(err)
	}
	want := contact
	want.Spec = resource.BotRule{Title: "Contact", Content: "Write to support@northwind.example; greet {{business.name}}.", Enabled: true}
	if !reflect.DeepEqual(prod.Resources, []resource.Resource{want}) || prod.Businesses[0] != "northwind-eu" {
		t.Errorf("production desired %+v", prod)
	}

	stg, err := Desired(in, staging)
	if err != nil {
		t.Fatal(err)
	}
	want.Business, want.ID = "northwind-eu-staging", ""
	want.Spec = resource.BotRule{Title: "Contact", Content: "Write to staging@northwind.example; greet {{business.name}}.", Enabled: true}
	if !reflect.DeepEqual(stg.Resources, []resource.Resource{want}) || stg.Businesses[0] != "northwind-eu-staging" {
		t.Errorf("staging desired %+v", stg)
	}
	if in.Resources[0].Spec != contact.Spec || in.Businesses[0] != "northwind-eu" {
		t.Error("Desired changed its input")
	}

	same, err := Desired(in, nil)
	if err != nil || !reflect.DeepEqual(same, in) {
		t.Errorf("without environments Desired = %+v, %v", same, err)
	}
}

func TestRestoreKeepsTheFilesTerms(t *testing.T) {
	_, staging := environments(t)
	live := resource.Resource{Business: "northwind-eu-staging", ID: "stg_9",
		Spec: resource.BotRule{Title: "Contact", Content: "Always write to staging@northwind.example; greet {{business.name}}.", Enabled: true}}
	got, lost, err := Restore(&contact, live, staging)
	if err != nil || lost != nil {
		t.Fatal(err, lost)
	}
	want := resource.Resource{Business: "northwind-eu", ID: "rule_1",
		Spec: resource.BotRule{Title: "Contact", Content: "Always write to ${{ values.email }}; greet {{business.name}}.", Enabled: true}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Restore = %+v\nwant      %+v", got, want)
	}

	fresh := resource.Resource{Business: "northwind-eu-staging", ID: "stg_10",
		Spec: resource.BotRule{Title: "New", Content: "Mention ${{ secrets.X }} literally.", Enabled: true}}
	got, _, err = Restore(nil, fresh, staging)
	if err != nil || got.ID != "" || got.Business != "northwind-eu" || got.Spec.(resource.BotRule).Content != "Mention $${{ secrets.X }} literally." {
		t.Errorf("Restore of a new resource = %+v, %v", got, err)
	}
}

type folderBases map[string]bool

func (f folderBases) Committed(business string, _ resource.Spec) bool { return f[business] }

func TestBasesAnswerForLiveSlugs(t *testing.T) {
	_, staging := environments(t)
	b := Bases(folderBases{"northwind-eu": true}, staging)
	if !b.Committed("northwind-eu-staging", contact.Spec) {
		t.Error("a base kept under the folder is not found under the staging slug")
	}
}
