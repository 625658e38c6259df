package rollback

import "testing"

func TestMessageSaysWhatAndWhy(t *testing.T) {
	rb := &Rollback{Subject: `Roll back bot-rule "R" in demo to version 2`, Details: []string{"bot-rule \"R\" in demo (r1): version 4 → version 2"}}
	want := "Roll back bot-rule \"R\" in demo to version 2\n\n- bot-rule \"R\" in demo (r1): version 4 → version 2\n\nWhy: a bad edit on Friday\n"
	if got := Message(rb, "  a bad edit on Friday "); got != want {
		t.Errorf("Message:\n%q\nwant\n%q", got, want)
	}
	if got := Message(&Rollback{Subject: "S"}, ""); got != "S\n" {
		t.Errorf("Message without details or reason: %q", got)
	}
}
