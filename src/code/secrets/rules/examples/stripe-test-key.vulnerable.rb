require "stripe"

# Test-mode keys are reported at LOW severity.
# ruleid: vigil.secrets.stripe-test-key
Stripe.api_key = "@@gen:stripe:sk_test@@"
# ruleid: vigil.secrets.stripe-test-key
RESTRICTED = "@@gen:stripe:rk_test@@"
