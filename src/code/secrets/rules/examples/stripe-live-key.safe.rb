require "stripe"

# ok: vigil.secrets.stripe-live-key
Stripe.api_key = ENV.fetch("STRIPE_SECRET_KEY")
# ok: vigil.secrets.stripe-live-key
PLACEHOLDER = "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"
# Publishable keys are meant to be public.
# ok: vigil.secrets.stripe-live-key
PUBLISHABLE = "pk_live_51Hx3ZqLk0aBcDeFgHiJkLmNoPqRsTuV"
