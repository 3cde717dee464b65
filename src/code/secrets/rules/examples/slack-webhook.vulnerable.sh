#!/bin/sh
set -eu
# ruleid: vigil.secrets.slack-webhook
curl -fsS -X POST -H 'Content-Type: application/json' -d '{"text":"deploy done"}' @@gen:slack-webhook@@
