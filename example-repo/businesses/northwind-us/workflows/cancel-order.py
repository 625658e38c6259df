"""Conditions for the "Cancel order" workflow.

Octocom calls evaluate_conditions(context) after the order has been looked up with
getOrderById; the order is in context["order"]. An order can be canceled within
60 minutes of being placed, as long as the warehouse has not started packing it.
"""

from datetime import datetime, timezone

CANCELLATION_WINDOW_MINUTES = 60

SHIPPED_STATUSES = ("shipped", "in_transit", "delivered")


def _parse_time(value):
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def evaluate_conditions(context):
    order = context.get("order") or {}
    status = order.get("fulfillmentStatus") or ""
    placed_at = _parse_time(order.get("createdAt"))
    now = datetime.now(timezone.utc)
    minutes_since_order = (now - placed_at).total_seconds() / 60 if placed_at else 0
    is_shipped = status in SHIPPED_STATUSES
    return {
        "isShipped": is_shipped,
        "isBeingPacked": not is_shipped
        and (status == "packing" or minutes_since_order > CANCELLATION_WINDOW_MINUTES),
    }
