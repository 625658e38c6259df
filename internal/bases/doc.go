// Package bases turns a repository's git history into bases: the
// canonical content of every version every resource file under businesses/
// ever had in a commit reachable from HEAD. The planner asks Bases whether a
// live resource's content was ever committed: if so the repository is ahead
// (an update); if not, somebody edited it outside git (drift).
//
// Load walks the history once through gitrepo.Dirs, which visits each
// distinct version of each folder once, and parses each distinct file
// content once with document.Parse, so the cost follows the number of
// changes, not commits × files.
//
// Content is compared by fingerprint: the SHA-256 of the JSON encoding of
// spec.Normalize(), per business and kind. Two files with the same canonical
// content are the same base, whatever their path or formatting.
//
// Workflows are the subtle case: a workflow's canonical content includes its
// condition provider (`conditionProvider: {file: x.py}`), and a commit may
// change the YAML, the .py or both. A (workflow, provider) pair counts only
// if the two files co-existed in one commit. Because document.Parse keeps
// providers inside the workflow's folder, every change to either file gives
// that folder a new tree, and Load re-checks each workflow of a new folder
// version against the provider versions it was already parsed with:
// unchanged pairs cost a lookup, new pairs a parse.
//
// Articles are the other subtle case: one without `language:` takes
// octosync.yaml's defaults.language, which has changed over the history of
// some repositories. Each commit is read with its own octosync.yaml (that
// setting is the walk's epoch, gitrepo.DirsEpoch), so an article committed
// under `de` is a base in German even after the default became `en`, and a
// commit that only switches the default makes every unchanged article a
// base in the new language too. A switch re-walks the folders once; the
// parses it adds are of articles only.
//
// Symbolic links are no files to git's trees here: package source refuses
// them as resource and provider files, so no file has a history this walk
// cannot see.
//
// History can be unavailable: outside a git repository or before the first
// commit (ErrNoHistory), or in a shallow clone whose older commits are
// missing (ErrShallow). The caller then plans without drift detection and
// says so in one line; Unavailable recognises both.
package bases
