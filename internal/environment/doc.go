// Package environment is the repository as one environment of
// octosync.yaml sees it (docs/environments.md). Files are written once,
// for every environment: their business folders, `id:` keys and
// ${{ values.NAME }} placeholders mean different things per environment,
// and this package is the one place that says what.
//
//   - Desired renders the files' resources for an environment: every
//     placeholder replaced by the environment's value, every business
//     folder replaced by the environment's live slug, and the ids dropped
//     unless the environment is the one whose ids the files hold (there a
//     file binds to its live resource by id, elsewhere by its rendered
//     title, the plan's usual rule for a file without an id).
//   - RenderBase and Bases give drift detection the same view of the git
//     history: a base is what a past file rendered to today, under its
//     folder's live slug.
//   - Restore is the way back, for pull: live content written in the
//     file's terms, keeping every placeholder whose rendered text is still
//     there (values.RestoreSpec), under the file's folder, with an id only
//     from the id environment.
//
// A nil *config.Environment is a repository without environments: every
// function is then the identity, and placeholders are plain text, exactly
// as before environments existed.
package environment
