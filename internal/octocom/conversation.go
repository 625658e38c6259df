package octocom

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/octosync/octosync/internal/provider"
)

// The Bot Conversations endpoints (schema/openapi.yaml, tag conversations).
// Their real shape is not public; every detail of it stays in this file and
// in the contract (contract.go: Conversation, BotReply), which checks every
// answer as it does the resources', so that adopting the real one changes
// nothing outside the package.
//
// Both calls are POSTs without an Idempotency-Key: like a create, each is
// retried only when the server provably did not process it, and a lost
// answer is an error matching provider.ErrOutcomeUnknown. A conversation
// test that meets one fails rather than send a customer message twice.

var _ provider.Conversations = (*Client)(nil)

// wireConversation is what POST .../conversations answers.
type wireConversation struct {
	ID string `json:"id"`
}

// wireReply is the bot's reply to POST .../conversations/{id}/messages.
// Workflow and Articles are raw so that an absent field (the API does not
// report it) can be told from a null or empty one (it reports none).
type wireReply struct {
	Content   string          `json:"content"`
	HandedOff bool            `json:"handedOff"`
	Workflow  json.RawMessage `json:"workflow"`
	Articles  json.RawMessage `json:"articles"`
}

// StartConversation implements provider.Conversations.
func (c *Client) StartConversation(ctx context.Context, business string) (string, error) {
	if business == "" {
		return "", fmt.Errorf("no business slug given")
	}
	cl := call{method: http.MethodPost, path: "/businesses/" + url.PathEscape(business) + "/conversations",
		body: []byte("{}"), answer: "Conversation", notFound: businessNotFound(business)}
	ans, err := c.do(ctx, cl)
	if err != nil {
		return "", err
	}
	fields, err := c.readObject(cl, ans.body)
	if err != nil {
		return "", err
	}
	w, err := decodeFields[wireConversation](fields)
	if err != nil {
		return "", badAnswer(cl, err)
	}
	if w.ID == "" {
		return "", badAnswer(cl, fmt.Errorf("a conversation without an id"))
	}
	return w.ID, nil
}

// SendMessage implements provider.Conversations.
func (c *Client) SendMessage(ctx context.Context, business, conversation, text string) (provider.Reply, error) {
	if business == "" || conversation == "" {
		return provider.Reply{}, fmt.Errorf("send message: no business or conversation given")
	}
	body, err := json.Marshal(struct {
		Content string `json:"content"`
	}{text})
	if err != nil {
		return provider.Reply{}, err
	}
	cl := call{method: http.MethodPost,
		path: "/businesses/" + url.PathEscape(business) + "/conversations/" + url.PathEscape(conversation) + "/messages",
		body: body, answer: "BotReply", notFound: fmt.Sprintf("conversation `%s` not found in business `%s`", conversation, business)}
	ans, err := c.do(ctx, cl)
	if err != nil {
		return provider.Reply{}, err
	}
	fields, err := c.readObject(cl, ans.body)
	if err != nil {
		return provider.Reply{}, err
	}
	w, err := decodeFields[wireReply](fields)
	if err != nil {
		return provider.Reply{}, badAnswer(cl, err)
	}
	// A server may echo the key; the reply goes to reports and logs.
	r := provider.Reply{Text: c.red.text(w.Content), HandedOff: w.HandedOff}
	if w.Workflow != nil {
		r.WorkflowReported = true
		if err := json.Unmarshal(w.Workflow, &r.Workflow); err != nil {
			return provider.Reply{}, badAnswer(cl, fmt.Errorf("workflow: %w", err))
		}
		if r.Workflow != nil {
			r.Workflow.ID, r.Workflow.Title = c.red.text(r.Workflow.ID), c.red.text(r.Workflow.Title)
		}
	}
	if w.Articles != nil {
		r.ArticlesReported = true
		if err := json.Unmarshal(w.Articles, &r.Articles); err != nil {
			return provider.Reply{}, badAnswer(cl, fmt.Errorf("articles: %w", err))
		}
		for i, a := range r.Articles {
			r.Articles[i] = provider.Ref{ID: c.red.text(a.ID), Title: c.red.text(a.Title)}
		}
	}
	return r, nil
}
