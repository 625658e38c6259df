package sandbox

import (
	"testing"
	"time"
)

func TestConversationsForgetTheOldestPastTheBound(t *testing.T) {
	var c conversations
	first := c.start("biz_1", time.Time{})
	for range MaxConversations {
		c.start("biz_1", time.Time{})
	}
	if len(c.byID) != MaxConversations || len(c.order) != MaxConversations {
		t.Fatalf("%d conversations kept, want %d", len(c.byID), MaxConversations)
	}
	if _, apiErr := c.get("biz_1", first.ID); apiErr == nil {
		t.Errorf("the oldest conversation %s is still kept", first.ID)
	}
	if _, apiErr := c.get("biz_2", c.order[0]); apiErr == nil {
		t.Errorf("another business's conversation is visible")
	}
}
