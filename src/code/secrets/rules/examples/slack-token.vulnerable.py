from slack_sdk import WebClient

# ruleid: vigil.secrets.slack-token
client = WebClient(token="@@gen:slack-bot@@")
