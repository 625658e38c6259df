// Package provider defines Provider, the one interface through which octosync
// reads and writes live Octocom state, and the decorators around it.
//
// The REST client (internal/octocom) implements Provider. Commands that must
// not change anything (plan, validate, history) receive a ReadOnly wrapper, so
// "plan never writes" holds by construction: a write through it returns
// ErrReadOnly before any request is made.
//
// Two narrower interfaces sit beside it, for the parts of the API that are
// not configuration: Macros (read-only, exported by pull) and Conversations
// (the Bot Conversations API that `octosync test` talks to). The client
// implements both; a caller type-asserts for them. ReadOnly forwards every
// read interface (Macros, Parallel), so nobody unwraps it; it does not
// forward Conversations, which write.
//
// Callers decide on errors with errors.Is against the sentinels here
// (ErrNotFound, ErrConflict, ...); the client's typed errors match them.
package provider
