package sandbox_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

type botReply struct {
	Content   string `json:"content"`
	HandedOff bool   `json:"handedOff"`
	Workflow  *struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"workflow"`
	Articles []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"articles"`
}

// converse starts a conversation in demo and sends msgs, returning the
// replies.
func converse(t *testing.T, c *client, msgs ...string) (string, []botReply) {
	t.Helper()
	conv := c.do("POST", "/businesses/demo/conversations", nil).want(t, http.StatusCreated).obj(t)
	id := conv["id"].(string)
	var out []botReply
	for _, m := range msgs {
		out = append(out, decode[botReply](t, c.do("POST", "/businesses/demo/conversations/"+id+"/messages", map[string]any{"content": m}).want(t, http.StatusCreated)))
	}
	return id, out
}

func TestBotAnswersFromLiveConfiguration(t *testing.T) {
	_, c := newTestServer(t, sandbox.Options{})
	c.create("workflows", map[string]any{"title": "Damaged product", "trigger": "When a customer reports receiving a damaged product.", "instructions": "Apologise and ask for a photo of the damage."})
	c.create("workflows", map[string]any{"title": "Cancel order", "trigger": "When a customer wants to cancel an order.", "instructions": "Cancel it.", "enabled": false})
	ret := c.create("articles", map[string]any{"title": "Return policy", "content": "You can return any item within 30 days.", "tags": []string{"returns"}, "language": "en"})
	c.create("articles", map[string]any{"title": "Shipping", "content": "We ship with DHL.", "tags": []string{"shipping"}, "language": "en"})

	_, replies := converse(t, c,
		"My parcel arrived and the product is damaged",
		"How many days do I have to return an item?",
		"I want to cancel my order",
		"Do you sell gift cards?")
	if r := replies[0]; r.Workflow == nil || r.Workflow.Title != "Damaged product" || r.Content != "Apologise and ask for a photo of the damage." || r.HandedOff {
		t.Errorf("damaged: got %+v, want the Damaged product workflow", r)
	}
	if r := replies[1]; r.Workflow != nil || len(r.Articles) != 1 || r.Articles[0].ID != ret.ID || r.Content != "You can return any item within 30 days." {
		t.Errorf("returns: got %+v, want the Return policy article", r)
	}
	if r := replies[2]; !r.HandedOff || r.Workflow != nil || len(r.Articles) != 0 {
		t.Errorf("cancel (disabled workflow): got %+v, want a handoff", r)
	}
	if r := replies[3]; !r.HandedOff {
		t.Errorf("gift cards: got %+v, want a handoff", r)
	}
}

