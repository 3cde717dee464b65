#!/bin/sh
set -eu
# Slack's documented example URL is allow-listed.
# ok: vigil.secrets.slack-webhook
echo "e.g. https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
# ok: vigil.secrets.slack-webhook
curl -fsS -X POST -d '{"text":"deploy done"}' "$SLACK_WEBHOOK_URL"
