// Package lint runs the semantic checks over a loaded repository: everything
// a file can get wrong beyond its structure, which package document already
// checks against the JSON Schemas.
//
// The checks, each a diagnostic at the offending value with a message that
// says what to do:
//
//   - identity: two files with the same title in one business and kind
//     (when either has no id, the title is what binds it, so the pair is
//     ambiguous), and the same id in two files;
//   - the server's limits (config.Limits): title length, article and
//     bot-rule content length (in a repository with environments, a field
//     holding a placeholder is judged as each environment renders it:
//     asRendered), enabled bot rules per business, variants per workflow
//     and unique variant names, number and length of tags, and duplicate
//     tags (a warning);
//   - workflows: a blank trigger or instructions (as rendered, like the
//     limits above), a blank action name or variant instructions, a
//     variant condition without a condition provider (a
//     provider that is only white space counts as none, as it does for the
//     server), a provider that does not define evaluate_conditions, a
//     condition the provider never mentions (a warning), and action names
//     quoted in instructions that are missing from actions (a warning; see
//     actions.go for the heuristic);
//   - articles: an empty body or one with no visible text (warnings: the
//     server accepts them), relative links and images to files that do not
//     exist (resolved against the article's folder; URLs with a scheme,
//     root-relative paths and #anchors are left alone), and the language
//     code: an error when the server would refuse it, a warning when it is
//     accepted but not spelled the usual way ("en-us" for "en-US").
//
// In a repository with environments, every ${{ values.NAME }} placeholder
// must be well formed and have a value in every environment: in resource
// files (Check) and in conversation-test files (CheckTexts, which validate
// runs on each test's texts as written).
//
// The rule for severities: an error is something the server refuses (or an
// ambiguity octosync cannot resolve), measured on the normalized values
// octosync sends, so that validate passing means apply is not refused, and
// a file `octosync pull` wrote from accepted live content never fails
// validate. TestAgreesWithServer holds lint to the sandbox's rules. One
// error the server does not raise remains: a condition provider that does
// not define evaluate_conditions, which Octocom cannot call.
//
// A file with structural errors is skipped: its content is not what the
// user meant, so checking it would only repeat or guess. Fixing the
// structural errors and running again shows the rest. The ignore rules of
// octosync.yaml select what plan and apply touch; they never silence a
// check here.
//
// Load and Open are the one way a repository is read and judged (loader
// diagnostics and these checks, sorted): validate, every command that acts
// on a repository, and rollback --to-commit for a commit's tree use them.
//
// Every check is linear in its input. goldmark is quadratic on some inputs,
// so article bodies reach it in pieces of at most maxMarkdownChunk bytes
// (markdownChunks), cut between blocks, lines or words.
package lint
