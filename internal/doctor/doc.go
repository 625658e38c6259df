// Package doctor checks an Octocom API against what octosync relies on,
// read-only, before anything is written: where the client connects and
// whether the key is accepted, the businesses the key sees, for each kind
// in each business page 1 of its list (envelope, pagination, every field
// octosync reads present with its type, and the fields octosync does not
// manage, counted), the history and one version of one resource per kind,
// the rate-limit headers, the server's clock and the round-trip time.
//
// Run never writes, by construction: it holds only an *octocom.Inspector,
// whose methods send GET requests and nothing else. What it finds is a
// Report: sections of checks, each ✓ or ✗, every ✗ saying what it breaks.
// The report is data (WriteJSON); render.Doctor writes it as text; the exit
// status is the caller's, from Report.OK.
//
// Spec (spec.go) is the offline half, `doctor --spec`: it compares an
// OpenAPI 3.0 or 3.1 document with the client's contract (octocom.Operations
// and octocom.Schemas) and lists every operation, parameter, header or
// schema field octosync uses that the document lacks or types differently.
package doctor
