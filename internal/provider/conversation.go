package provider

import "context"

// Conversations is the Bot Conversations part of the API: a program starts
// a conversation with a business's bot and sends it customer messages, one
// at a time, as a customer would. octosync's conversation tests use it.
// Every method is safe for concurrent use.
type Conversations interface {
	// StartConversation opens a new conversation with the bot of business
	// and returns its id.
	StartConversation(ctx context.Context, business string) (string, error)
	// SendMessage sends one customer message in a conversation and returns
	// the bot's reply to it.
	SendMessage(ctx context.Context, business, conversation, text string) (Reply, error)
}

// Reply is the bot's answer to one customer message, with whatever the API
// reports about how it was produced.
type Reply struct {
	// Text is the reply as the customer sees it.
	Text string
	// WorkflowReported says whether the API said which workflow handled
	// the message; Workflow is that workflow, nil for none.
	WorkflowReported bool
	Workflow         *Ref
	// ArticlesReported says whether the API said which articles the reply
	// used; Articles lists them.
	ArticlesReported bool
	Articles         []Ref
	// HandedOff is true when the bot handed the conversation to a person.
	HandedOff bool
}

// Ref names a live resource: its id and its title at the time.
type Ref struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}
