import requests

# Classic personal access token (checksum verified).
# ruleid: vigil.secrets.github-token
GITHUB_TOKEN = "@@gen:github:ghp@@"
# OAuth, user-to-server, server-to-server and refresh tokens.
# ruleid: vigil.secrets.github-token
oauth = "@@gen:github:gho@@"
# ruleid: vigil.secrets.github-token
user_to_server = "@@gen:github:ghu@@"
# ruleid: vigil.secrets.github-token
installation = "@@gen:github:ghs@@"
# ruleid: vigil.secrets.github-token
refresh = "@@gen:github:ghr@@"
# Fine-grained personal access token (format verified).
# ruleid: vigil.secrets.github-token
headers = {"Authorization": "Bearer @@gen:github-pat@@"}
requests.get("https://api.github.com/user", headers=headers, timeout=10)
