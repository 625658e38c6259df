// Package convtest holds octosync's conversation tests: the test files of
// businesses/<slug>/tests/*.yaml and the runner that plays them against a
// business's bot through provider.Conversations. The reports of a run (text,
// JSON, JUnit XML, the Markdown step summary of GitHub Actions) are package
// render's, like every other rendering.
//
// A test file holds a list of tests; a test is one conversation: the
// customer's messages in order, each with expectations on the bot's reply
// (contains, notContains, icontains, notIcontains, regex, workflow,
// articles, handedOff). repeat runs the conversation several times, each
// in a new conversation, and passRate says which fraction of those runs
// must pass (default all), for a bot that does not always answer alike.
//
// Load parses and checks every test file of a source.Repo the way package
// document checks resource files: JSON Schema (schema/test.schema.json)
// with positions and did-you-mean for unknown keys, regexes compiled, test
// names unique per file, and workflow and article names checked against
// the business's files (a warning when unknown: the test may target
// content created in the dashboard). Problems are diagnostics, never a Go
// error, so validate reports them with everything else.
//
// In a repository with environments, Load for an environment renders the
// ${{ values.NAME }} placeholders of customer messages and expectations
// with its values (package values) before any check is compiled, so that a
// test states what every environment answers; each test also keeps its
// texts as written (Test.Texts) for validate to check against every
// environment.
//
// Run plays the selected tests with bounded parallelism: at most
// Options.Parallelism conversations at once (callers pass the API
// client's own bound, so no conversation waits on the client's semaphore),
// the turns of one conversation strictly in order. A run stops at its first
// turn with a failed expectation (later turns would answer a conversation
// that already went wrong) or an API error. Results come back in the order
// of the tests, whatever order the conversations finished in.
//
// The API client redacts the key from replies before they reach a Result.
package convtest
