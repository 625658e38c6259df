// Package octocom is the client of the Octocom REST API and the only package
// that knows its wire format: paths, headers, JSON shapes and error bodies.
// Client implements provider.Provider, so the rest of octosync works with
// resource values and sentinel errors and never sees HTTP. Beyond
// configuration it lists macros (provider.Macros, read-only) and holds Bot
// Conversations (provider.Conversations) for conversation tests; the real
// shape of both is not public, so every wire detail of them is in
// macro.go and conversation.go.
//
// # Requests
//
// Every request of a Client goes through one pipeline (Client.do, send):
//
//	slots (Parallelism) ─► adaptive rate limiter ─► HTTP under time limits ─► classify ─► retry?
//
// The slots (slots.go) bound the requests in flight for the whole client,
// so a List fetching 40 pages and an apply running 8 updates share the
// same Parallelism; Client.Parallelism tells callers that fan out how large
// to make their errgroups. A free slot goes to the waiting request of the
// lowest provider.OrderOf (live.Fetch numbers its businesses), so reads
// made together complete one after another. The rate limiter
// (ratelimit.go) takes a bare limit the server announces (quota.go:
// RateLimit, X-RateLimit-*) as a start, probes upward until the server
// pushes back, and settles at the refill rate it measures (drain.go); a
// rate announced with its window (RateLimit-Policy) is its ceiling.
//
// # Time limits
//
// Every attempt has a header timeout, an idle-body timeout and a request
// timeout (Options); the one that fires is named in a *TimeoutError. The
// caller's context bounds the whole call; when it ends, the error carries
// its cause (the command's --timeout), not a bare "context canceled".
//
// # What the server may send
//
// Answers are checked against the contract as they arrive (limits.go): a
// list announcing more than the client reads, pages over their size, and
// content over the contract's limits are errors, never data. Bodies are cut
// at 64 MiB.
//
// # The contract
//
// contract.go lists, in one place, every operation the client sends and
// every field it sends or reads, typed. Every 2xx body is checked against
// it before it is decoded (check.go): a missing envelope key, id or version,
// or a field of another type, is an error naming the request, the field
// and what was expected, never a panic, an empty list or half the data. The
// same table drives `octosync doctor` (Inspector: GET requests only, raw
// answers) and `doctor --spec`.
//
// # Fields octosync does not manage
//
// A live resource keeps every field of the answer that its kind does not
// manage and the server does not set, exactly as sent
// (resource.Unmanaged); Update sends them back after the spec's fields
// (encodeWrite), the one place a PUT body is built, so that nothing
// octosync does not manage is lost. A workflow variant's unknown keys are
// kept the same way, by variant name (resource.VariantKeys), and written
// back inside the variant of that name. A version keeps its snapshot's
// (provider.Version.Unmanaged), so that a rollback can tell whether a
// restore would bring back other values than the live ones.
//
// # Trace
//
// Options.Trace records every attempt as HAR 1.2 with the key and
// credentials redacted (trace.go), for bug reports.
//
// # Retries
//
// Reads (GET) and idempotent writes (PUT, DELETE) are retried on 429, 5xx and
// connection errors, with full-jitter exponential backoff (100 ms base, 5 s
// cap); a 429's Retry-After replaces the backoff. POST (create, restore) is
// retried only when the server provably did not process it: a 429, or a dial
// error (the request never left the machine). A POST that got a 5xx or lost
// its connection after sending returns an error matching
// provider.ErrOutcomeUnknown, even with an Idempotency-Key: the caller
// re-reads live state and decides, and the key makes its retry safe. A PUT or
// DELETE with an ambiguous attempt (5xx, lost connection) matches
// ErrOutcomeUnknown however it ends, unless a retry succeeds: out of
// attempts, refused (a 412 or 404 may even be the earlier attempt's doing,
// so the refusal's own sentinel is dropped), told to wait longer than a
// minute, or cancelled.
//
// A timed-out attempt is retried once at most (a POST not at all: its
// outcome is unknown). TLS certificate errors and malformed requests are
// never retried.
//
// Dial errors (connection refused, unknown host) get at most three attempts
// whatever MaxAttempts says: a wrong --api-url should fail in well under a
// second, not after the full backoff schedule. A Retry-After longer than a
// minute is not waited out: the request fails with ErrRateLimited at once.
//
// Below the client, net/http itself may resend a request on a reused
// keep-alive connection that broke before any answer, but only a GET or a
// POST carrying an Idempotency-Key: both safe to replay by definition.
//
// # Errors
//
// An answer other than 2xx becomes an *Error carrying the status, the
// server's code, message and field details; errors.Is maps it onto the
// provider sentinels (404 → ErrNotFound, 412 → ErrConflict, ...); the
// code idempotency_key_reused (a create's Idempotency-Key already used with
// another body) is recognized by its code and matches ErrValidation. Messages
// are written for the person at the terminal: a 401 says which setting to
// check, an unreachable server names the URL and the flag.
//
// # Secrets
//
// The API key is sent as X-API-Key and nowhere else. It is never logged,
// never formatted (Options and Client redact it under every fmt verb), and
// any occurrence of it in text the server sends back (error messages,
// non-JSON bodies) is replaced by [redacted] before it reaches an error.
package octocom
