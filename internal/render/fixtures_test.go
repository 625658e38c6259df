package render

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// committed is a fake plan.Bases: the specs some commit held.
type committed []resource.Spec

func (h committed) Committed(_ string, spec resource.Spec) bool {
	for _, s := range h {
		if resource.Equal(s, spec) {
			return true
		}
	}
	return false
}

var t0 = time.Date(2026, 11, 29, 10, 4, 0, 0, time.UTC)

func desired(b, path, id string, s resource.Spec) resource.Resource {
	return resource.Resource{Business: b, ID: id, Spec: s, Path: path}
}

func live(b, id string, v int, s resource.Spec) resource.Resource {
	return resource.Resource{Business: b, ID: id, Spec: s, Meta: resource.Meta{Version: v, CreatedAt: t0, UpdatedAt: t0}}
}

func deleted(b, id string, v int, s resource.Spec) resource.Resource {
	r := live(b, id, v, s)
	r.Meta.DeletedAt = &t0
	return r
}

func ptr(s string) *string { return &s }

const returnsV1 = `You can return any item within **30 days** of delivery.

## How to return

1. Open your order in your account.
2. Choose *Return items*.
3. Print the label and drop the parcel at any post office.

Refunds reach your account within 5 business days.`

var (
	returnsLive = resource.Article{Title: "Returns", Content: returnsV1, Language: "en", Tags: []string{"returns"}, Enabled: true}
	returnsRepo = resource.Article{Title: "Return policy", Language: "en", Tags: []string{"returns", "policy"}, Enabled: true,
		Content: strings.Replace(strings.Replace(returnsV1, "30 days", "45 days", 1), "5 business days", "3 business days", 1)}
	damagedLive = resource.Workflow{
		Title: "Damaged product", Trigger: "When a customer reports receiving a damaged product.",
		Instructions: "1. Apologise and ask for a photo of the damage.\n2. Call `createReplacementOrder`.",
		Actions:      []string{"getOrderById", "createReplacementOrder"},
		ConditionProvider: ptr("def evaluate_conditions(context):\n    order = context[\"order\"]\n" +
			"    return {\"isRefunded\": order[\"refunded\"]}"),
		Variants: []resource.Variant{{Name: "Already refunded", Condition: "isRefunded", Instructions: "Explain that a refund was already issued."}},
		Enabled:  true,
	}
	damagedRepo = func() resource.Workflow {
		w := damagedLive
		w.ConditionProvider = ptr("def evaluate_conditions(context):\n    order = context[\"order\"]\n" +
			"    return {\"isRefunded\": order[\"refunded\"], \"isGift\": order[\"gift\"]}")
		w.Variants = []resource.Variant{
			{Name: "Already refunded", Condition: "isRefunded and not isGift", Instructions: "Explain that a refund was already issued."},
			{Name: "Gift", Condition: "isGift", Instructions: "Offer a replacement sent to the recipient."},
		}
		return w
	}()
	faq     = resource.Article{Title: "FAQ", Content: "Q: Do you ship abroad?\nA: Yes.", Language: "en", Tags: []string{}, Enabled: true}
	faqRepo = resource.Article{Title: "FAQ", Content: "Q: Do you ship abroad?\nA: Yes, to 30 countries.", Language: "en", Tags: []string{}, Enabled: true}
	hours   = resource.Article{Title: "Opening hours", Content: "Mon–Fri 9:00–17:00.", Language: "en", Tags: []string{"support"}, Enabled: true}
	greet   = resource.BotRule{Title: "Greet in Spanish", Content: "Always greet the customer in Spanish.", Enabled: true}
	oldFlow = resource.Workflow{Title: "Old flow", Trigger: "Never.", Instructions: "Nothing.", Actions: []string{}, Variants: []resource.Variant{}, Enabled: false}
)