func TestConversationTranscriptAndErrors(t *testing.T) {
	_, c := newTestServer(t, sandbox.Options{})
	c.create("articles", map[string]any{"title": "Return policy", "content": "Within 30 days.", "tags": []string{"returns"}, "language": "en"})
	id, _ := converse(t, c, "return policy please")
	conv := decode[struct {
		ID       string `json:"id"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
	}](t, c.do("GET", "/businesses/demo/conversations/"+id, nil).want(t, http.StatusOK))
	if len(conv.Messages) != 2 || conv.Messages[0].Role != "customer" || conv.Messages[1].Content != "Within 30 days." {
		t.Errorf("transcript = %+v", conv.Messages)
	}
	c.do("POST", "/businesses/demo/conversations/"+id+"/messages", map[string]any{"content": "  "}).want(t, http.StatusUnprocessableEntity, sandbox.CodeValidation)
	c.do("POST", "/businesses/demo/conversations/"+id+"/messages", "[1]").want(t, http.StatusBadRequest, sandbox.CodeBadRequest)
	c.do("POST", "/businesses/demo/conversations/conv_zzzzz/messages", map[string]any{"content": "hi"}).want(t, http.StatusNotFound, sandbox.CodeNotFound)
	c.do("GET", "/businesses/nope/conversations/"+id, nil).want(t, http.StatusNotFound, sandbox.CodeNotFound)
	c.do("DELETE", "/businesses/demo/conversations/"+id, nil).want(t, http.StatusMethodNotAllowed)
	c.withKey("").do("POST", "/businesses/demo/conversations", nil).want(t, http.StatusUnauthorized)
}

func TestBotFlakyEveryHandsOffOnSchedule(t *testing.T) {
	_, c := newTestServer(t, sandbox.Options{BotFlakyEvery: 3})
	c.create("articles", map[string]any{"title": "Return policy", "content": "Within 30 days.", "tags": []string{"returns"}, "language": "en"})
	var handedOff []bool
	for range 6 {
		_, r := converse(t, c, "return policy")
		handedOff = append(handedOff, r[0].HandedOff)
	}
	want := []bool{false, false, true, false, false, true}
	for i := range want {
		if handedOff[i] != want[i] {
			t.Fatalf("handed off per conversation = %v, want %v", handedOff, want)
		}
	}
}

func TestMacrosAreServedReadOnly(t *testing.T) {
	seed := sandbox.DefaultSeed()
	seed.Organizations[0].Businesses[0].Macros = []sandbox.SeedMacro{
		{Title: "Refund issued", Content: "Hi! Your refund is on its way."},
		{Title: "Ask for order number", Content: "Could you send me your order number?"},
	}
	sb, c := newTestServer(t, sandbox.Options{Seed: seed, PageSize: 1})
	page1 := decode[list[sandbox.Macro]](t, c.do("GET", "/businesses/demo/macros", nil).want(t, http.StatusOK))
	page2 := decode[list[sandbox.Macro]](t, c.do("GET", "/businesses/demo/macros?page=2", nil).want(t, http.StatusOK))
	if page1.Pagination.TotalItems != 2 || len(page1.Data) != 1 || len(page2.Data) != 1 || page2.Data[0].Title != "Ask for order number" {
		t.Fatalf("pages = %+v, %+v", page1, page2)
	}
	m := decode[sandbox.Macro](t, c.do("GET", "/businesses/demo/macros/"+page1.Data[0].ID, nil).want(t, http.StatusOK))
	if m.Content != "Hi! Your refund is on its way." {
		t.Errorf("macro = %+v", m)
	}
	c.do("GET", "/businesses/demo/macros/mac_nope", nil).want(t, http.StatusNotFound, sandbox.CodeNotFound)
	c.do("POST", "/businesses/demo/macros", map[string]any{"title": "x", "content": "y"}).want(t, http.StatusMethodNotAllowed, sandbox.CodeMethodNotAllowed)
	c.do("PUT", "/businesses/demo/macros/"+m.ID, map[string]any{"title": "x", "content": "y"}).want(t, http.StatusMethodNotAllowed)
	if got := sb.State().Organizations[0].Businesses[0].Macros; len(got) != 2 {
		t.Errorf("state dump holds %d macros, want 2", len(got))
	}
}

func TestSeedMacrosDoNotRenumberResources(t *testing.T) {
	build := func(withMacros bool) sandbox.State {
		seed := &sandbox.Seed{Organizations: []sandbox.SeedOrganization{{Name: "o", APIKeys: []sandbox.SeedAPIKey{{Key: "k"}},
			Businesses: []sandbox.SeedBusiness{{Slug: "a"}, {Slug: "b", Articles: nil}}}}}
		if withMacros {
			seed.Organizations[0].Businesses[0].Macros = []sandbox.SeedMacro{{Title: "M", Content: "c"}}
		}
		sb, err := sandbox.New(sandbox.Options{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return sb.State()
	}
	if a, b := build(false), build(true); a.Organizations[0].Businesses[1].ID != b.Organizations[0].Businesses[1].ID {
		t.Errorf("business b id %s with macros, %s without", b.Organizations[0].Businesses[1].ID, a.Organizations[0].Businesses[1].ID)
	}
}

func TestMacrosArePersisted(t *testing.T) {
	seed := sandbox.DefaultSeed()
	seed.Organizations[0].Businesses[0].Macros = []sandbox.SeedMacro{{Title: "Refund issued", Content: "On its way."}}
	data := t.TempDir() + "/state.json"
	sb, err := sandbox.New(sandbox.Options{Seed: seed, DataFile: data})
	if err != nil {
		t.Fatal(err)
	}
	sb.Close()
	sb, err = sandbox.New(sandbox.Options{DataFile: data})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	if got := sb.State().Organizations[0].Businesses[0].Macros; len(got) != 1 || got[0].Content != "On its way." {
		t.Errorf("macros after a restart = %+v", got)
	}
}

func TestConversationLengthIsBounded(t *testing.T) {
	_, c := newTestServer(t, sandbox.Options{})
	id, _ := converse(t, c)
	for range sandbox.MaxConversationMessages {
		c.do("POST", "/businesses/demo/conversations/"+id+"/messages", map[string]any{"content": "hi"}).want(t, http.StatusCreated)
	}
	c.do("POST", "/businesses/demo/conversations/"+id+"/messages", map[string]any{"content": "hi"}).want(t, http.StatusUnprocessableEntity, sandbox.CodeValidation)
	long := strings.Repeat("x", sandbox.MaxMessageLength+1)
	id2, _ := converse(t, c)
	c.do("POST", "/businesses/demo/conversations/"+id2+"/messages", map[string]any{"content": long}).want(t, http.StatusUnprocessableEntity, sandbox.CodeValidation)
}
