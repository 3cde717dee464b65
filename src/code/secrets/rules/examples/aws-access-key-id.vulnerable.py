import boto3

# A lone key id: its secret access key lives somewhere else (a CI variable, another file).
# ruleid: vigil.secrets.aws-access-key-id
ACCESS_KEY_ID = "@@gen:aws-id:AKIA@@"

# Temporary (STS) credentials leak the same way.
# ruleid: vigil.secrets.aws-access-key-id
session = boto3.Session(aws_access_key_id="@@gen:aws-id:ASIA@@")
