import os

# The documentation's example id is allow-listed.
# ok: vigil.secrets.aws-access-key-id
ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
# Read from the environment.
# ok: vigil.secrets.aws-access-key-id
key_id = os.environ["AWS_ACCESS_KEY_ID"]
# Too short, lower case, or part of a longer word: not a key id.
# ok: vigil.secrets.aws-access-key-id
prefix = "AKIAQWERTYUIOPAS"
# ok: vigil.secrets.aws-access-key-id
label = "akiaqwertyuiopasdfgh"
# ok: vigil.secrets.aws-access-key-id
blob = "XAKIAQWERTYUIOPASDFGHX"
