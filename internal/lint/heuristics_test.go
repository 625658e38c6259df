package lint

import (
	"reflect"
	"testing"
)

func TestActionNames(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Call `getOrderById`.", []string{"getOrderById"}},
		{"Call `issueRefund()` then `issueRefund` again.", []string{"issueRefund"}},
		{"`a` `true` `refund` `order_id` `OrderID` `GetOrder` `context[\"order\"]` `GET /orders`", nil},
		{"`getOrderById` and `createReplacementOrder`", []string{"getOrderById", "createReplacementOrder"}},
		{"`get2FACode` `v2Api`", []string{"get2FACode", "v2Api"}},
		{"``double`` and `unclosed", nil},
		{"line `broken\nacross` lines", nil},
	}
	for _, tt := range tests {
		if got := actionNames(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("actionNames(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestMentions(t *testing.T) {
	tests := []struct {
		src, name string
		want      bool
	}{
		{`return {"isShipped": True}`, "isShipped", true},
		{`return {"isShippedAlready": True}`, "isShipped", false},
		{`notisShipped = 1`, "isShipped", false},
		{`x = is_shipped; isShipped`, "isShipped", true},
		{`isShipped`, "isShipped", true},
		{`isShipped_x isShipped2 isShipped`, "isShipped", true},
		{``, "isShipped", false},
	}
	for _, tt := range tests {
		if got := mentions(tt.src, tt.name); got != tt.want {
			t.Errorf("mentions(%q, %q) = %v, want %v", tt.src, tt.name, got, tt.want)
		}
	}
}

func TestEvaluateRE(t *testing.T) {
	tests := map[string]bool{
		"def evaluate_conditions(context):":         true,
		"  def  evaluate_conditions (ctx):":         true,
		"import x\n\ndef evaluate_conditions(c):\n": true,
		"def evaluate_conditions_v2(context):":      false,
		"# def evaluate_conditions(context):":       false,
		"evaluate_conditions(context)":              false,
	}
	for src, want := range tests {
		if got := evaluateRE.MatchString(src); got != want {
			t.Errorf("evaluateRE.MatchString(%q) = %v, want %v", src, got, want)
		}
	}
}

func TestLanguageCode(t *testing.T) {
	tests := []struct {
		code    string
		valid   bool
		suggest string
	}{
		{"en", true, ""},
		{"de-CH", true, ""},
		{"gsw", true, ""},
		{"es-419", true, ""},
		{"zh-Hant-TW", true, ""},
		{"sr-Latn", true, ""},
		{"EN", false, "en"},
		{"en_US", false, "en-US"},
		{"de-ch", false, "de-CH"},
		{"english", false, ""},
		{"e", false, ""},
		{"en-", false, ""},
	}
	for _, tt := range tests {
		if got := languageRE.MatchString(tt.code); got != tt.valid {
			t.Errorf("languageRE.MatchString(%q) = %v, want %v", tt.code, got, tt.valid)
		}
		if tt.valid {
			continue
		}
		if got := suggestLanguage(tt.code); got != tt.suggest {
			t.Errorf("suggestLanguage(%q) = %q, want %q", tt.code, got, tt.suggest)
		}
	}
}

func TestHasVisibleText(t *testing.T) {
	tests := map[string]bool{
		"":                 false,
		" \t\n":            false,
		"&nbsp;":           false,
		"\u00a0\u200b":     false,
		"\ufeff":           false,
		"a":                true,
		"&amp;":            true,
		"&nbsp;x":          true,
		"\u200bx\u200b":    true,
		"&notanentity;":    true,
		"&#8203;&#x200B; ": false,
	}
	for s, want := range tests {
		if got := hasVisibleText(s); got != want {
			t.Errorf("hasVisibleText(%q) = %v, want %v", s, got, want)
		}
	}
}
