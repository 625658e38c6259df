// Package sandbox is octosync's emulator of the Octocom REST API.
//
// A [Server] is an [http.Handler] that implements every route of the API
// contract (docs/design.md §8, schema/openapi.yaml) under [BasePath]: businesses,
// articles, workflows and bot rules with the exact wire shapes, status codes,
// error bodies and validation limits of the real service, plus ETag/If-Match
// concurrency control, Idempotency-Key replays, soft delete, version history
// and restore, pagination and isolation between organizations (another
// organization's business or resource is a 404, never a 403).
//
// It also serves the two parts of the contract beyond configuration: a
// business's macros, read-only, from the seed (macro.go), and Bot
// Conversations answered by a deterministic test bot that picks the
// best-matching enabled workflow, else article, from the business's live
// configuration, or hands off (bot.go, conversation.go). The bot is a
// stand-in for testing octosync, not a model of Octocom's bot; its
// conversations live in memory only, bounded in number and length.
//
// On top of the contract it adds only what tests and demos need:
//
//   - organizations, API keys and initial content from a [Seed];
//   - the X-Sandbox-Actor header, which turns a write into a dashboard edit
//     by a named user (see [ActorHeader]);
//   - [ExtraFields] (Seed.ExtraFields): writable fields the contract lacks,
//     as a real API may have, with replace semantics, so that tests prove
//     that octosync keeps fields it does not manage;
//   - Options.BotFlakyEvery, which makes every N-th conversation hand off,
//     so that repeated conversation tests have something to measure;
//   - latency, a token-bucket rate limit per API key, a configurable page
//     size and deterministic fault injection (a 500 before any effect, a 500
//     after a write committed, a dropped connection), all set by [Options];
//   - GET /_sandbox/requests (the request log), DELETE /_sandbox/requests
//     (clear it) and GET /_sandbox/state (a dump of everything except API key
//     values); these need no key, are never delayed, limited or faulted, and
//     are not logged;
//   - persistence: with [Options.DataFile] every write is saved by atomic
//     replace through package safewrite (temp file, fsync, rename, fsync of
//     the directory; never through a symbolic link, nor is the lock file
//     opened through one) before it is acknowledged, so a killed sandbox
//     loses nothing it acknowledged. One
//     data file serves one Server at a time: New takes an exclusive lock
//     (flock on the file's ".lock" sibling, on Unix) and fails with an
//     error wrapping [ErrInUse] while another process, or an unclosed
//     Server of this one, holds it; [Server.Close] releases it.
//
// The sandbox is deterministic where tests need it to be: IDs come from one
// counter shared by the whole sandbox ([Server] never reuses an ID, also
// across restarts), times come from [Options.Now], and faults come from one
// seeded random source drawn in request arrival order.
//
// The package has its own wire structs and imports nothing from the octosync
// client, so the two can only agree through the contract.
package sandbox
