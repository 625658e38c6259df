package octocom

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/sandbox"
)

func TestConversationRoundTrip(t *testing.T) {
	seed := sandbox.DefaultSeed()
	b := &seed.Organizations[0].Businesses[0]
	b.Workflows = append(b.Workflows, []byte(`{"title":"Damaged product","trigger":"When a customer reports a damaged product.","instructions":"Ask for a photo."}`))
	b.Articles = append(b.Articles, []byte(`{"title":"Return policy","content":"Returns within 30 days.","language":"en","tags":["returns"]}`))
	e := newEnv(t, sandbox.Options{Seed: seed}, Options{})
	ctx := context.Background()
	id, err := e.client.StartConversation(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.client.SendMessage(ctx, "demo", id, "The product I got is damaged")
	if err != nil {
		t.Fatal(err)
	}
	if !r.WorkflowReported || r.Workflow == nil || r.Workflow.Title != "Damaged product" || r.Text != "Ask for a photo." || r.HandedOff {
		t.Errorf("reply = %+v, want the Damaged product workflow", r)
	}
	r, err = e.client.SendMessage(ctx, "demo", id, "What is the return policy?")
	if err != nil {
		t.Fatal(err)
	}
	if !r.WorkflowReported || r.Workflow != nil || !r.ArticlesReported || len(r.Articles) != 1 || r.Articles[0].Title != "Return policy" {
		t.Errorf("reply = %+v, want the Return policy article and no workflow", r)
	}
	if _, err := e.client.SendMessage(ctx, "demo", "conv_nope", "hi"); !errors.Is(err, provider.ErrNotFound) {
		t.Errorf("unknown conversation: err = %v, want ErrNotFound", err)
	}
	if _, err := e.client.StartConversation(ctx, "nope"); !errors.Is(err, provider.ErrNotFound) {
		t.Errorf("unknown business: err = %v, want ErrNotFound", err)
	}
	if got := len(requests(e.sb, http.MethodPost, "/businesses/demo/conversations")); got != 4 {
		t.Errorf("%d POSTs to conversations, want 4 (one start, three messages: no retries)", got)
	}
}

func TestSendMessageIsNotRetriedAfterAServerFailure(t *testing.T) {
	e := newEnv(t, sandbox.Options{}, Options{Sleep: (&sleeps{}).sleep})
	ctx := context.Background()
	id, err := e.client.StartConversation(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	e.sb.SetFailRate(1)
	_, err = e.client.SendMessage(ctx, "demo", id, "hello")
	if !errors.Is(err, provider.ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
	}
}

func TestMacrosListsEveryPage(t *testing.T) {
	seed := sandbox.DefaultSeed()
	for _, title := range []string{"Refund issued", "Order number", "Goodbye"} {
		seed.Organizations[0].Businesses[0].Macros = append(seed.Organizations[0].Businesses[0].Macros, sandbox.SeedMacro{Title: title, Content: title + "."})
	}
	e := newEnv(t, sandbox.Options{Seed: seed, PageSize: 2}, Options{})
	ms, err := e.client.Macros(context.Background(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 || ms[2].Title != "Goodbye" || ms[2].Content != "Goodbye." || ms[0].Business != "demo" {
		t.Errorf("macros = %+v", ms)
	}
}

// TestRepliesNeverCarryTheKey: a server that echoes the API key in a
// reply, a workflow's or an article's title does not get it into the reply
// octosync reports.
func TestRepliesNeverCarryTheKey(t *testing.T) {
	seed := sandbox.DefaultSeed()
	b := &seed.Organizations[0].Businesses[0]
	b.Workflows = append(b.Workflows, []byte(`{"title":"Damaged `+testKey+`","trigger":"When a customer reports a damaged product.","instructions":"Your key is `+testKey+`."}`))
	e := newEnv(t, sandbox.Options{Seed: seed}, Options{})
	ctx := context.Background()
	id, err := e.client.StartConversation(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.client.SendMessage(ctx, "demo", id, "The product I got is damaged")
	if err != nil {
		t.Fatal(err)
	}
	if r.Workflow == nil {
		t.Fatalf("reply = %+v, want the workflow", r)
	}
	if got := r.Text + r.Workflow.Title; strings.Contains(got, testKey) || !strings.Contains(r.Text, "[redacted]") {
		t.Errorf("reply %q, workflow %q: the key must be [redacted]", r.Text, r.Workflow.Title)
	}
}

// TestAConversationAnswerOctosyncCannotReadIsNamed: the conversation
// endpoints are in the contract, so a reply of another shape names the
// request and the field instead of passing as an empty reply.
func TestAConversationAnswerOctosyncCannotReadIsNamed(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	edit := func(b []byte) []byte { return bytes.Replace(b, []byte(`"content":`), []byte(`"text":`), 1) }
	e := newEnvHandler(t, sb, rewriting(sb, "/messages", edit), Options{})
	ctx := context.Background()
	id, err := e.client.StartConversation(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.client.SendMessage(ctx, "demo", id, "hello")
	if want := "/messages: the answer is not what octosync reads: content is missing (a string is expected)"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want one saying %q", err, want)
	}
}
