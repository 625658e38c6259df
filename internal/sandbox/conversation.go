package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Conversations are test traffic: they live in memory only (a restart
// forgets them), bounded in number and length, and never take the store's
// write lock, so a test run does not slow down or persist anything.
const (
	// MaxConversations is how many conversations the sandbox keeps; the
	// oldest is forgotten when a new one would exceed it.
	MaxConversations = 10000
	// MaxConversationMessages bounds the customer messages of one
	// conversation; one more is a 422.
	MaxConversationMessages = 100
	// MaxMessageLength is the longest customer message, in characters.
	MaxMessageLength = 4000
)

// conversations holds the conversations of a Server.
type conversations struct {
	mu     sync.Mutex
	n      uint64 // conversations started, for ids and FlakyEvery
	byID   map[string]*conversation
	order  []string // ids, oldest first, for eviction
	flakyN int      // Options.BotFlakyEvery
}

// conversation is one conversation with a business's bot.
type conversation struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"createdAt"`
	HandedOff bool      `json:"handedOff"`
	Messages  []message `json:"messages"`

	business string // the business's id: another business's id is a 404
	flaky    bool   // the bot hands off on every message (Options.BotFlakyEvery)
}

// message is one message of a conversation, the customer's or the bot's.
// Workflow, Articles and HandedOff are reported on the bot's messages only.
type message struct {
	ID        string    `json:"id"`
	Role      string    `json:"role"` // "customer" or "bot"
	Content   string    `json:"content"`
	CreatedAt time.Time `json:"createdAt"`
	HandedOff *bool     `json:"handedOff,omitempty"`
	Workflow  *ref      `json:"workflow,omitempty"`
	Articles  []ref     `json:"articles,omitempty"`
}

// botMessage is the wire form of a bot reply: workflow is always present
// (null for none) and articles always a list.
type botMessage struct {
	ID        string    `json:"id"`
	Role      string    `json:"role"`
	Content   string    `json:"content"`
	CreatedAt time.Time `json:"createdAt"`
	HandedOff bool      `json:"handedOff"`
	Workflow  *ref      `json:"workflow"`
	Articles  []ref     `json:"articles"`
}

func (c *conversations) start(businessID string, now time.Time) conversation {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID == nil {
		c.byID = map[string]*conversation{}
	}
	c.n++
	conv := &conversation{
		ID:        formatID("conv_", c.n),
		CreatedAt: now,
		Messages:  []message{},
		business:  businessID,
		flaky:     c.flakyN > 0 && c.n%uint64(c.flakyN) == 0,
	}
	c.byID[conv.ID] = conv
	c.order = append(c.order, conv.ID)
	if len(c.order) > MaxConversations {
		delete(c.byID, c.order[0])
		c.order = c.order[1:]
	}
	return *conv
}

// get returns a copy of conversation id of business, or a 404.
func (c *conversations) get(businessID, id string) (conversation, *APIError) {
	c.mu.Lock()
	defer c.mu.Unlock()
	conv, ok := c.byID[id]
	if !ok || conv.business != businessID {
		return conversation{}, errNotFound("conversation %s not found in this business (the sandbox keeps conversations in memory: a restart forgets them)", id)
	}
	cp := *conv
	cp.Messages = append([]message(nil), conv.Messages...)
	return cp, nil
}

func (s *Server) startConversation(c *call) *APIError {
	body, apiErr := c.readBody()
	if apiErr != nil {
		return apiErr
	}
	if len(strings.TrimSpace(string(body))) > 0 {
		var v map[string]json.RawMessage
		if err := json.Unmarshal(body, &v); err != nil {
			return errBadRequest("the request body must be a JSON object (or empty): %v", err)
		}
	}
	s.mu.RLock()
	b, apiErr := s.business(c)
	s.mu.RUnlock()
	if apiErr != nil {
		return apiErr
	}
	conv := s.convs.start(b.ID, s.now())
	c.w.Header().Set("Location", BasePath+"/businesses/"+c.rt.slug+"/conversations/"+conv.ID)
	writeJSON(c.w, http.StatusCreated, conv)
	return nil
}

func (s *Server) getConversation(c *call) *APIError {
	s.mu.RLock()
	b, apiErr := s.business(c)
	s.mu.RUnlock()
	if apiErr != nil {
		return apiErr
	}
	conv, apiErr := s.convs.get(b.ID, c.rt.id)
	if apiErr != nil {
		return apiErr
	}
	writeJSON(c.w, http.StatusOK, conv)
	return nil
}

// sendMessage records a customer message and the bot's reply, and answers
// 201 with the reply.
func (s *Server) sendMessage(c *call) *APIError {
	body, apiErr := c.readBody()
	if apiErr != nil {
		return apiErr
	}
	var in struct {
		Content *string `json:"content"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return errBadRequest("the request body must be a JSON object {\"content\": \"...\"}: %v", err)
	}
	switch {
	case in.Content == nil || strings.TrimSpace(*in.Content) == "":
		return errValidation([]FieldError{{Field: "content", Message: "is required and must not be blank"}})
	case utf8.RuneCountInString(*in.Content) > MaxMessageLength:
		return errValidation([]FieldError{{Field: "content", Message: fmt.Sprintf("must be at most %d characters", MaxMessageLength)}})
	}
	s.mu.RLock()
	b, apiErr := s.business(c)
	if apiErr != nil {
		s.mu.RUnlock()
		return apiErr
	}
	ans := s.st.answer(b, *in.Content)
	s.mu.RUnlock()

	now := s.now()
	s.convs.mu.Lock()
	conv, ok := s.convs.byID[c.rt.id]
	if !ok || conv.business != b.ID {
		s.convs.mu.Unlock()
		return errNotFound("conversation %s not found in this business (the sandbox keeps conversations in memory: a restart forgets them)", c.rt.id)
	}
	if len(conv.Messages)/2 >= MaxConversationMessages {
		s.convs.mu.Unlock()
		return errValidation([]FieldError{{Field: "content", Message: fmt.Sprintf("the conversation already has %d messages, the most it may hold; start a new one", MaxConversationMessages)}})
	}
	if conv.flaky {
		ans = handoff()
	}
	n := len(conv.Messages)
	conv.Messages = append(conv.Messages, message{ID: fmt.Sprintf("%s_m%d", conv.ID, n+1), Role: "customer", Content: *in.Content, CreatedAt: now})
	reply := botMessage{
		ID: fmt.Sprintf("%s_m%d", conv.ID, n+2), Role: "bot", Content: ans.text, CreatedAt: now,
		HandedOff: ans.handedOff, Workflow: ans.workflow, Articles: ans.articles,
	}
	handedOff := ans.handedOff
	conv.Messages = append(conv.Messages, message{
		ID: reply.ID, Role: "bot", Content: reply.Content, CreatedAt: now,
		HandedOff: &handedOff, Workflow: ans.workflow, Articles: ans.articles,
	})
	conv.HandedOff = conv.HandedOff || ans.handedOff
	s.convs.mu.Unlock()
	writeJSON(c.w, http.StatusCreated, reply)
	return nil
}

// SetBotFlakyEvery changes Options.BotFlakyEvery for conversations started
// from now on; tests toggle the bot's unreliability with it.
func (s *Server) SetBotFlakyEvery(n int) {
	s.convs.mu.Lock()
	defer s.convs.mu.Unlock()
	s.convs.flakyN = max(n, 0)
}
