"""Service recovery's domain signals, sent inside the service's transaction (integrations sends
them on as webhooks to the company's CRM or helpdesk).

response_target_breached: case            (a first-response target passed without a staff answer)
case_resolved:            case, by        (the case moved to "resolved")
follow_up_answered:       follow_up, case (the customer answered "all good now?")
feedback_received:        feedback        (the feedback button, the 404 page, a compliment thread)
"""

from django.dispatch import Signal

response_target_breached = Signal()
case_resolved = Signal()
follow_up_answered = Signal()
feedback_received = Signal()
