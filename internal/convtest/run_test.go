package convtest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/octosync/octosync/internal/provider"
)

// fakeBot answers by a function of the message; it counts conversations and
// the most calls in flight at once.
type fakeBot struct {
	answer func(conv int, msg string) (provider.Reply, error)
	gate   chan struct{} // when set, StartConversation waits for a token

	mu              sync.Mutex
	convs           int
	inFlight, maxIn int
	started         chan struct{}
	messagesPerConv map[string][]string
}

func (b *fakeBot) StartConversation(ctx context.Context, business string) (string, error) {
	b.mu.Lock()
	b.convs++
	id := fmt.Sprintf("c%d", b.convs)
	b.inFlight++
	b.maxIn = max(b.maxIn, b.inFlight)
	b.mu.Unlock()
	if b.started != nil {
		b.started <- struct{}{}
	}
	if b.gate != nil {
		<-b.gate
	}
	b.mu.Lock()
	b.inFlight--
	b.mu.Unlock()
	return id, nil
}

func (b *fakeBot) SendMessage(ctx context.Context, business, conv, text string) (provider.Reply, error) {
	b.mu.Lock()
	if b.messagesPerConv == nil {
		b.messagesPerConv = map[string][]string{}
	}
	b.messagesPerConv[conv] = append(b.messagesPerConv[conv], text)
	var n int
	fmt.Sscanf(conv, "c%d", &n)
	b.mu.Unlock()
	return b.answer(n, text)
}

func mustParse(t *testing.T, file string) []*Test {
	t.Helper()
	tests, diags := Parse("businesses/acme/tests/t.yaml", []byte(file), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return tests
}

const twoTurns = `tests:
  - name: Two turns
    turns:
      - customer: first
        expect: {contains: ok}
      - customer: second
        expect: {contains: ok}
  - name: Other
    turns:
      - customer: other
        expect: {contains: ok}
`

func TestRunStopsAtTheFirstFailedTurn(t *testing.T) {
	bot := &fakeBot{answer: func(_ int, msg string) (provider.Reply, error) {
		if msg == "first" {
			return provider.Reply{Text: "nope"}, nil
		}
		return provider.Reply{Text: "ok"}, nil
	}}
	results, err := Run(context.Background(), bot, mustParse(t, twoTurns), nil, Options{Parallelism: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 2 || results[0].Test.Name != "Two turns" || results[1].Test.Name != "Other" {
		t.Fatalf("results not in test order: %+v", results)
	}
	if results[0].OK || len(results[0].Runs[0].Turns) != 1 || !results[1].OK {
		t.Errorf("first test: ok %v, %d turns played; second ok %v", results[0].OK, len(results[0].Runs[0].Turns), results[1].OK)
	}
	for conv, msgs := range bot.messagesPerConv {
		if strings.Join(msgs, ",") == "second" || strings.Join(msgs, ",") == "first,second" {
			t.Errorf("conversation %s got %v: the second turn was sent after the first failed", conv, msgs)
		}
	}
	if f := results[0].Runs[0].Turns[0].Failures; len(f) != 1 || f[0].Expectation.Pos.Line != 5 || f[0].Why != "the reply does not contain it" {
		t.Errorf("first test's failure: %+v, want contains at line 5", f)
	}
}

func TestRunKeepsConversationsWithinTheParallelism(t *testing.T) {
	const parallelism = 3
	file := "tests:\n  - name: Many\n    repeat: 10\n    turns: [{customer: hi}]\n"
	bot := &fakeBot{
		answer:  func(int, string) (provider.Reply, error) { return provider.Reply{Text: "hi"}, nil },
		gate:    make(chan struct{}),
		started: make(chan struct{}, 100),
	}
	done := make(chan []Result)
	go func() {
		results, _ := Run(context.Background(), bot, mustParse(t, file), nil, Options{Parallelism: parallelism})
		done <- results
	}()
	// Wait until `parallelism` conversations are held, then release them
	// one at a time: never more than that many may be started at once.
	for range parallelism {
		<-bot.started
	}
	for range 10 {
		bot.gate <- struct{}{}
	}
	results := <-done
	if bot.maxIn != parallelism {
		t.Errorf("at most %d conversations were in flight, want exactly %d", bot.maxIn, parallelism)
	}
	if results[0].Passed != 10 || !results[0].OK {
		t.Errorf("result = %+v", results[0])
	}
}

func TestRunReportsAPIErrorsAsErrors(t *testing.T) {
	bot := &fakeBot{answer: func(int, string) (provider.Reply, error) {
		return provider.Reply{}, errors.New("POST /x: 500 internal_error")
	}}
	results, err := Run(context.Background(), bot, mustParse(t, twoTurns), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if results[0].OK || results[0].Runs[0].Err == nil || !strings.Contains(results[0].Runs[0].Err.Error(), "500 internal_error") {
		t.Fatalf("result = %+v, want a failed run with the API error", results[0])
	}
}

func TestRunStopsWhenTheKeyIsRefused(t *testing.T) {
	bot := &fakeBot{answer: func(int, string) (provider.Reply, error) {
		return provider.Reply{}, fmt.Errorf("401 unauthorized: %w", provider.ErrUnauthorized)
	}}
	results, err := Run(context.Background(), bot, mustParse(t, twoTurns), nil, Options{Parallelism: 1})
	if !errors.Is(err, provider.ErrUnauthorized) || results != nil {
		t.Fatalf("Run = %v, %v; want ErrUnauthorized and no results", results, err)
	}
	if bot.convs != 1 {
		t.Errorf("%d conversations started after the key was refused, want 1", bot.convs)
	}
}
