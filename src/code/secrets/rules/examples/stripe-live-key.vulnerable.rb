require "stripe"

# ruleid: vigil.secrets.stripe-live-key
Stripe.api_key = "@@gen:stripe:sk_live@@"
# ruleid: vigil.secrets.stripe-live-key
REPORTING_KEY = "@@gen:stripe:rk_live@@"
