import os

from slack_sdk import WebClient

# ok: vigil.secrets.slack-token
client = WebClient(token=os.environ["SLACK_BOT_TOKEN"])
# ok: vigil.secrets.slack-token
EXAMPLE = "xoxb-your-token"
# ok: vigil.secrets.slack-token
MASKED = "xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx"
