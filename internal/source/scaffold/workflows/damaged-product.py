"""Conditions for the "Damaged product" workflow.

Octocom calls evaluate_conditions(context) and applies the first variant
whose condition is true. The order looked up with getOrderById is in
context["order"].
"""


def evaluate_conditions(context):
    order = context.get("order") or {}
    return {
        "isRefunded": order.get("refundStatus") == "refunded",
    }
