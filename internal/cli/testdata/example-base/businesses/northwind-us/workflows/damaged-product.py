"""Conditions for the "Damaged product" workflow.

Octocom calls evaluate_conditions(context) after the order has been looked up with
getOrderById; the order is in context["order"]. Each key of the returned dict can be
named in a variant's `condition`.
"""

from datetime import datetime, timezone

# Orders at or above this total (in the store's currency) go to a human agent.
HIGH_VALUE_THRESHOLD = 300

# Damage reported later than this is no longer treated as transport damage.
TRANSPORT_DAMAGE_DAYS = 30


def _parse_time(value):
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def evaluate_conditions(context):
    order = context.get("order") or {}
    delivered_at = _parse_time(order.get("deliveredAt"))
    now = datetime.now(timezone.utc)
    days_since_delivery = (now - delivered_at).days if delivered_at else 0
    return {
        "isRefunded": order.get("refundStatus") in ("refunded", "partially_refunded"),
        "isOlderThan30Days": days_since_delivery > TRANSPORT_DAMAGE_DAYS,
        "isHighValue": float(order.get("total") or 0) >= HIGH_VALUE_THRESHOLD,
    }
