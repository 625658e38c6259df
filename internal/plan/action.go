package plan

// Action is what apply does to one resource. Its value is the name used in
// the JSON plan.
type Action string

const (
	// Create makes a new live resource from After.
	Create Action = "create"
	// Update replaces the live resource's content with After.
	Update Action = "update"
	// Delete soft-deletes the live resource.
	Delete Action = "delete"
	// Restore undeletes a soft-deleted resource by restoring
	// RestoreVersion, then updates it to After when they differ.
	Restore Action = "restore"
)

// actionOrder lists every action in the order changes with equal keys are
// sorted.
var actionOrder = [...]Action{Create, Restore, Update, Delete}

// DriftSymbol marks a drifted change in text renderings instead of its
// action's symbol.
const DriftSymbol = "!"

// Symbol is the one-character ASCII mark of the action in text renderings:
// "+" create, "~" update, "-" delete, "<" restore (back from the history).
func (a Action) Symbol() string {
	switch a {
	case Create:
		return "+"
	case Update:
		return "~"
	case Delete:
		return "-"
	case Restore:
		return "<"
	}
	return "?"
}

// Valid reports whether a is create, update, delete or restore.
func (a Action) Valid() bool { return a.rank() < len(actionOrder) }

// rank is a's position in actionOrder (len(actionOrder) when unknown).
func (a Action) rank() int {
	for i, x := range actionOrder {
		if x == a {
			return i
		}
	}
	return len(actionOrder)
}
