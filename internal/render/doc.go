// Package render turns a plan.Plan into what people and programs read:
//
//   - Text: the terminal rendering, Terraform-like — one header line per
//     change with its symbol (+ create, ~ update, - delete, < restore,
//     ! drift), the changed fields below it with long text as unified line
//     diffs, warnings, and a summary line. ANSI colour only when asked.
//   - Markdown: for pull-request comments and GitHub step summaries — a
//     summary table and one <details> block per change, kept under a size
//     limit with a note saying how many changes were left out.
//   - JSON: the saved-plan format of plan.Marshal.
//
// It renders the engines' other results too: apply reports, pull's and
// rollback's operations, history, validate's diagnostics, and the reports
// of a conversation-test run (ConvTestText, ConvTestJSON, ConvTestJUnit,
// ConvTestSummary, ConvTestDiagnostics), and Doctor for `octosync doctor`;
// every reply and error escaped.
//
// Every rendering of a plan made against the sandbox says so first. Output
// is deterministic: the same plan renders to the same bytes. Anything that
// came from a file or the API (titles, paths, text) is escaped for the
// medium: control characters never reach a terminal raw, and titles cannot
// inject Markdown or HTML.
//
// Renderers only write to the io.Writer they are given.
package render
