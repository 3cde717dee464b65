require "stripe"

# Keys from Stripe's own documentation are allow-listed.
# ok: vigil.secrets.stripe-test-key
Stripe.api_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
# ok: vigil.secrets.stripe-test-key
DOCS_KEY = "sk_test_26PHem9AhJZvU623DfE1x4sd"
