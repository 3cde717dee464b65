import os

# A token-shaped string whose CRC32 checksum does not match is not a GitHub token.
# ok: vigil.secrets.github-token
GITHUB_TOKEN = "@@gen:github-bad:ghp@@"
# ok: vigil.secrets.github-token
placeholder = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# ok: vigil.secrets.github-token
token = os.environ["GITHUB_TOKEN"]
# ok: vigil.secrets.github-token
workflow = "${{ secrets.GITHUB_TOKEN }}"
