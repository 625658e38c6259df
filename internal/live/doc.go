// Package live reads the live state octosync plans against: the businesses a
// repository manages and every article, workflow and bot rule in them,
// soft-deleted ones included (a file whose id names a deleted resource plans
// as a restore). It also fills in who made a drifted change, from the
// version history, for the few resources that need it.
//
// A plan of an organization that is already in sync costs exactly
// 1 + (list pages per kind per business) GET requests: one GET /businesses
// and the list pages. Nothing else is fetched unless a change needs it.
//
// Fetch reads the businesses in order: business n's lists carry
// provider.WithOrder(n), so a provider bounding its requests in flight
// finishes one business before the next, and an Observer hears each
// business as soon as it is complete (a bulk export writes it meanwhile).
// It reads up to four times as many lists at once as the provider has
// requests in flight, so that the lists' first pages (which the API
// client sends before any later page) are asked for early.
package live
