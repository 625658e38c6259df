// Package history ties a resource's server versions to the repository: for
// each version of an article, workflow or bot rule, who made it, how (created,
// updated, deleted, restored from vN), and which commit of the repository
// held exactly that content, or that none did (a dashboard edit). It backs
// `octosync history` and the version choices of `octosync rollback`.
//
// The pieces, in the order a command uses them:
//
//   - Resolve binds resource files to their live resources with the plan's
//     own binding (id, else title), so history and rollback agree with plan
//     and apply about which resource a file is. With an environment the
//     files are bound as that environment sees them (environment.Desired:
//     rendered, under live slugs, ids only in the id environment).
//   - OpenCommits reads the git history once (package bases; with an
//     environment, each past file rendered with its values) and
//     answers "which commit first held this content" with the commit's
//     short hash and subject. Outside git, or in a shallow clone, it answers
//     nothing and says why: versions are then attributed "-".
//   - Build fetches the version history of each target (every page, newest
//     first; the provider bounds requests in flight) and marks the version
//     that is live and the versions the file in the working tree equals.
//   - Marshal encodes histories as JSON format version 1.
//
// Content is compared as plan compares it (resource.Equal, the history
// fingerprint): formatting and the file's path do not matter.
package history