// compute plans desired against live, failing the test on error.
func compute(t *testing.T, d plan.Desired, l plan.Live, opts plan.Options) *plan.Plan {
	t.Helper()
	p, err := plan.Compute(d, l, opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// fixture is one plan every renderer is tested on.
type fixture struct {
	name string
	plan func(*testing.T) *plan.Plan
}

var fixtures = []fixture{
	{"empty", func(t *testing.T) *plan.Plan {
		p := compute(t, plan.Desired{Businesses: []string{"acme-eu"}}, plan.Live{}, plan.Options{})
		p.Sandbox = true
		return p
	}},
	{"in-sync", func(t *testing.T) *plan.Plan {
		return compute(t,
			plan.Desired{Resources: []resource.Resource{
				desired("acme-eu", "businesses/acme-eu/articles/faq.md", "", faq),
				desired("acme-eu", "businesses/acme-eu/bot-rules/greet.yaml", "", greet),
			}},
			plan.Live{Resources: []resource.Resource{live("acme-eu", "art_0004", 2, faq), live("acme-eu", "rule_0001", 1, greet)}},
			plan.Options{Bases: committed{}})
	}},
	{"mixed", mixed},
	{"pruned", func(t *testing.T) *plan.Plan {
		dash := resource.BotRule{Title: "Mention the sale", Content: "Mention the winter sale.", Enabled: true}
		p := compute(t,
			plan.Desired{Businesses: []string{"acme-eu"}, Resources: []resource.Resource{
				desired("acme-eu", "businesses/acme-eu/articles/faq.md", "", faq),
				desired("acme-eu", "businesses/acme-eu/bot-rules/greet.yaml", "", greet),
				desired("acme-eu", "businesses/acme-eu/workflows/damaged-product.yaml", "", damagedLive),
			}},
			plan.Live{Resources: []resource.Resource{
				live("acme-eu", "art_0004", 2, faq), live("acme-eu", "art_0005", 3, hours),
				live("acme-eu", "rule_0001", 1, greet), live("acme-eu", "rule_0009", 1, dash),
				live("acme-eu", "wf_0002", 2, damagedLive), live("acme-eu", "wf_0003", 2, oldFlow),
			}},
			plan.Options{Prune: true, MaxDeletes: plan.DefaultMaxDeletes, Bases: committed{oldFlow, faq, hours, greet, damagedLive}})
		for i := range p.Changes {
			if d := p.Changes[i].Drift; d != nil {
				d.Author = provider.Author{Type: provider.AuthorAPIKey, Name: "zapier"}
			}
		}
		return p
	}},
	{"long-text", func(t *testing.T) *plan.Plan {
		var before, after strings.Builder
		for i := 0; before.Len() < 49000; i++ {
			line := fmt.Sprintf("Paragraph %d: items may be returned within 45 days of delivery.\n", i)
			before.WriteString(line)
			switch i {
			case 10, 11, 300:
				after.WriteString(strings.Replace(line, "45 days", "60 days", 1))
			case 500:
			default:
				after.WriteString(line)
			}
		}
		a := resource.Article{Title: "Handbook", Content: before.String(), Language: "en", Tags: []string{}, Enabled: true}
		b := a
		b.Content = after.String()
		c := resource.Article{Title: "Handbook (copy)", Content: after.String(), Language: "en", Tags: []string{}, Enabled: true}
		return compute(t,
			plan.Desired{Resources: []resource.Resource{
				desired("acme-eu", "businesses/acme-eu/articles/handbook.md", "", b),
				desired("acme-eu", "businesses/acme-eu/articles/handbook-copy.md", "", c),
			}},
			plan.Live{Resources: []resource.Resource{live("acme-eu", "art_0100", 12, a)}},
			plan.Options{})
	}},
	{"hostile", func(t *testing.T) *plan.Plan {
		evil := resource.Article{
			Title:    "<script>alert(1)</script> | **bold** `code` [x](y)",
			Content:  "Before\n```\nfenced ``` inside\n```\n<details>\x1b[2J\u202eesrever",
			Language: "en", Tags: []string{"a, b", "[c]", "\x1b[31mred"}, Enabled: true,
		}
		evilLive := evil
		evilLive.Content = "Before\nold"
		rule := resource.BotRule{Title: "\x1b[31mRED\x1b[0m rule \u202egnp.exe", Content: "Say </details> & <b>hi</b>", Enabled: true}
		p := compute(t,
			plan.Desired{Resources: []resource.Resource{
				desired("acme-eu", "businesses/acme-eu/articles/evil.md", "", evil),
				desired("acme-eu", "businesses/acme-eu/bot-rules/<b>.yaml", "", rule),
			}},
			plan.Live{Resources: []resource.Resource{live("acme-eu", "art_0666", 2, evilLive)}},
			plan.Options{})
		p.Warnings = append(p.Warnings, "history unavailable: <not> a `git` repository\x07; differences are treated as updates")
		return p
	}},
}

// mixed has every kind of change: creates, updates (fields, text, variants,
// disabling), restores, drift of both kinds, a withheld delete, warnings.
func mixed(t *testing.T) *plan.Plan {
	eu, us := "acme-eu", "acme-us"
	ship := resource.Article{Title: "Shipping times", Language: "en", Tags: []string{"shipping", "eu"}, Enabled: true,
		Content: "Standard: 3–5 business days.\nExpress: next day.\nFree over €75."}
	exchange := resource.Workflow{Title: "Size exchange", Trigger: "When a customer wants another size.",
		Instructions: "1. Look up the order.\n2. Check stock.\n3. Create the exchange.", Actions: []string{"getOrderById", "checkInventory"},
		ConditionProvider: ptr("def evaluate_conditions(context):\n    return {\"inStock\": True}"),
		Variants:          []resource.Variant{{Name: "Out of stock", Condition: "not inStock", Instructions: "Offer a refund."}}, Enabled: true}
	greetOff := greet
	greetOff.Enabled = false
	hoursLive := hours
	hoursLive.Content = "Mon–Sat 9:00–18:00."
	dash := resource.BotRule{Title: "Mention the sale", Content: "Mention the winter sale.", Enabled: true}
	tone := resource.BotRule{Title: "Tone", Content: "Be warm and brief.", Enabled: true}

	p := compute(t,
		plan.Desired{Businesses: []string{eu, us}, Resources: []resource.Resource{
			desired(eu, "businesses/acme-eu/articles/shipping-times.md", "", ship),
			desired(eu, "businesses/acme-eu/articles/returns.md", "art_0001", returnsRepo),
			desired(eu, "businesses/acme-eu/articles/faq.md", "art_0004", faqRepo),
			desired(eu, "businesses/acme-eu/articles/opening-hours.md", "", hours),
			desired(eu, "businesses/acme-eu/bot-rules/greet.yaml", "", greetOff),
			desired(eu, "businesses/acme-eu/bot-rules/tone.yaml", "rule_0003", tone),
			desired(us, "businesses/acme-us/workflows/damaged-product.yaml", "wf_0002", damagedRepo),
			desired(us, "businesses/acme-us/workflows/size-exchange.yaml", "wf_0404", exchange),
			desired(us, "businesses/acme-us/articles/faq.md", "", faq),
		}},
		plan.Live{Resources: []resource.Resource{
			live(eu, "art_0001", 3, returnsLive),
			deleted(eu, "art_0004", 5, faq),
			live(eu, "art_0005", 4, hoursLive),
			live(eu, "rule_0001", 2, greet),
			deleted(eu, "rule_0003", 2, tone),
			live(eu, "rule_0009", 1, dash),
			live(us, "wf_0002", 7, damagedLive),
			live(us, "wf_0003", 2, oldFlow),
			live(us, "art_0010", 1, faq),
		}},
		plan.Options{Bases: committed{returnsLive, greet, damagedLive, oldFlow, faq}})
	p.Sandbox = true
	for i := range p.Changes {
		if c := p.Changes[i]; c.Action == plan.Restore && c.Key.ID == "art_0004" {
			// Shown as a rollback plans it (plan.Options.Rollback): a
			// restore asked for, not a delete made in the dashboard.
			p.Changes[i].Drift = nil
		}
		switch d := p.Changes[i].Drift; {
		case d == nil:
		case p.Changes[i].Action == plan.Delete:
			d.Author = provider.Author{Type: provider.AuthorUser, Name: "bob"}
		default:
			d.Author = provider.Author{Type: provider.AuthorUser, Name: "alice"}
		}
	}
	return p
}
